"""Manage My Account: contact details, e-mail addresses, password, authenticator apps, API tokens.

Views only: each page reads through the apps' selectors and writes through one of their services.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openecf.access.owned import access_owned
from openecf.access.policy import mfa_required, signed_in_account
from openecf.accounts import services as account_services
from openecf.accounts.models import SecondaryEmail
from openecf.accounts.selectors import secondary_emails_of
from openecf.errors import OpenECFError
from openecf.filers.change_requests import change_requests_of, contact_details_update
from openecf.filers.rights import filing_rights_of
from openecf.forms import REFUSED, form_submit
from openecf.myaccount.forms import (
    ApiTokenForm,
    BackupCodesForm,
    ContactForm,
    DeviceRemoveForm,
    PasswordChangeForm,
    PrimaryEmailForm,
    SecondaryEmailForm,
    device_remove_form_ids,
)
from openecf.ratelimit import ALL_METHODS, account_email, account_username, client_ip, rate_limit
from openecf.signin import mfa, tokens
from openecf.signin.forms import DeviceAddForm, DeviceConfirmForm
from openecf.signin.models import ApiToken, TotpDevice
from openecf.signin.services import session_second_factor_given

SENSITIVE = sensitive_post_parameters(
    "code", "email_code", "current_password", "new_password", "new_password_confirm"
)
# The token form's 'name' would otherwise share its id with the authenticator app form's on one page.
API_TOKEN_FORM_IDS = "id_token_%s"  # noqa: S105 (HTML ids, not a secret)


def _device_rows(
    devices: Iterable[TotpDevice], refused: DeviceRemoveForm | None, refused_id: int | None
) -> list[tuple[TotpDevice, DeviceRemoveForm]]:
    """Each authenticator app with its own removal form (the refused one keeps its error)."""
    return [
        (
            device,
            refused
            if refused is not None and device.pk == refused_id
            else DeviceRemoveForm(auto_id=device_remove_form_ids(device.pk)),
        )
        for device in devices
    ]


def _manage_page(
    request: HttpRequest,
    *,
    status: int = 200,
    device_remove_form: DeviceRemoveForm | None = None,
    device_remove_id: int | None = None,
    **forms: Any,
) -> HttpResponse:
    user = signed_in_account(request.user)
    devices = mfa.totp_devices_of(user)
    context: dict[str, Any] = {
        "account": user,
        "contact_form": forms.get("contact_form")
        or ContactForm(initial=account_services.contact_details_of(user)),
        "email_form": forms.get("email_form") or PrimaryEmailForm(initial={"email": user.email}),
        "secondary_form": forms.get("secondary_form") or SecondaryEmailForm(),
        "password_form": forms.get("password_form") or PasswordChangeForm(),
        "device_form": forms.get("device_form") or DeviceAddForm(),
        "token_form": forms.get("token_form") or ApiTokenForm(auto_id=API_TOKEN_FORM_IDS),
        "secondary_emails": secondary_emails_of(user),
        "devices": devices,
        "device_rows": _device_rows(devices, device_remove_form, device_remove_id),
        "backup_codes_form": forms.get("backup_codes_form") or BackupCodesForm(),
        "backup_codes_left": mfa.backup_codes_left(user),
        "mfa_required": mfa_required(user),
        "mfa_enrolled": mfa.mfa_is_enrolled(user),
        "tokens": tokens.api_tokens_of(user),
        "filing_courts": filing_rights_of(user),
        "change_requests": change_requests_of(user)[:10],
        "client_code": request.session.get("client_code", ""),
        "notice": request.session.pop("manage_notice", ""),
    }
    return render(request, "myaccount/manage/index.html", context, status=status)


def _done(request: HttpRequest, notice: str, anchor: str) -> HttpResponseRedirect:
    request.session["manage_notice"] = notice
    return HttpResponseRedirect(reverse("myaccount:manage") + f"#{anchor}")


def _backup_codes_page(request: HttpRequest, codes: list[str]) -> HttpResponse:
    return render(
        request,
        "signin/backup_codes.html",
        {"codes": codes, "continue_url": reverse("myaccount:manage") + "#mfa"},
    )


@login_required
@require_safe
def manage(request: HttpRequest) -> HttpResponse:
    return _manage_page(request)


@login_required
@require_POST
def manage_contact(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    form = ContactForm(request.POST)
    filed = form_submit(form, lambda data: contact_details_update(user=user, acting_user=user, details=data))
    if filed is REFUSED:
        return _manage_page(request, contact_form=form, status=400)
    notice = "Your contact details were saved."
    if filed:
        courts = ", ".join(change.court.name for change in filed)
        notice += f" A Request for Change in Information was filed with: {courts}."
    return _done(request, notice, "contact")


def _undo_link(request: HttpRequest) -> account_services.UndoLink:
    return lambda token: request.build_absolute_uri(reverse("myaccount:email_undo", args=[token]))


@SENSITIVE
@login_required
@require_POST
@rate_limit(signin_ip=client_ip, signin_account=account_username)
def manage_email(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    form = PrimaryEmailForm(request.POST)
    changed = form_submit(
        form,
        lambda data: account_services.account_email_change(
            user=user,
            acting_user=user,
            email=data["email"],
            current_password=data["current_password"],
            undo_link=_undo_link(request),
            request=request,
        ),
    )
    if changed is REFUSED:
        return _manage_page(request, email_form=form, status=400)
    return _done(request, "Your primary e-mail address was saved.", "emails")


@SENSITIVE
@login_required
@require_POST
@rate_limit(signin_ip=client_ip, signin_account=account_username)
def manage_secondary_email_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    form = SecondaryEmailForm(request.POST)
    added = form_submit(
        form,
        lambda data: account_services.secondary_email_add(
            user=user,
            acting_user=user,
            email=data["secondary_email"],
            current_password=data["current_password"],
            undo_link=_undo_link(request),
            request=request,
        ),
    )
    if added is REFUSED:
        return _manage_page(request, secondary_form=form, status=400)
    return _done(request, "The secondary e-mail address was added.", "emails")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(methods=ALL_METHODS, code_ip=client_ip)
def email_undo(request: HttpRequest, token: str) -> HttpResponse:
    """The link e-mailed to the address in place before a change: GET asks, POST undoes.

    No sign-in: whoever holds the old address may be locked out of the account by then.
    """
    try:
        if request.method == "POST":
            undo = account_services.email_change_undo(token=token)
            return render(request, "myaccount/email_undo_done.html", {"undo": undo})
        undo = account_services.email_change_undo_find(token)
    except OpenECFError as refused:
        return render(request, "myaccount/email_undo_refused.html", {"error": refused}, status=refused.status)
    return render(request, "myaccount/email_undo.html", {"undo": undo})


@login_required
@require_POST
def manage_secondary_email_remove(request: HttpRequest, secondary_email_id: int) -> HttpResponse:
    user = signed_in_account(request.user)
    secondary = access_owned(user, SecondaryEmail, secondary_email_id)
    account_services.secondary_email_remove(secondary_email=secondary, acting_user=user)
    return _done(request, "The secondary e-mail address was removed.", "emails")


@SENSITIVE
@login_required
@require_POST
@rate_limit(signin_ip=client_ip, signin_account=account_username)
def manage_password(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    form = PasswordChangeForm(request.POST)
    changed = form_submit(
        form,
        lambda data: account_services.account_password_change(
            user=user,
            acting_user=user,
            current_password=data["current_password"],
            new_password=data["new_password"],
            request=request,
        ),
    )
    if changed is REFUSED:
        return _manage_page(request, password_form=form, status=400)
    # The service ended every other session and kept this one.
    return _done(request, "Your password was changed.", "password")


@login_required
@require_POST
@rate_limit(mail_ip=client_ip, mail_address=account_email)
def manage_mfa_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    form = DeviceAddForm(request.POST)
    device = form_submit(
        form, lambda data: mfa.totp_device_add(user=user, name=data["name"], acting_user=user)
    )
    if device is REFUSED:
        return _manage_page(request, device_form=form, status=400)
    return redirect("myaccount:manage_mfa_confirm", device_id=device.pk)


@SENSITIVE
@login_required
@require_http_methods(["GET", "POST"])
@rate_limit(code_ip=client_ip, code_account=account_username)
def manage_mfa_confirm(request: HttpRequest, device_id: int) -> HttpResponse:
    user = signed_in_account(request.user)
    device = access_owned(user, TotpDevice, device_id)
    if device.confirmed_at is not None:
        return _done(request, f"The authenticator app '{device.name}' is confirmed.", "mfa")
    form = DeviceConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        codes = form_submit(
            form,
            lambda data: mfa.totp_device_confirm(
                device=device, email_code=data["email_code"], app_code=data["code"], acting_user=user
            ),
        )
        if codes is not REFUSED:
            if codes:
                return _backup_codes_page(request, codes)
            return _done(request, f"The authenticator app '{device.name}' is confirmed.", "mfa")
    return render(
        request,
        "myaccount/manage/mfa_confirm.html",
        {"device": device, "qr_svg": mfa.totp_qr_svg(device), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
@rate_limit(mail_ip=client_ip, mail_address=account_email)
def manage_mfa_resend(request: HttpRequest, device_id: int) -> HttpResponse:
    user = signed_in_account(request.user)
    device = access_owned(user, TotpDevice, device_id)
    mfa.totp_device_code_resend(device=device, acting_user=user)
    return redirect("myaccount:manage_mfa_confirm", device_id=device.pk)


@SENSITIVE
@login_required
@require_POST
def manage_mfa_remove(request: HttpRequest, device_id: int) -> HttpResponse:
    user = signed_in_account(request.user)
    device = access_owned(user, TotpDevice, device_id)
    name = device.name
    form = DeviceRemoveForm(request.POST, auto_id=device_remove_form_ids(device.pk))
    removed = form_submit(
        form,
        lambda data: mfa.totp_device_remove(
            device=device, acting_user=user, current_password=data["current_password"], request=request
        ),
    )
    if removed is REFUSED:
        return _manage_page(request, device_remove_form=form, device_remove_id=device.pk, status=400)
    return _done(request, f"The authenticator app '{name}' was removed.", "mfa")


@SENSITIVE
@login_required
@require_POST
def manage_backup_codes(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    form = BackupCodesForm(request.POST)
    codes = form_submit(
        form,
        lambda data: mfa.backup_codes_regenerate(
            user=user, acting_user=user, current_password=data["current_password"], request=request
        ),
    )
    if codes is REFUSED:
        return _manage_page(request, backup_codes_form=form, status=400)
    return _backup_codes_page(request, codes)


@SENSITIVE
@login_required
@require_POST
def manage_token_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    form = ApiTokenForm(request.POST, auto_id=API_TOKEN_FORM_IDS)
    issued = form_submit(
        form,
        lambda data: tokens.api_token_issue(
            user=user,
            acting_user=user,
            name=data["name"],
            client_code=data["client_code"],
            second_factor=session_second_factor_given(request),
            current_password=data["current_password"],
            request=request,
        ),
    )
    if issued is REFUSED:
        return _manage_page(request, token_form=form, status=400)
    token, raw = issued
    return render(request, "myaccount/manage/token_created.html", {"token": token, "raw": raw})


@login_required
@require_POST
def manage_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = signed_in_account(request.user)
    token = access_owned(user, ApiToken, token_id)
    tokens.api_token_revoke(token=token, acting_user=user)
    return _done(request, f"The API token {token.prefix}… was revoked.", "tokens")
