"""A court's CM/ECF pages: sign-on through PACER, redaction acknowledgment, linking, filing access, and the
clerk's office's queues (filing access requests, Requests for Change in Information, linked logins)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openecf.access.cases import access_court
from openecf.access.policy import Action, AnyUser, is_court_staff, may, refusal, signed_in_account
from openecf.courts.models import Court, CourtKind
from openecf.errors import OpenECFError
from openecf.filers import access_requests, change_requests, linking
from openecf.filers.forms import (
    FilingAccessDecisionForm,
    FilingAccessRequestForm,
    LegacyLoginForm,
    LinkConfirmForm,
    LinkFilerAccountForm,
    RedactionAcknowledgmentForm,
    UnlinkForm,
)
from openecf.filers.legacy_logins import (
    LegacyLoginAnswer,
    legacy_filer_login_check,
    legacy_login_lockout_message,
)
from openecf.filers.rights import filing_rights_in
from openecf.filers.signon import redaction_acknowledge
from openecf.forms import form_error_add
from openecf.ratelimit import client_ip, posted, rate_limit
from openecf.text import search_words_parse

# Per court, the last_login of the login during which the filer acknowledged the redaction rules.
REDACTION_SESSION_KEY = "cmecf_redaction_ack"

View = Callable[..., HttpResponse]


def redaction_acknowledged(request: HttpRequest, court: Court) -> bool:
    """True once per login: a new login (new last_login) asks again. The court's own staff do not file as
    filers and are never asked."""
    user = request.user
    if not user.is_authenticated or user.last_login is None:
        return False
    if is_court_staff(user, court):
        return True
    acks = request.session.get(REDACTION_SESSION_KEY, {})
    return isinstance(acks, dict) and acks.get(court.pk) == user.last_login.isoformat()


def cmecf_page(*, acknowledged: bool) -> Callable[[View], View]:
    """A court's CM/ECF page: signed in through PACER, and (for filer pages) after the redaction rules."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, court_id: str, *args: Any, **kwargs: Any) -> HttpResponse:
            court = access_court(court_id)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if acknowledged and not redaction_acknowledged(request, court):
                url = reverse("filers:cmecf_redaction", args=[court.pk])
                return HttpResponseRedirect(f"{url}?next={request.get_full_path()}")
            return view(request, court, *args, **kwargs)

        return wrapper

    return decorate


def _legacy_login_typed(request: HttpRequest) -> str | None:
    """The court's CM/ECF login a password was typed for (counted apart from PACER usernames)."""
    login = posted("login")(request)
    court_id = request.resolver_match.kwargs.get("court_id", "") if request.resolver_match else ""
    return f"{court_id}/cmecf/{login}" if login else None


def _safe_next(request: HttpRequest, court: Court, candidate: str) -> str:
    home = reverse("filers:cmecf_home", args=[court.pk])
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed and candidate.startswith(f"/{court.pk}/cmecf/") else home


@require_http_methods(["GET", "HEAD", "POST"])
@cmecf_page(acknowledged=False)
def cmecf_redaction(request: HttpRequest, court: Court) -> HttpResponse:
    user = signed_in_account(request.user)
    next_url = _safe_next(request, court, request.POST.get("next") or request.GET.get("next", ""))
    form = RedactionAcknowledgmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        redaction_acknowledge(court=court, acting_user=user)
        acks = request.session.get(REDACTION_SESSION_KEY, {})
        acks = acks if isinstance(acks, dict) else {}
        acks[court.pk] = user.last_login.isoformat() if user.last_login else ""
        request.session[REDACTION_SESSION_KEY] = acks
        return redirect(next_url)
    return render(
        request,
        "filers/cmecf/redaction.html",
        {"court": court, "form": form, "next": next_url, "privacy_rule": privacy_rule(court)},
    )


# The rule on privacy protection for filings that each kind of court applies (a court's own rule first).
PRIVACY_RULES = {
    "cit": "USCIT R. 5.2",
    "cafc": "Fed. R. App. P. 25(a)(5) and Fed. Cir. R. 25.1",
}
PRIVACY_RULES_BY_KIND: dict[str, str] = {
    CourtKind.TRIAL: "Fed. R. Civ. P. 5.2 and Fed. R. Crim. P. 49.1",
    CourtKind.APPELLATE: "Fed. R. App. P. 25(a)(5)",
    CourtKind.BANKRUPTCY: "Fed. R. Bankr. P. 9037",
}


def privacy_rule(court: Court) -> str:
    """The rule the redaction page cites: the court's own where it has one."""
    return PRIVACY_RULES.get(court.pk) or PRIVACY_RULES_BY_KIND.get(court.kind, "the court's rules")


