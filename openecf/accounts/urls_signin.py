"""Login, second factor, forgotten username/password, Manage My Account, the change-request queue."""

from django.urls import URLPattern, URLResolver, path

from openecf.accounts import views_signin as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("pacer/login/", views.login_view, name="login"),
    path("pacer/login/verify/", views.login_verify, name="login_verify"),
    path("pacer/login/mfa-setup/", views.login_mfa_setup, name="login_mfa_setup"),
    path("pacer/logout/", views.logout_view, name="logout"),
    path("pacer/forgot-username/", views.forgot_username, name="forgot_username"),
    path("pacer/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("pacer/password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "pacer/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "pacer/password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("pacer/account/", views.manage, name="manage"),
    path("pacer/account/contact/", views.manage_contact, name="manage_contact"),
    path("pacer/account/email/", views.manage_email, name="manage_email"),
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
