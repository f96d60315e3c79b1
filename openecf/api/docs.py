"""The API's documentation page: Swagger UI from the package's own files, in a page that passes axe."""

from __future__ import annotations

from ninja.openapi.docs import Swagger


class AccessibleSwagger(Swagger):
    """Swagger UI with the page's language declared, readable contrast, and no link nested in the operations'
    expand buttons (deep links put one there)."""

    template = "api/swagger.html"

    def __init__(self) -> None:
        super().__init__(settings={"deepLinking": False})
