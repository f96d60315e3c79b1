"""Each court's CM/ECF pages, under /<court_id>/cmecf/."""

from django.urls import URLPattern, URLResolver, path

from openecf.filers import views

app_name = "filers"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:court_id>/cmecf/", views.cmecf_home, name="cmecf_home"),
    path("<str:court_id>/cmecf/redaction/", views.cmecf_redaction, name="cmecf_redaction"),
    path("<str:court_id>/cmecf/utilities/", views.cmecf_utilities, name="cmecf_utilities"),
    path("<str:court_id>/cmecf/utilities/link/", views.cmecf_link, name="cmecf_link"),
    path("<str:court_id>/cmecf/utilities/link/confirm/", views.cmecf_link_confirm, name="cmecf_link_confirm"),
    path("<str:court_id>/cmecf/legacy-login/", views.cmecf_legacy_login, name="cmecf_legacy_login"),
    path("<str:court_id>/cmecf/request-access/", views.cmecf_request_access, name="cmecf_request_access"),
    path("<str:court_id>/cmecf/clerk/filing-access/", views.cmecf_clerk_queue, name="cmecf_clerk_queue"),
    path(
        "<str:court_id>/cmecf/clerk/filing-access/<int:request_id>/",
        views.cmecf_clerk_decide,
        name="cmecf_clerk_decide",
    ),
    path("<str:court_id>/cmecf/helpdesk/links/", views.cmecf_helpdesk_links, name="cmecf_helpdesk_links"),
    path(
        "<str:court_id>/cmecf/helpdesk/links/<int:account_id>/unlink/",
        views.cmecf_helpdesk_unlink,
        name="cmecf_helpdesk_unlink",
    ),
    path("<str:court_id>/cmecf/logout/", views.cmecf_logout, name="cmecf_logout"),
    path(
        "<str:court_id>/cmecf/clerk/change-requests/",
        views.change_request_queue,
        name="change_request_queue",
    ),
    path(
        "<str:court_id>/cmecf/clerk/change-requests/<int:change_request_id>/processed/",
        views.change_request_processed,
        name="change_request_processed",
    ),
]
