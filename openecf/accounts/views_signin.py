"""Login, second factor, logout, forgotten username/password, Manage My Account, change-request queue."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openecf.accounts import account_services, api_tokens, mfa, signin
from openecf.accounts.forms_signin import (
    ApiTokenForm,
    ContactForm,
    DeviceAddForm,
    DeviceConfirmForm,
    LoginForm,
    PasswordChangeForm,
    PrimaryEmailForm,
    ResetPasswordForm,
    SecondaryEmailForm,
    SecondFactorForm,
    UsernameReminderForm,
    form_error_add,
)
from openecf.accounts.models import ChangeOfInformationRequest, FilingRight, TotpDevice, User
from openecf.errors import InvalidInput, OpenECFError

SENSITIVE = sensitive_post_parameters(
    "password", "code", "email_code", "current_password", "new_password", "new_password_confirm"
)


# The token form's 'name' would otherwise share its id with the authenticator app form's on one page.
API_TOKEN_FORM_IDS = "id_token_%s"  # noqa: S105 (HTML ids, not a secret)


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise TypeError("This page is for a signed-in PACER account.")
    return user


# Sign-in


@SENSITIVE
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "GET" and request.user.is_authenticated:
        return redirect(signin.safe_next(request, next_url))
    form = LoginForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form, "next": next_url if next_url.startswith("/") else ""}
    if request.method == "POST" and form.is_valid():
        try:
            user = signin.signin_password_check(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except signin.SignInLockedOut as locked:
            context["error"] = locked.message
            return render(request, "accounts/signin/login.html", context, status=429)
        except OpenECFError as refused:
            context["error"] = refused.message
            return render(request, "accounts/signin/login.html", context, status=400)
        client_code = form.cleaned_data["client_code"]
        step = signin.signin_next_step(user)
        if step == "done":
            signin.signin_complete(request=request, user=user, client_code=client_code, second_factor="none")
            return redirect(signin.safe_next(request, next_url))
        signin.signin_pending_start(request, user, client_code=client_code, next_url=next_url)
        return redirect("accounts:login_verify" if step == "verify" else "accounts:login_mfa_setup")
    return render(request, "accounts/signin/login.html", context, status=400 if form.errors else 200)


@SENSITIVE
@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    user = signin.signin_pending_user(request)
    if user is None:
        return redirect("accounts:login")
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            method = signin.signin_second_factor_check(
                request=request, user=user, code=form.cleaned_data["code"]
            )
        except signin.SignInLockedOut as locked:
            return render(
                request,
                "accounts/signin/login.html",
                {"form": LoginForm(), "error": locked.message},
                status=429,
            )
        except OpenECFError as refused:
            form_error_add(form, refused)
            status = 400
        else:
            next_url = signin.signin_pending_next(request)
            signin.signin_complete(request=request, user=user, client_code="", second_factor=method)
            return redirect(next_url)
    return render(request, "accounts/signin/verify.html", {"form": form, "pending_user": user}, status=status)


@SENSITIVE
@require_http_methods(["GET", "POST"])
def login_mfa_setup(request: HttpRequest) -> HttpResponse:
    """A filer without an authenticator app sets one up before anything else."""
    user = signin.signin_pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if signin.signin_next_step(user) != "enroll":
        return redirect("accounts:login_verify")
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).order_by("-created_at").first()
    action = request.POST.get("action", "")
    add_form = DeviceAddForm(request.POST if action == "add" else None)
    confirm_form = DeviceConfirmForm(request.POST if action == "confirm" else None)
    status = 200
    try:
        if action == "add" and add_form.is_valid():
            device = mfa.totp_device_add(user=user, name=add_form.cleaned_data["name"], acting_user=user)
            return redirect("accounts:login_mfa_setup")
        if action == "resend" and device is not None:
            mfa.totp_device_code_resend(device=device, acting_user=user)
            return redirect("accounts:login_mfa_setup")
        if action == "confirm" and device is not None and confirm_form.is_valid():
            codes = _confirm_during_signin(request, user, device, confirm_form)
            next_url = signin.signin_pending_next(request)
            signin.signin_complete(request=request, user=user, client_code="", second_factor="totp_enrolled")
            return render(
                request, "accounts/manage/backup_codes.html", {"codes": codes, "continue_url": next_url}
            )
    except signin.SignInLockedOut as locked:
        return render(
            request, "accounts/signin/login.html", {"form": LoginForm(), "error": locked.message}, status=429
        )
    except OpenECFError as refused:
        form_error_add(confirm_form if action == "confirm" else add_form, refused)
        status = 400
    if action and status == 200 and (add_form.errors or confirm_form.errors):
        status = 400
    return render(
        request,
        "accounts/signin/mfa_setup.html",
        {
            "pending_user": user,
            "device": device,
            "qr_svg": mfa.totp_qr_svg(device) if device else "",
            "add_form": add_form,
            "confirm_form": confirm_form,
        },
        status=status,
    )


def _confirm_during_signin(
    request: HttpRequest, user: User, device: TotpDevice, form: DeviceConfirmForm
) -> list[str]:
    from axes.handlers.proxy import AxesProxyHandler
    from django.contrib.auth import user_login_failed

    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        raise signin.SignInLockedOut(signin.lockout_message())
    try:
        return mfa.totp_device_confirm(
            device=device,
            email_code=form.cleaned_data["email_code"],
            app_code=form.cleaned_data["code"],
            acting_user=user,
        )
    except InvalidInput:
        # Still half signed in: wrong codes count towards the lockout like wrong passwords.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            raise signin.SignInLockedOut(signin.lockout_message()) from None
        raise


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    signin.signout(request=request)
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def forgot_username(request: HttpRequest) -> HttpResponse:
    form = UsernameReminderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        account_services.username_reminder_send(email=form.cleaned_data["email"])
        return render(request, "accounts/signin/forgot_username_done.html")
    return render(request, "accounts/signin/forgot_username.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/signin/password_reset_form.html"
    email_template_name = "accounts/signin/password_reset_email.txt"
    subject_template_name = "accounts/signin/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/signin/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetPasswordForm
    template_name = "accounts/signin/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/signin/password_reset_complete.html"


# Manage My Account


def _manage_page(request: HttpRequest, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = _user(request)
    context: dict[str, Any] = {
        "account": user,
        "contact_form": forms.get("contact_form")
        or ContactForm(initial={field: getattr(user, field) for field in account_services.CONTACT_FIELDS}),
        "email_form": forms.get("email_form") or PrimaryEmailForm(initial={"email": user.email}),
        "secondary_form": forms.get("secondary_form") or SecondaryEmailForm(),
        "password_form": forms.get("password_form") or PasswordChangeForm(),
        "device_form": forms.get("device_form") or DeviceAddForm(),
        "token_form": forms.get("token_form") or ApiTokenForm(auto_id=API_TOKEN_FORM_IDS),
        "secondary_emails": user.secondary_emails.order_by("created_at", "pk"),
        "devices": user.totp_devices.order_by("created_at", "pk"),
        "backup_codes_left": mfa.backup_codes_left(user),
        "mfa_required": mfa.mfa_is_required(user),
        "mfa_enrolled": mfa.mfa_is_enrolled(user),
        "tokens": api_tokens.api_tokens_of(user),
        "filing_courts": FilingRight.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("court")
        .order_by("court__name"),
        "change_requests": ChangeOfInformationRequest.objects.filter(user=user)
        .select_related("court")
        .order_by("-created_at")[:10],
        "client_code": request.session.get("client_code", ""),
        "notice": request.session.pop("manage_notice", ""),
    }
    return render(request, "accounts/manage/index.html", context, status=status)


def _done(request: HttpRequest, notice: str, anchor: str) -> HttpResponseRedirect:
    request.session["manage_notice"] = notice
    return HttpResponseRedirect(reverse("accounts:manage") + f"#{anchor}")


@login_required
@require_safe
def manage(request: HttpRequest) -> HttpResponse:
    return _manage_page(request)


@login_required
@require_POST
def manage_contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            filed = account_services.account_contact_update(
                user=_user(request), acting_user=_user(request), details=form.cleaned_data
            )
        except OpenECFError as refused:
            form_error_add(form, refused)
        else:
            notice = "Your contact details were saved."
            if filed:
                courts = ", ".join(change.court.name for change in filed)
                notice += f" A Request for Change in Information was filed with: {courts}."
            return _done(request, notice, "contact")
    return _manage_page(request, contact_form=form, status=400)


@login_required
@require_POST
def manage_email(request: HttpRequest) -> HttpResponse:
    form = PrimaryEmailForm(request.POST)
    if form.is_valid():
        try:
            account_services.account_email_change(
                user=_user(request), acting_user=_user(request), email=form.cleaned_data["email"]
            )
        except OpenECFError as refused:
            form_error_add(form, refused)
        else:
            return _done(request, "Your primary e-mail address was saved.", "emails")
    return _manage_page(request, email_form=form, status=400)


@login_required
@require_POST
def manage_secondary_email_add(request: HttpRequest) -> HttpResponse:
    form = SecondaryEmailForm(request.POST)
    if form.is_valid():
        try:
            account_services.secondary_email_add(
                user=_user(request), acting_user=_user(request), email=form.cleaned_data["secondary_email"]
            )
        except OpenECFError as refused:
            form_error_add(form, refused)
        else:
            return _done(request, "The secondary e-mail address was added.", "emails")
    return _manage_page(request, secondary_form=form, status=400)


@login_required
@require_POST
def manage_secondary_email_remove(request: HttpRequest, secondary_email_id: int) -> HttpResponse:
    secondary = account_services.access_secondary_email(_user(request), secondary_email_id)
    account_services.secondary_email_remove(secondary_email=secondary, acting_user=_user(request))
    return _done(request, "The secondary e-mail address was removed.", "emails")


@SENSITIVE
@login_required
@require_POST
def manage_password(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST)
    if form.is_valid():
        user = _user(request)
        try:
            account_services.account_password_change(
                user=user,
                acting_user=user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except OpenECFError as refused:
            form_error_add(form, refused)
        else:
            user.refresh_from_db()
            update_session_auth_hash(request, user)
            return _done(request, "Your password was changed.", "password")
    return _manage_page(request, password_form=form, status=400)


@login_required
@require_POST
def manage_mfa_add(request: HttpRequest) -> HttpResponse:
    form = DeviceAddForm(request.POST)
    if form.is_valid():
        try:
            device = mfa.totp_device_add(
                user=_user(request), name=form.cleaned_data["name"], acting_user=_user(request)
            )
        except OpenECFError as refused:
            form_error_add(form, refused)
        else:
            return redirect("accounts:manage_mfa_confirm", device_id=device.pk)
    return _manage_page(request, device_form=form, status=400)


@SENSITIVE
@login_required
@require_http_methods(["GET", "POST"])
def manage_mfa_confirm(request: HttpRequest, device_id: int) -> HttpResponse:
    user = _user(request)
    device = mfa.access_totp_device(user, device_id)
    if device.confirmed_at is not None:
        return _done(request, f"The authenticator app '{device.name}' is confirmed.", "mfa")
    form = DeviceConfirmForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa.totp_device_confirm(
                device=device,
                email_code=form.cleaned_data["email_code"],
                app_code=form.cleaned_data["code"],
                acting_user=user,
            )
        except OpenECFError as refused:
            form_error_add(form, refused)
            status = 400
        else:
            if codes:
                return render(
                    request,
                    "accounts/manage/backup_codes.html",
                    {"codes": codes, "continue_url": reverse("accounts:manage") + "#mfa"},
                )
            return _done(request, f"The authenticator app '{device.name}' is confirmed.", "mfa")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/manage/mfa_confirm.html",
        {"device": device, "qr_svg": mfa.totp_qr_svg(device), "form": form},
        status=status,
    )


@login_required
@require_POST
def manage_mfa_resend(request: HttpRequest, device_id: int) -> HttpResponse:
    device = mfa.access_totp_device(_user(request), device_id)
    mfa.totp_device_code_resend(device=device, acting_user=_user(request))
    return redirect("accounts:manage_mfa_confirm", device_id=device.pk)


@login_required
@require_POST
def manage_mfa_remove(request: HttpRequest, device_id: int) -> HttpResponse:
    device = mfa.access_totp_device(_user(request), device_id)
    name = device.name
    mfa.totp_device_remove(device=device, acting_user=_user(request))
    return _done(request, f"The authenticator app '{name}' was removed.", "mfa")


@login_required
@require_POST
def manage_backup_codes(request: HttpRequest) -> HttpResponse:
    codes = mfa.backup_codes_regenerate(user=_user(request), acting_user=_user(request))
    return render(
        request,
        "accounts/manage/backup_codes.html",
        {"codes": codes, "continue_url": reverse("accounts:manage") + "#mfa"},
    )


@login_required
@require_POST
def manage_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST, auto_id=API_TOKEN_FORM_IDS)
    if form.is_valid():
        try:
            token, raw = api_tokens.api_token_issue(
                user=_user(request),
                acting_user=_user(request),
                name=form.cleaned_data["name"],
                client_code=form.cleaned_data["client_code"],
            )
        except OpenECFError as refused:
            form_error_add(form, refused)
        else:
            return render(request, "accounts/manage/token_created.html", {"token": token, "raw": raw})
    return _manage_page(request, token_form=form, status=400)


@login_required
@require_POST
def manage_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = api_tokens.access_api_token(_user(request), token_id)
    api_tokens.api_token_revoke(token=token, acting_user=_user(request))
    return _done(request, f"The API token {token.prefix}… was revoked.", "tokens")


# The court's queue of Requests for Change in Information


@login_required
@require_safe
def change_request_queue(request: HttpRequest, court_id: str) -> HttpResponse:
    court, queue = account_services.access_change_requests(_user(request), court_id)
    return render(
        request,
        "accounts/manage/change_requests.html",
        {"court": court, "queue": queue, "notice": request.session.pop("queue_notice", "")},
    )


@login_required
@require_POST
def change_request_processed(request: HttpRequest, court_id: str, change_request_id: int) -> HttpResponse:
    change = account_services.access_change_request(_user(request), court_id, change_request_id)
    account_services.change_request_process(change_request=change, acting_user=_user(request))
    request.session["queue_notice"] = (
        f"The request of {change.user.get_full_name() or change.user.username} was marked processed."
    )
    return redirect("accounts:change_request_queue", court_id=change.court_id)
