"""A court's CM/ECF pages: sign-on through PACER, redaction acknowledgment, linking, filing access."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from openecf.accounts import filers
from openecf.accounts.forms_cmecf import (
    FilingAccessDecisionForm,
    FilingAccessRequestForm,
    LegacyLoginForm,
    LinkConfirmForm,
    LinkFilerAccountForm,
    RedactionAcknowledgmentForm,
    UnlinkForm,
)
from openecf.accounts.models import FilingAccessRequest, LegacyFilerAccount, RequestStatus, User
from openecf.accounts.permissions import Action, active_filing_rights, may, refusal, require
from openecf.cases.access import access_court
from openecf.courts.models import Court
from openecf.errors import NotFound, OpenECFError

# Per court, the last_login of the login during which the filer acknowledged the redaction rules.
REDACTION_SESSION_KEY = "cmecf_redaction_ack"

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise NotFound("Log in with your PACER account first.")
    return user


def redaction_acknowledged(request: HttpRequest, court: Court) -> bool:
    """True once per login: a new login (new last_login) asks again."""
    user = request.user
    if not isinstance(user, User) or user.last_login is None:
        return False
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
                url = reverse("accounts:cmecf_redaction", args=[court.pk])
                return HttpResponseRedirect(f"{url}?next={request.get_full_path()}")
            return view(request, court, *args, **kwargs)

        return wrapper

    return decorate


def _safe_next(request: HttpRequest, court: Court, candidate: str) -> str:
    home = reverse("accounts:cmecf_home", args=[court.pk])
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed and candidate.startswith(f"/{court.pk}/cmecf/") else home


@require_http_methods(["GET", "HEAD", "POST"])
@cmecf_page(acknowledged=False)
def cmecf_redaction(request: HttpRequest, court: Court) -> HttpResponse:
    user = _user(request)
    next_url = _safe_next(request, court, request.POST.get("next") or request.GET.get("next", ""))
    form = RedactionAcknowledgmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        filers.redaction_acknowledge(court=court, acting_user=user)
        acks = request.session.get(REDACTION_SESSION_KEY, {})
        acks = acks if isinstance(acks, dict) else {}
        acks[court.pk] = user.last_login.isoformat() if user.last_login else ""
        request.session[REDACTION_SESSION_KEY] = acks
        return redirect(next_url)
    return render(request, "accounts/cmecf/redaction.html", {"court": court, "form": form, "next": next_url})


@require_http_methods(["GET", "HEAD"])
@cmecf_page(acknowledged=True)
def cmecf_home(request: HttpRequest, court: Court) -> HttpResponse:
    """The court's NextGen CM/ECF page, or the seed-004 choices for a user who cannot file here yet."""
    user = _user(request)
    staff = may(user, Action.SEE_SEALED, court=court)
    rights = active_filing_rights(user, court.pk)
    if not rights and not staff:
        return render(request, "accounts/cmecf/attention.html", {"court": court})
    return render(
        request,
        "accounts/cmecf/nextgen.html",
        {
            "court": court,
            "rights": rights,
            "file_refusal": refusal(user, Action.FILE, court=court) if rights else None,
            **_menu(user, court),
        },
    )


def _menu(user: User, court: Court) -> dict[str, bool]:
    return {
        "may_review_requests": may(user, Action.REVIEW_FILING_REQUESTS, court=court),
        "may_unlink": may(user, Action.UNLINK, court=court),
    }


@require_http_methods(["GET", "HEAD"])
@cmecf_page(acknowledged=True)
def cmecf_utilities(request: HttpRequest, court: Court) -> HttpResponse:
    return render(request, "accounts/cmecf/utilities.html", {"court": court, **_menu(_user(request), court)})


@require_http_methods(["GET", "HEAD", "POST"])
@cmecf_page(acknowledged=True)
def cmecf_link(request: HttpRequest, court: Court) -> HttpResponse:
    """Step one: the legacy login and password; a confirmation screen names both accounts."""
    user = _user(request)
    form = LinkFilerAccountForm(request.POST or None)
    account_refusal = refusal(user, Action.LINK_FILER_ACCOUNT, court=court)
    if request.method == "POST" and form.is_valid() and account_refusal is None:
        try:
            confirmation = filers.filer_account_link_verify(
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
                "accounts/cmecf/link_confirm.html",
                {
                    "court": court,
                    "legacy": confirmation.legacy_account,
                    "form": LinkConfirmForm(initial={"confirmation": confirmation.token}),
                },
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/cmecf/link.html",
        {"court": court, "form": form, "account_refusal": account_refusal, "link_failed": filers.LINK_FAILED},
        status=status,
    )


