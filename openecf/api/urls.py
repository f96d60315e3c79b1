"""The API's addresses, included under api/v1/ by the project's urls (namespace 'api')."""

from django.urls import URLPattern, URLResolver, path, re_path

from openecf.api.api import api, api_address_unknown, api_index, json_method_refusal

ninja_patterns, ninja_app, ninja_namespace = api.urls
for pattern in ninja_patterns:
    if isinstance(pattern, URLPattern):
        pattern.callback = json_method_refusal(pattern.callback)

urlpatterns: list[URLPattern | URLResolver] = [
    # Before ninja's root view, which stays only so that reverse('api:api-root') works.
    path("", api_index, name="index"),
    path("", (ninja_patterns, ninja_app, ninja_namespace)),
    re_path(r"^(?P<address>.*)$", api_address_unknown),
]
