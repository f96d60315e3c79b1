"""The PACER login, second factor, logout, forgotten username and password, under /pacer/."""

from django.urls import URLPattern, URLResolver, path

from openecf.signin import views

app_name = "signin"

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
]
