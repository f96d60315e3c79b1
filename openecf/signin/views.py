"""The PACER login: password and client code, second factor (or setting one up), logout, forgotten
username and password. Thin: a form, one sign-in service, a response."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from openecf.accounts.services import username_reminder_send
from openecf.errors import OpenECFError
from openecf.forms import REFUSED, form_error_add, form_submit
from openecf.ratelimit import client_ip, posted, rate_limit
from openecf.signin import mfa, services
from openecf.signin.forms import (
    DeviceAddForm,
    DeviceConfirmForm,
    LoginForm,
    ResetPasswordForm,
    SecondFactorForm,
    UsernameReminderForm,
)
from openecf.signin.lockout import SignInLockedOut, lockout_message

SENSITIVE = sensitive_post_parameters(
    "password", "code", "email_code", "current_password", "new_password", "new_password_confirm"
)


def _pending_username(request: HttpRequest) -> str | None:
    """The account whose password was checked and which owes its second factor."""
    user = services.signin_pending_user(request)
    return user.username.lower() if user is not None else None


# Mail a visitor asks for, counted by address and by the address it goes to.
MAIL_LIMITS = rate_limit(mail_ip=client_ip, mail_address=posted("email"))


def _locked_out_page(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request, "signin/login.html", {"form": LoginForm(), "error": message, "next": ""}, status=429
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """What django-axes shows a locked-out client: the API's error shape, or the login page."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "locked_out", "message": message, "field": None}}, status=429)
    return _locked_out_page(request, message)


@SENSITIVE
@require_http_methods(["GET", "POST"])
@rate_limit(signin_ip=client_ip, signin_account=posted("username"))
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "GET" and request.user.is_authenticated:
        return redirect(services.safe_next(request, next_url))
    form = LoginForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form, "next": next_url if next_url.startswith("/") else ""}
    if request.method == "POST" and form.is_valid():
        try:
            user = services.signin_password_check(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except OpenECFError as refused:
            context["error"] = refused.message
            return render(request, "signin/login.html", context, status=refused.status)
        client_code = form.cleaned_data["client_code"]
        step = services.signin_next_step(user)
        if step == "done":
            services.signin_complete(
                request=request, user=user, client_code=client_code, second_factor="none"
            )
            return redirect(services.safe_next(request, next_url))
        services.signin_pending_start(request, user, client_code=client_code, next_url=next_url)
        return redirect("signin:login_verify" if step == "verify" else "signin:login_mfa_setup")
    return render(request, "signin/login.html", context, status=400 if form.errors else 200)


@SENSITIVE
@require_http_methods(["GET", "POST"])
@rate_limit(signin_ip=client_ip, signin_account=_pending_username)
def login_verify(request: HttpRequest) -> HttpResponse:
    user = services.signin_pending_user(request)
    if user is None:
        return redirect("signin:login")
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            method = services.signin_second_factor_check(
                request=request, user=user, code=form.cleaned_data["code"]
            )
        except SignInLockedOut as locked:
            return _locked_out_page(request, locked.message)
        except OpenECFError as refused:
            form_error_add(form, refused)
            status = 400
        else:
            next_url = services.signin_pending_next(request)
            services.signin_complete(request=request, user=user, client_code="", second_factor=method)
            return redirect(next_url)
    if form.errors:
        status = 400
    return render(request, "signin/verify.html", {"form": form, "pending_user": user}, status=status)


@SENSITIVE
@require_http_methods(["GET", "POST"])
@rate_limit(code_ip=client_ip, code_account=_pending_username)
def login_mfa_setup(request: HttpRequest) -> HttpResponse:
    """A filer without an authenticator app sets one up before anything else."""
    user = services.signin_pending_user(request)
    if user is None:
        return redirect("signin:login")
    if services.signin_next_step(user) != "enroll":
        return redirect("signin:login_verify")
    device = services.signin_pending_device(request, user)
    action = request.POST.get("action", "")
    add_form = DeviceAddForm(request.POST if action == "add" else None)
    confirm_form = DeviceConfirmForm(request.POST if action == "confirm" else None)
    status = 200
    try:
        if action == "add" and add_form.is_valid():
            added = mfa.totp_device_add(user=user, name=add_form.cleaned_data["name"], acting_user=user)
            services.signin_pending_device_remember(request, added)
            return redirect("signin:login_mfa_setup")
        if action == "resend" and device is not None:
            mfa.totp_device_code_resend(device=device, acting_user=user)
            return redirect("signin:login_mfa_setup")
        if action == "confirm" and device is not None and confirm_form.is_valid():
            codes = services.signin_enrollment_confirm(
                request=request,
                user=user,
                device=device,
                email_code=confirm_form.cleaned_data["email_code"],
                app_code=confirm_form.cleaned_data["code"],
            )
            next_url = services.signin_pending_next(request)
            services.signin_complete(
                request=request, user=user, client_code="", second_factor="totp_enrolled"
            )
            return render(request, "signin/backup_codes.html", {"codes": codes, "continue_url": next_url})
    except SignInLockedOut as locked:
        return _locked_out_page(request, locked.message)
    except OpenECFError as refused:
        form_error_add(confirm_form if action == "confirm" else add_form, refused)
        status = 400
    if action and status == 200 and (add_form.errors or confirm_form.errors):
        status = 400
    return render(
        request,
        "signin/mfa_setup.html",
        {
            "pending_user": user,
            "device": device,
            "qr_svg": mfa.totp_qr_svg(device) if device else "",
            "add_form": add_form,
            "confirm_form": confirm_form,
        },
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.signout(request=request)
    return redirect("signin:login")


@require_http_methods(["GET", "POST"])
@MAIL_LIMITS
def forgot_username(request: HttpRequest) -> HttpResponse:
    form = UsernameReminderForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form_submit(form, lambda data: username_reminder_send(email=data["email"])) is not REFUSED
    ):
        return render(request, "signin/forgot_username_done.html")
    return render(request, "signin/forgot_username.html", {"form": form}, status=400 if form.errors else 200)


class _RefusedFormIs400:
    """A form sent back with what to correct answers 400, not 200 (Django's form views answer 200)."""

    def form_invalid(self, form: Any) -> HttpResponse:
        context = self.get_context_data(form=form)  # type: ignore[attr-defined]
        response: HttpResponse = self.render_to_response(context, status=400)  # type: ignore[attr-defined]
        return response


@method_decorator(MAIL_LIMITS, name="dispatch")
class PasswordResetView(_RefusedFormIs400, auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "signin/password_reset_form.html"
    email_template_name = "signin/password_reset_email.txt"
    subject_template_name = "signin/password_reset_subject.txt"
    success_url = reverse_lazy("signin:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "signin/password_reset_done.html"


class PasswordResetConfirmView(_RefusedFormIs400, auth_views.PasswordResetConfirmView):
    form_class = ResetPasswordForm
    template_name = "signin/password_reset_confirm.html"
    success_url = reverse_lazy("signin:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "signin/password_reset_complete.html"
