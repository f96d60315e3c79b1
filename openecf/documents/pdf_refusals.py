"""Why a PDF is refused, as the sandbox reports it: a code (`openecf.documents.pdf` words it as the seed does).

Its own small module so that the web process can name refusals without importing the PDF libraries, which
only the sandbox's processes load.
"""

from __future__ import annotations

NOT_PDF = "not_pdf"
ENCRYPTED = "pdf_encrypted"
ACTIVE_CONTENT = "pdf_active_content"
TOO_COMPLEX = "pdf_too_complex"


class Refused(Exception):
    """The file is refused; `code` says why (NOT_PDF, ENCRYPTED, ACTIVE_CONTENT, TOO_COMPLEX). The sandbox
    adds what the check cost, where it knows (None for a child killed by a limit)."""

    def __init__(
        self, code: str, *, cpu_seconds: float | None = None, max_rss_mb: float | None = None
    ) -> None:
        super().__init__(code)
        self.code = code
        self.cpu_seconds = cpu_seconds
        self.max_rss_mb = max_rss_mb