@require_http_methods(["GET", "HEAD"])
@cmecf_page(acknowledged=True)
def cmecf_home(request: HttpRequest, court: Court) -> HttpResponse:
    """The court's NextGen CM/ECF page, or the seed-004 choices for a user who cannot file here yet."""
    user = signed_in_account(request.user)
    staff = may(user, Action.SEE_SEALED, court=court)
    rights = filing_rights_in(user, court)
    if not rights and not staff:
        return render(request, "filers/cmecf/attention.html", {"court": court})
    return render(
        request,
        "filers/cmecf/nextgen.html",
        {
            "court": court,
            "rights": rights,
            "file_refusal": refusal(user, Action.FILE, court=court) if rights else None,
            **_menu(user, court),
        },
    )


def _menu(user: AnyUser, court: Court) -> dict[str, bool]:
    return {
        "may_review_requests": may(user, Action.REVIEW_FILING_REQUESTS, court=court),
        "may_unlink": may(user, Action.UNLINK, court=court),
    }


@require_http_methods(["GET", "HEAD"])
@cmecf_page(acknowledged=True)
def cmecf_utilities(request: HttpRequest, court: Court) -> HttpResponse:
    return render(
        request,
        "filers/cmecf/utilities.html",
        {"court": court, **_menu(signed_in_account(request.user), court)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@cmecf_page(acknowledged=True)
@rate_limit(signin_ip=client_ip, signin_account=_legacy_login_typed)
def cmecf_link(request: HttpRequest, court: Court) -> HttpResponse:
    """Step one: the legacy login and password; a confirmation screen names both accounts."""
    user = signed_in_account(request.user)
    form = LinkFilerAccountForm(request.POST or None)
    account_refusal = refusal(user, Action.LINK_FILER_ACCOUNT, court=court)
    if request.method == "POST" and form.is_valid() and account_refusal is None:
        try:
            confirmation = linking.filer_account_link_verify(
                user=user,
                court=court,
                login=form.cleaned_data["login"],
                password=form.cleaned_data["password"],
            )
        except OpenECFError as exc:
            form.add_error(None, exc.message)
        else:
            return render(
                request,
                "filers/cmecf/link_confirm.html",
                {
                    "court": court,
                    "legacy": confirmation.legacy_account,
                    "form": LinkConfirmForm(initial={"confirmation": confirmation.token}),
                },
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "filers/cmecf/link.html",
        {
            "court": court,
            "form": form,
            "account_refusal": account_refusal,
            "link_failed": linking.LINK_FAILED,
        },
        status=status,
    )


@require_POST
@cmecf_page(acknowledged=True)
def cmecf_link_confirm(request: HttpRequest, court: Court) -> HttpResponse:
    """Step two: Submit links the accounts, for good."""
    user = signed_in_account(request.user)
    form = LinkConfirmForm(request.POST)
    error = "The confirmation is missing. Enter your CM/ECF login and password again."
    if form.is_valid():
        try:
            legacy = linking.filer_account_link(
                user=user, court=court, confirmation=form.cleaned_data["confirmation"], acting_user=user
            )
        except OpenECFError as exc:
            error = exc.message
        else:
            return render(request, "filers/cmecf/link_done.html", {"court": court, "legacy": legacy})
    return render(
        request,
        "filers/cmecf/link.html",
        {"court": court, "form": LinkFilerAccountForm(), "error": error, "link_failed": linking.LINK_FAILED},
        status=400,
    )


@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(signin_ip=client_ip, signin_account=_legacy_login_typed)
def cmecf_legacy_login(request: HttpRequest, court_id: str) -> HttpResponse:
    """The old CM/ECF login screen: it never signs in, it sends filers to PACER."""
    court = access_court(court_id)
    form = LegacyLoginForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        answer = legacy_filer_login_check(
            request=request,
            court=court,
            login=form.cleaned_data["login"],
            password=form.cleaned_data["password"],
        )
    locked = answer == LegacyLoginAnswer.LOCKED
    return render(
        request,
        "filers/cmecf/legacy_login.html",
        {
            "court": court,
            "form": form,
            "answer": answer,
            "linked": answer == LegacyLoginAnswer.LINKED,
            "locked_message": legacy_login_lockout_message() if locked else "",
        },
        status=429 if locked else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@cmecf_page(acknowledged=True)
def cmecf_request_access(request: HttpRequest, court: Court) -> HttpResponse:
    user = signed_in_account(request.user)
    form = FilingAccessRequestForm(request.POST or None)
    account_refusal = refusal(user, Action.REQUEST_FILING_ACCESS, court=court)
    if request.method == "POST" and form.is_valid() and account_refusal is None:
        data = form.cleaned_data
        try:
            access_request = access_requests.filing_access_request(
                user=user,
                court=court,
                acting_user=user,
                role=data["role"],
                bar_number=data["bar_number"],
                bar_state=data["bar_state"],
                bar_admission_date=data["bar_admission_date"],
                pro_hac_vice=data["pro_hac_vice"],
                sponsoring_attorney_name=data["sponsoring_attorney_name"],
                for_attorney_username=data["for_attorney_username"],
                cif_basis=data["cif_basis"],
                cif_case_number=data["cif_case_number"],
                cif_entry_number=data["cif_entry_number"],
                statement=data["statement"],
            )
        except OpenECFError as exc:
            form_error_add(form, exc)
        else:
            return render(
                request,
                "filers/cmecf/request_access_done.html",
                {"court": court, "access_request": access_request},
            )
    mine = access_requests.filing_access_requests_of(user, court)[:10]
    return render(
        request,
        "filers/cmecf/request_access.html",
        {"court": court, "form": form, "account_refusal": account_refusal, "mine": mine},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "HEAD"])
@cmecf_page(acknowledged=False)
def cmecf_clerk_queue(request: HttpRequest, court: Court) -> HttpResponse:
    pending, decided = access_requests.filing_access_queue(signed_in_account(request.user), court)
    return render(
        request,
        "filers/cmecf/clerk_queue.html",
        {"court": court, "pending": pending, "decided": decided, "form": FilingAccessDecisionForm()},
    )


@require_POST
@cmecf_page(acknowledged=False)
def cmecf_clerk_decide(request: HttpRequest, court: Court, request_id: int) -> HttpResponse:
    clerk = signed_in_account(request.user)
    access_request = access_requests.access_filing_access_request(clerk, court, request_id)
    form = FilingAccessDecisionForm(request.POST)
    # The form's own word on the reason (e.g. a text-direction control in it), else the missing choice.
    error = " ".join(str(message) for message in form.errors.get("reason", [])) or "Choose Approve or Deny."
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                access_requests.filing_access_approve(
                    request=access_request, acting_user=clerk, reason=form.cleaned_data["reason"]
                )
            else:
                access_requests.filing_access_deny(
                    request=access_request, acting_user=clerk, reason=form.cleaned_data["reason"]
                )
        except OpenECFError as exc:
            error = exc.message
        else:
            return redirect("filers:cmecf_clerk_queue", court.pk)
    # The queue again, with the error beside the request and the reason as typed.
    pending, decided = access_requests.filing_access_queue(clerk, court)
    return render(
        request,
        "filers/cmecf/clerk_queue.html",
        {
            "court": court,
            "pending": pending,
            "decided": decided,
            "form": FilingAccessDecisionForm(),
            "decide_error": error,
            "decide_request_id": access_request.pk,
            "decide_reason": request.POST.get("reason", "")[:2000],
        },
        status=400,
    )


@require_http_methods(["GET", "HEAD"])
@cmecf_page(acknowledged=False)
def cmecf_helpdesk_links(request: HttpRequest, court: Court) -> HttpResponse:
    return _helpdesk_links_page(request, court)


def _helpdesk_links_page(
    request: HttpRequest, court: Court, *, unlink_error: str = "", status: int = 200
) -> HttpResponse:
    query = search_words_parse(request.GET.get("q", ""), max_length=60)
    linked = linking.linked_filer_accounts(signed_in_account(request.user), court, search=query)
    return render(
        request,
        "filers/cmecf/helpdesk_links.html",
        {
            "court": court,
            "linked": linked[: linking.HELPDESK_LIST_LIMIT],
            "q": query,
            "form": UnlinkForm(),
            "unlink_error": unlink_error,
        },
        status=status,
    )


@require_POST
@cmecf_page(acknowledged=False)
def cmecf_helpdesk_unlink(request: HttpRequest, court: Court, account_id: int) -> HttpResponse:
    staff = signed_in_account(request.user)
    account = linking.access_legacy_filer_account(staff, court, account_id)
    form = UnlinkForm(request.POST)
    if not form.is_valid():
        # A reason that cannot be kept as typed is refused: nothing is unlinked without the reason given.
        error = " ".join(str(message) for message in form.errors.get("reason", []))
        error = error or "The reason could not be read; type it again."
        return _helpdesk_links_page(request, court, unlink_error=f"{account.login}: {error}", status=400)
    linking.filer_account_unlink(
        legacy_account=account, acting_user=staff, reason=form.cleaned_data["reason"]
    )
    return redirect("filers:cmecf_helpdesk_links", court.pk)


@require_POST
def cmecf_logout(request: HttpRequest, court_id: str) -> HttpResponse:
    court = access_court(court_id)
    logout(request)
    return redirect("web:court", court.pk)


# The court's queue of Requests for Change in Information


@login_required
@require_safe
def change_request_queue(request: HttpRequest, court_id: str) -> HttpResponse:
    court, queue = change_requests.access_change_requests(signed_in_account(request.user), court_id)
    return render(
        request,
        "filers/cmecf/change_requests.html",
        {"court": court, "queue": queue, "notice": request.session.pop("queue_notice", "")},
    )


@login_required
@require_POST
def change_request_processed(request: HttpRequest, court_id: str, change_request_id: int) -> HttpResponse:
    clerk = signed_in_account(request.user)
    change = change_requests.access_change_request(clerk, court_id, change_request_id)
    change_requests.change_request_process(change_request=change, acting_user=clerk)
    request.session["queue_notice"] = (
        f"The request of {change.user.get_full_name() or change.user.username} was marked processed."
    )
    return redirect("filers:change_request_queue", court_id=change.court_id)
