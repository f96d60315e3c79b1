"""PACER registration wizard, activation, legacy upgrade, account type, and the PACER Service Center pages.

The wizard keeps each finished step in the session (secrets already hashed, the card already a gateway
token) and creates the account only at the end, in one service call.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openecf.access.policy import Action, require, signed_in_account
from openecf.accounts.models import AccountStatus
from openecf.accounts.standing import UPGRADE_CUTOFF_TEXT, PacerAccountKind, pacer_account_kind
from openecf.billing.gateway import CardToken, payment_gateway
from openecf.errors import OpenECFError
from openecf.forms import form_error_add
from openecf.pacer.activation import (
    ACTIVATION_ATTEMPTS_ALLOWED,
    access_activation_letter,
    activation_attempts_left,
    activation_letter_mark_mailed,
    activation_letter_pdf_for_psc,
    activation_letter_reissue,
    activation_letters_for_psc,
    pacer_account_activate,
)
from openecf.pacer.forms import (
    ActivationForm,
    PaymentCardForm,
    PoliciesForm,
    RegistrationCredentialsForm,
    RegistrationDetailsForm,
    RegistrationSuspensionForm,
)
from openecf.pacer.legacy import pacer_account_upgrade
from openecf.pacer.registration import RegistrationCredentials, RegistrationDetails, pacer_account_register
from openecf.pacer.suspensions import (
    PSC_TIME_ZONE,
    registration_suspension_current,
    registration_suspension_lift,
    registration_suspension_message,
    registration_suspension_set,
    registration_suspensions_for_psc,
)
from openecf.ratelimit import account_username, client_ip, rate_limit

WIZARD = "pacer_registration"
DONE = "pacer_registration_done"
STEPS = ("User information", "Username and password", "Payment", "Policies and procedures")

View = Callable[..., HttpResponseBase]


def _posted(request: HttpRequest) -> Any:
    # An empty POST is still a submission (an unchecked box sends nothing).
    return request.POST if request.method == "POST" else None


def _wizard(request: HttpRequest) -> dict[str, Any]:
    state = request.session.get(WIZARD)
    return state if isinstance(state, dict) else {}


def _wizard_save(request: HttpRequest, **changes: Any) -> None:
    state = _wizard(request)
    state.update(changes)
    request.session[WIZARD] = state


def _step_page(request: HttpRequest, template: str, step: int, context: dict[str, Any]) -> HttpResponse:
    # A step sent back with what to correct is a 400, so that scripts and tests see the refusal.
    form = context.get("form")
    refused = request.method == "POST" and (
        bool(form is not None and form.errors) or bool(context.get("error"))
    )
    return render(
        request,
        f"pacer/registration/{template}",
        {"steps": STEPS, "step": step, "step_name": STEPS[step - 1], **context},
        status=400 if refused else 200,
    )


def _registration_open(view: View) -> View:
    """Every step says so while the PACER Service Center has registrations suspended."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        suspension = registration_suspension_current()
        if suspension is not None:
            return render(
                request,
                "pacer/registration/suspended.html",
                {"message": registration_suspension_message(suspension), "suspension": suspension},
            )
        return view(request, *args, **kwargs)

    return wrapped


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(register_ip=client_ip)
@_registration_open
def register(request: HttpRequest) -> HttpResponse:
    state = _wizard(request)
    if request.method == "POST":
        form = RegistrationDetailsForm(request.POST)
        if form.is_valid():
            request.session.pop(DONE, None)
            _wizard_save(request, details=form.details.as_session())
            return redirect("pacer:register_credentials")
    elif "details" in state:
        form = RegistrationDetailsForm(initial=state["details"])
    else:
        form = RegistrationDetailsForm()
    return _step_page(request, "details.html", 1, {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(register_ip=client_ip)
@_registration_open
def register_credentials(request: HttpRequest) -> HttpResponse:
    if "details" not in _wizard(request):
        return redirect("pacer:register")
    form = RegistrationCredentialsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        _wizard_save(request, credentials=form.credentials.as_session())
        return redirect("pacer:register_payment")
    return _step_page(request, "credentials.html", 2, {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(register_ip=client_ip)
@_registration_open
def register_payment(request: HttpRequest) -> HttpResponse:
    if "credentials" not in _wizard(request):
        return redirect("pacer:register_credentials")
    if request.method == "POST" and request.POST.get("action") == "skip":
        _wizard_save(request, card=None, payment_done=True)
        return redirect("pacer:register_policies")
    form = PaymentCardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token = payment_gateway().tokenize(form.card())
        except OpenECFError as error:
            form_error_add(form, error)
        else:
            _wizard_save(request, card=token.as_session(), payment_done=True)
            return redirect("pacer:register_policies")
    return _step_page(request, "payment.html", 3, {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(register_ip=client_ip)
def register_policies(request: HttpRequest) -> HttpResponse:
    state = _wizard(request)
    if not state.get("payment_done"):
        if request.method == "POST" and request.session.get(DONE):
            # The last step was submitted twice: the account exists already; show the thanks again.
            return redirect("pacer:register_done")
        return redirect("pacer:register_payment" if "credentials" in state else "pacer:register")
    suspension = registration_suspension_current()
    if suspension is not None:
        return render(
            request,
            "pacer/registration/suspended.html",
            {"message": registration_suspension_message(suspension), "suspension": suspension},
        )
    form = PoliciesForm(_posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        card = CardToken.from_session(state["card"]) if state.get("card") else None
        try:
            result = pacer_account_register(
                details=RegistrationDetails.from_session(state["details"]),
                credentials=RegistrationCredentials.from_session(state["credentials"]),
                card=card,
                policies_acknowledged=True,
            )
        except OpenECFError as failure:
            error = failure.message
        else:
            request.session.pop(WIZARD, None)
            request.session[DONE] = {
                "username": result.user.username,
                "inactive": result.user.status == AccountStatus.INACTIVE,
                "card": f"{card.brand} ending {card.last4}" if card else "",
            }
            return redirect("pacer:register_done")
    card_summary = f"{state['card']['brand']} ending {state['card']['last4']}" if state.get("card") else ""
    return _step_page(
        request, "policies.html", 4, {"form": form, "error": error, "card_summary": card_summary}
    )


@require_safe
def register_policies_print(request: HttpRequest) -> HttpResponse:
    return render(request, "pacer/registration/policies_print.html")


@never_cache
@require_safe
def register_done(request: HttpRequest) -> HttpResponse:
    done = request.session.get(DONE)
    if not isinstance(done, dict):
        return redirect("pacer:register")
    return render(request, "pacer/registration/done.html", {"done": done})


# --- activation, upgrade, account type -------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(code_ip=client_ip, code_account=account_username)
def activate(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    form = ActivationForm(_posted(request))
    if request.method == "POST" and user.status == AccountStatus.INACTIVE and form.is_valid():
        try:
            pacer_account_activate(user=user, code=form.cleaned_data["code"], acting_user=user)
        except OpenECFError as error:
            form.add_error("code", error.message)
        else:
            return render(request, "pacer/registration/activated.html")
    return render(
        request,
        "pacer/registration/activate.html",
        {
            "form": form,
            "inactive": user.status == AccountStatus.INACTIVE,
            "attempts_left": activation_attempts_left(user=user),
            "attempts_allowed": ACTIVATION_ATTEMPTS_ALLOWED,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(register_ip=client_ip)
def upgrade(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    kind = pacer_account_kind(user)
    if kind is not PacerAccountKind.LEGACY:
        return redirect("pacer:account_type")
    form = RegistrationCredentialsForm(
        _posted(request), exclude_user=user, initial={"username": user.username}
    )
    if request.method == "POST" and form.is_valid():
        try:
            upgraded = pacer_account_upgrade(
                user=user, credentials=form.credentials, acting_user=user, request=request
            )
        except OpenECFError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return render(request, "pacer/registration/upgraded.html", {"upgraded": upgraded})
    return render(
        request, "pacer/registration/upgrade.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_safe
def account_type(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    return render(
        request,
        "pacer/registration/account_type.html",
        {"kind": pacer_account_kind(user).value, "cutoff": UPGRADE_CUTOFF_TEXT, "account": user},
    )


# --- PACER Service Center --------------------------------------------------------------------------


def _psc_admin_required(view: View) -> View:
    """A PACER Service Center page: signed in, then the policy's PSC rule (anyone else: no such page)."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        require(request.user, Action.PSC_ADMIN)
        return view(request, *args, **kwargs)

    return wrapped


@never_cache
@_psc_admin_required
@require_safe
def psc_letters(request: HttpRequest) -> HttpResponse:
    queued, mailed = activation_letters_for_psc(signed_in_account(request.user))
    return render(request, "pacer/psc/letters.html", {"queued": queued, "mailed": mailed})


@_psc_admin_required
@require_safe
def psc_letter_pdf(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter, pdf = activation_letter_pdf_for_psc(
        letter_id=letter_id, acting_user=signed_in_account(request.user)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="activation-letter-{letter.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@_psc_admin_required
@require_POST
def psc_letter_mailed(request: HttpRequest, letter_id: int) -> HttpResponse:
    activation_letter_mark_mailed(letter_id=letter_id, acting_user=signed_in_account(request.user))
    return redirect("pacer:psc_letters")


@_psc_admin_required
@require_POST
def psc_letter_reissue(request: HttpRequest, letter_id: int) -> HttpResponse:
    psc = signed_in_account(request.user)
    letter = access_activation_letter(psc, letter_id)
    activation_letter_reissue(user=letter.user, acting_user=psc)
    return redirect("pacer:psc_letters")


@never_cache
@_psc_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def psc_suspensions(request: HttpRequest) -> HttpResponse:
    form = RegistrationSuspensionForm(_posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.window()
        try:
            registration_suspension_set(
                starts_at=starts_at,
                ends_at=ends_at,
                reason=form.cleaned_data["reason"],
                acting_user=signed_in_account(request.user),
            )
        except OpenECFError as failure:
            error = failure.message
        else:
            return redirect("pacer:psc_suspensions")
    now = timezone.now()
    current = registration_suspension_current(now)
    suspensions = [
        {
            "pk": s.pk,
            "starts": s.starts_at.astimezone(PSC_TIME_ZONE),
            "resumes": s.ends_at.astimezone(PSC_TIME_ZONE),
            "reason": s.reason,
            "message": registration_suspension_message(s),
            "in_effect": current is not None and s.pk == current.pk,
            "over": s.ends_at <= now,
        }
        for s in registration_suspensions_for_psc(signed_in_account(request.user))
    ]
    return render(
        request,
        "pacer/psc/suspensions.html",
        {"form": form, "error": error, "suspensions": suspensions},
        # A refused window (the form's or the service's) is sent back with what to correct.
        status=400 if request.method == "POST" else 200,
    )


@_psc_admin_required
@require_POST
def psc_suspension_lift(request: HttpRequest, suspension_id: int) -> HttpResponse:
    registration_suspension_lift(suspension_id=suspension_id, acting_user=signed_in_account(request.user))
    return redirect("pacer:psc_suspensions")
