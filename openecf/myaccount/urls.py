"""Manage My Account, under /pacer/account/."""

from django.urls import URLPattern, URLResolver, path

from openecf.myaccount import free_looks, notice_preferences, views

app_name = "myaccount"

urlpatterns: list[URLPattern | URLResolver] = [
    path("pacer/account/", views.manage, name="manage"),
    path("pacer/account/contact/", views.manage_contact, name="manage_contact"),
    path("pacer/account/email/", views.manage_email, name="manage_email"),
    path("pacer/account/email/undo/<str:token>/", views.email_undo, name="email_undo"),
    path("pacer/account/emails/add/", views.manage_secondary_email_add, name="manage_secondary_email_add"),
    path(
        "pacer/account/emails/<int:secondary_email_id>/remove/",
        views.manage_secondary_email_remove,
        name="manage_secondary_email_remove",
    ),
    path("pacer/account/password/", views.manage_password, name="manage_password"),
    path("pacer/account/mfa/add/", views.manage_mfa_add, name="manage_mfa_add"),
    path("pacer/account/mfa/<int:device_id>/confirm/", views.manage_mfa_confirm, name="manage_mfa_confirm"),
    path("pacer/account/mfa/<int:device_id>/resend/", views.manage_mfa_resend, name="manage_mfa_resend"),
    path("pacer/account/mfa/<int:device_id>/remove/", views.manage_mfa_remove, name="manage_mfa_remove"),
    path("pacer/account/mfa/backup-codes/", views.manage_backup_codes, name="manage_backup_codes"),
    path("pacer/account/tokens/", views.manage_token_create, name="manage_token_create"),
    path(
        "pacer/account/tokens/<int:token_id>/revoke/", views.manage_token_revoke, name="manage_token_revoke"
    ),
    *notice_preferences.urlpatterns,
    *free_looks.urlpatterns,
]
