"""The API's addresses, included under api/v1/ by the project's urls (namespace 'api')."""

from django.urls import URLPattern, URLResolver, path, re_path

from openecf.api.api import api, api_address_unknown, api_index

urlpatterns: list[URLPattern | URLResolver] = [
    # Before ninja's root view, which stays only so that reverse('api:api-root') works.
    path("", api_index, name="index"),
    path("", api.urls),
    re_path(r"^(?P<address>.*)$", api_address_unknown),
]