@require_POST
@cmecf_page(acknowledged=True)
def cmecf_link_confirm(request: HttpRequest, court: Court) -> HttpResponse:
    """Step two: Submit links the accounts, for good."""
    user = _user(request)
    form = LinkConfirmForm(request.POST)
    error = "The confirmation is missing. Enter your CM/ECF login and password again."
    if form.is_valid():
        try:
            legacy = filers.filer_account_link(
                user=user, court=court, confirmation=form.cleaned_data["confirmation"], acting_user=user
            )
        except OpenECFError as exc:
            error = exc.message
        else:
            return render(request, "accounts/cmecf/link_done.html", {"court": court, "legacy": legacy})
    return render(
        request,
        "accounts/cmecf/link.html",
        {"court": court, "form": LinkFilerAccountForm(), "error": error, "link_failed": filers.LINK_FAILED},
        status=400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def cmecf_legacy_login(request: HttpRequest, court_id: str) -> HttpResponse:
    """The old CM/ECF login screen: it never signs in, it sends filers to PACER."""
    court = access_court(court_id)
    form = LegacyLoginForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        answer = filers.legacy_filer_login_check(
            court, form.cleaned_data["login"], form.cleaned_data["password"]
        )
    return render(
        request,
        "accounts/cmecf/legacy_login.html",
        {"court": court, "form": form, "answer": answer, "linked": answer == filers.LegacyLoginAnswer.LINKED},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@cmecf_page(acknowledged=True)
def cmecf_request_access(request: HttpRequest, court: Court) -> HttpResponse:
    user = _user(request)
    form = FilingAccessRequestForm(request.POST or None)
    account_refusal = refusal(user, Action.REQUEST_FILING_ACCESS, court=court)
    if request.method == "POST" and form.is_valid() and account_refusal is None:
        data = form.cleaned_data
        try:
            access_request = filers.filing_access_request(
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
            if exc.field and exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                form.add_error(None, exc.message)
        else:
            return render(
                request,
                "accounts/cmecf/request_access_done.html",
                {"court": court, "access_request": access_request},
            )
    mine = FilingAccessRequest.objects.filter(user=user, court=court).order_by("-created_at")[:10]
    return render(
        request,
        "accounts/cmecf/request_access.html",
        {"court": court, "form": form, "account_refusal": account_refusal, "mine": mine},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "HEAD"])
@cmecf_page(acknowledged=False)
def cmecf_clerk_queue(request: HttpRequest, court: Court) -> HttpResponse:
    require(request.user, Action.REVIEW_FILING_REQUESTS, court=court)
    pending = (
        FilingAccessRequest.objects.filter(court=court, status=RequestStatus.PENDING)
        .select_related("user", "for_attorney")
        .order_by("created_at")
    )
    decided = (
        FilingAccessRequest.objects.filter(court=court)
        .exclude(status=RequestStatus.PENDING)
        .select_related("user", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return render(
        request,
        "accounts/cmecf/clerk_queue.html",
        {"court": court, "pending": pending, "decided": decided, "form": FilingAccessDecisionForm()},
    )


@require_POST
@cmecf_page(acknowledged=False)
def cmecf_clerk_decide(request: HttpRequest, court: Court, request_id: int) -> HttpResponse:
    clerk = require(request.user, Action.REVIEW_FILING_REQUESTS, court=court)
    access_request = (
        FilingAccessRequest.objects.filter(court=court, pk=request_id).select_related("court", "user").first()
    )
    if access_request is None:
        raise NotFound("There is no such filing access request in this court.")
    form = FilingAccessDecisionForm(request.POST)
    error = "Choose Approve or Deny."
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                filers.filing_access_approve(
                    request=access_request, acting_user=clerk, reason=form.cleaned_data["reason"]
                )
            else:
                filers.filing_access_deny(
                    request=access_request, acting_user=clerk, reason=form.cleaned_data["reason"]
                )
        except OpenECFError as exc:
            error = exc.message
        else:
            return redirect("accounts:cmecf_clerk_queue", court.pk)
    return render(
        request,
        "accounts/cmecf/clerk_decide_error.html",
        {"court": court, "access_request": access_request, "error": error},
        status=400,
    )


@require_http_methods(["GET", "HEAD"])
@cmecf_page(acknowledged=False)
def cmecf_helpdesk_links(request: HttpRequest, court: Court) -> HttpResponse:
    require(request.user, Action.UNLINK, court=court)
    query = request.GET.get("q", "").strip()[:60]
    linked = LegacyFilerAccount.objects.filter(court=court, linked_user__isnull=False).select_related(
        "linked_user"
    )
    if query:
        linked = linked.filter(login__icontains=query) | linked.filter(linked_user__username__icontains=query)
    return render(
        request,
        "accounts/cmecf/helpdesk_links.html",
        {"court": court, "linked": linked.order_by("login")[:200], "q": query, "form": UnlinkForm()},
    )


@require_POST
@cmecf_page(acknowledged=False)
def cmecf_helpdesk_unlink(request: HttpRequest, court: Court, account_id: int) -> HttpResponse:
    staff = require(request.user, Action.UNLINK, court=court)
    account = LegacyFilerAccount.objects.filter(court=court, pk=account_id).select_related("court").first()
    if account is None:
        raise NotFound("There is no such CM/ECF login in this court.")
    form = UnlinkForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    filers.filer_account_unlink(legacy_account=account, acting_user=staff, reason=reason)
    return redirect("accounts:cmecf_helpdesk_links", court.pk)


@require_POST
def cmecf_logout(request: HttpRequest, court_id: str) -> HttpResponse:
    court = access_court(court_id)
    logout(request)
    return redirect("web:court", court.pk)
