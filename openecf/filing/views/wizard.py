"""Filing, step by step in the browser (CM/ECF's order): the event, the case, the parties, the documents, the
event's prompts, a review, then the Notice of Electronic Filing.

One screen per step. With JavaScript, htmx swaps the step's container (`#wizard-step`) and pushes each step's
address; without it every form posts and every link loads the whole page, and every answer is the same. The
state lives on the server in the user's `FilingDraft`; every step is reachable again with Back. A POST that
changes the draft answers with a redirect to the next step (htmx follows it and gets the step alone).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openecf.access.cases import access_case_to_file
from openecf.access.policy import Action, may, refusal, signed_in_account
from openecf.accounts.models import User
from openecf.billing.gateway import CardDetails
from openecf.cases.models import Case
from openecf.courts.calendar import court_date, filing_suspension
from openecf.courts.models import Court, CourtKind
from openecf.documents.pdf import pdf_first_page_png
from openecf.errors import Forbidden, InvalidInput, OpenECFError
from openecf.filers.rights import filing_agent_principals
from openecf.filers.views import cmecf_page
from openecf.filing.drafts import (
    access_draft,
    case_entries_to_relate,
    case_parties_active,
    draft_case_set,
    draft_choices,
    draft_discard,
    draft_documents_done,
    draft_event_set,
    draft_main_upload,
    draft_new_case_set,
    draft_on_behalf_set,
    draft_parties_set,
    draft_prompts_set,
    draft_request,
    draft_start,
    draft_submit,
    draft_text_set,
    draft_upload_add,
    draft_upload_remove,
    draft_uploads,
    new_case_preview,
)
from openecf.filing.forms import (
    CaseNumberForm,
    EventChoiceForm,
    EventSearchForm,
    FeeCardForm,
    MyCaseForm,
    NewCaseForm,
    OnBehalfOfForm,
    PartiesForm,
    PromptsForm,
    ReviewForm,
    UploadForm,
)
from openecf.filing.models import FilingDraft
from openecf.filing.packet import certificate_of_service_reminder, parties_to_serve_planned
from openecf.filing.reach import NOT_IN_CASE, filer_display_name, filer_resolve, parties_filed_for
from openecf.filing.selectors import (
    events_for_filers,
    my_cases,
)
from openecf.filing.services import FilingPlan, filing_check
from openecf.filing.stamps import header_text
from openecf.filing.views.wizard_steps import (
    FIELD_STEPS,
    STEP_TITLES,
    View,
    case_of,
    draft_step,
    event_of,
    go,
    leave,
    refuse,
    step_render,
    step_url,
    steps_of,
)
from openecf.numbers import is_ascii_digits, whole_number_or_none
from openecf.ratelimit import RateLimited, account_username, rate_limit_check, rate_limit_reads
from openecf.storage import blob_storage

MENU_NAMES = {CourtKind.TRIAL: "Civil", CourtKind.APPELLATE: "Appellate", CourtKind.BANKRUPTCY: "Bankruptcy"}
# Room in an upload's request body for the multipart envelope and the form's other fields.
ENVELOPE_BYTES = 64 * 1024


# --- step 1: the event --------------------------------------------------------------------------------


def _event_context(request: HttpRequest, court: Court) -> dict[str, Any]:
    search = EventSearchForm(request.GET if "q" in request.GET else None)
    query = ""
    if search.is_bound and search.is_valid():
        query = search.cleaned_data["q"].strip()
    events = list(events_for_filers(court, query if search.is_bound else ""))
    menus: dict[str, int] = {}
    for event in events_for_filers(court, "") if search.is_bound else events:
        menus[event.menu] = menus.get(event.menu, 0) + 1
    menu = request.GET.get("menu", "").strip()[:100] if not search.is_bound else ""
    if menu and menu not in menus:
        menu = ""
    shown = [e for e in events if e.menu == menu] if menu else (events if search.is_bound else [])
    suspension = filing_suspension(court, timezone.now())
    return {
        "search_form": search if search.is_bound else EventSearchForm(),
        "query": query,
        "searched": search.is_bound,
        "menus": sorted(menus.items()),
        "menu": menu,
        "menu_name": MENU_NAMES.get(CourtKind(court.kind), "Civil"),
        "events": shown,
        "suspension": suspension.notice if suspension is not None else "",
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@cmecf_page(acknowledged=True)
def wizard_start(request: HttpRequest, court: Court) -> HttpResponse:
    """The Filing menu: its categories, their events, and the search for menus and events."""
    user = signed_in_account(request.user)
    context = _event_context(request, court)
    file_refusal = refusal(user, Action.FILE, court=court)
    if file_refusal is not None:
        context = {**context, "refusal": file_refusal, "blocked": True}
        return step_render(request, court, None, "event", context, status=403)
    form = EventChoiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                draft = draft_start(court=court, event_code=form.cleaned_data["event"], acting_user=user)
            except OpenECFError as refused:
                return step_render(
                    request,
                    court,
                    None,
                    "event",
                    {**context, "refusal": refused.message},
                    status=refused.status,
                )
            return go(request, step_url(court, draft, "case"))
        return step_render(
            request, court, None, "event", {**context, "refusal": "Choose an event."}, status=400
        )
    return step_render(request, court, None, "event", context)


@draft_step("event")
def wizard_event(request: HttpRequest, court: Court, draft: FilingDraft) -> HttpResponse:
    """The event again (Back): choosing another keeps what still fits."""
    context = _event_context(request, court)
    if request.method == "POST":
        form = EventChoiceForm(request.POST)
        if form.is_valid():
            try:
                draft_event_set(
                    draft=draft,
                    event_code=form.cleaned_data["event"],
                    acting_user=signed_in_account(request.user),
                )
            except OpenECFError as refused:
                return step_render(
                    request,
                    court,
                    draft,
                    "event",
                    {**context, "refusal": refused.message},
                    status=refused.status,
                )
            return go(request, step_url(court, draft, "case"))
        return step_render(
            request, court, draft, "event", {**context, "refusal": "Choose an event."}, status=400
        )
    return step_render(request, court, draft, "event", context)


# --- step 2: the case ---------------------------------------------------------------------------------


def _principal_choices(user: User, court: Court) -> list[tuple[str, str]]:
    """A filing agent's attorneys (and themselves, when they also file in their own name)."""
    principals = filing_agent_principals(user, court)
    if not principals:
        return []
    choices = [(p.username, filer_display_name(p)) for p in sorted(principals, key=filer_display_name)]
    if may(user, Action.FILE, court=court) and _files_in_own_name(user, court):
        choices.insert(0, ("", f"{filer_display_name(user)} (myself)"))
    return choices


def _files_in_own_name(user: User, court: Court) -> bool:
    try:
        return not filer_resolve(user, court).by_agent
    except OpenECFError:
        return False


def _find_case(user: User, court: Court, draft: FilingDraft, number: str) -> Case:
    """The case a number names, if the filer may file this event in it."""
    choices = draft_choices(draft)
    filer = filer_resolve(user, court, on_behalf_of=choices.on_behalf_of)
    case = access_case_to_file(user, court.pk, number, filer_account=filer.account)
    event = draft.event
    if event is not None and not event.joins_case and not parties_filed_for(filer, case):
        raise Forbidden(NOT_IN_CASE, code="not_in_case")
    return case


def _case_context(
    user: User,
    court: Court,
    draft: FilingDraft,
    *,
    case_form: CaseNumberForm | None = None,
    new_case_form: NewCaseForm | None = None,
    found: Case | None = None,
    refusal_text: str = "",
) -> dict[str, Any]:
    choices = draft_choices(draft)
    principals = _principal_choices(user, court)
    on_behalf_form = None
    if principals:
        on_behalf_form = OnBehalfOfForm(initial={"on_behalf_of": choices.on_behalf_of}, choices=principals)
    mine: list[tuple[str, str]] = []
    mine_refusal = ""
    event = draft.event
    if event is not None and not event.opens_case:
        try:
            mine = [
                (case.pacer_case_number, f"{case.pacer_case_number} {case.short_title}")
                for case in my_cases(user, court, on_behalf_of=choices.on_behalf_of)[:200]
            ]
        except OpenECFError as refused:
            mine_refusal = refused.message
    if found is None and case_form is None and draft.case is not None:
        found = draft.case
    if new_case_form is None and event is not None and event.opens_case:
        stored = choices.new_case
        initial: dict[str, Any] = {}
        if stored is not None:
            initial = {
                "plaintiffs": "\n".join(stored.plaintiffs),
                "defendants": "\n".join(stored.defendants),
                "short_title": stored.short_title,
                "nature_of_suit": stored.nature_of_suit,
                "agency": stored.agency,
                "product_description": stored.product_description,
                "export_country": stored.export_country,
            }
        new_case_form = NewCaseForm(initial=initial)
    return {
        "on_behalf_form": on_behalf_form,
        "case_form": case_form or CaseNumberForm(),
        "my_case_form": MyCaseForm(choices=[("", "- Select -"), *mine]) if mine else None,
        "mine_refusal": mine_refusal,
        "new_case_form": new_case_form,
        "found": found,
        "refusal": refusal_text,
    }


@draft_step("case")
def wizard_case(request: HttpRequest, court: Court, draft: FilingDraft) -> HttpResponse:
    """The case number in any form, then its caption to confirm; or a case-opening event's new case."""
    user = signed_in_account(request.user)
    event = event_of(draft)
    if request.method != "POST":
        return step_render(request, court, draft, "case", _case_context(user, court, draft))
    action = request.POST.get("action", "")
    if action == "on_behalf_of":
        principals = _principal_choices(user, court)
        form = OnBehalfOfForm(request.POST, choices=principals)
        if principals and form.is_valid():
            draft_on_behalf_set(draft=draft, on_behalf_of=form.cleaned_data["on_behalf_of"], acting_user=user)
            return go(request, step_url(court, draft, "case"))
        context = _case_context(user, court, draft, refusal_text="Choose the attorney you file for.")
        return step_render(request, court, draft, "case", context, status=400)
    if event.opens_case:
        new_case_form = NewCaseForm(request.POST)
        if new_case_form.is_valid():
            try:
                draft_new_case_set(draft=draft, new_case=new_case_form.new_case(), acting_user=user)
            except OpenECFError as refused:
                refuse(new_case_form, refused)
            else:
                return go(request, step_url(court, draft, "documents"))
        context = _case_context(user, court, draft, new_case_form=new_case_form)
        return step_render(request, court, draft, "case", context, status=400)
    case_form = CaseNumberForm(request.POST)
    if not case_form.is_valid():
        return step_render(
            request, court, draft, "case", _case_context(user, court, draft, case_form=case_form), status=400
        )
    try:
        case = _find_case(user, court, draft, case_form.cleaned_data["case_number"])
        if case_form.cleaned_data["confirm"]:
            draft_case_set(draft=draft, case=case, acting_user=user)
            return go(request, step_url(court, draft, "parties"))
    except OpenECFError as refused:
        refuse(case_form, refused)
        context = _case_context(user, court, draft, case_form=case_form)
        return step_render(request, court, draft, "case", context, status=refused.status)
    return step_render(
        request, court, draft, "case", _case_context(user, court, draft, case_form=case_form, found=case)
    )


# --- step 3: the parties ------------------------------------------------------------------------------


@draft_step("parties")
def wizard_parties(request: HttpRequest, court: Court, draft: FilingDraft) -> HttpResponse:
    """The parties filed for (the filer's own, all by default); an appearance's party; a movant."""
    user = signed_in_account(request.user)
    event, case = event_of(draft), case_of(draft)
    choices = draft_choices(draft)
    try:
        filer = filer_resolve(user, court, on_behalf_of=choices.on_behalf_of)
    except OpenECFError as refused:
        return step_render(
            request, court, draft, "parties", {"refusal": refused.message}, status=refused.status
        )
    own = parties_filed_for(filer, case)
    movant = event.code == "motion_intervene"
    joinable = case_parties_active(case) if event.joins_case and not own and not movant else []
    if not own and not joinable and not movant:
        return step_render(request, court, draft, "parties", {"refusal": NOT_IN_CASE}, status=403)
    initial: dict[str, Any] = {
        "party_ids": list(choices.party_ids) if choices.party_ids is not None else [p.pk for p in own],
        "join_party_id": choices.join_party_id,
        "new_party_name": choices.new_party_name,
        "new_party_role": choices.new_party_role,
    }
    data = request.POST if request.method == "POST" else None
    form = PartiesForm(data, initial=initial, own=own, joinable=joinable, movant=movant)
    status = 200
    if data is not None:
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                draft_parties_set(
                    draft=draft,
                    acting_user=user,
                    party_ids=cleaned.get("party_ids") if own else None,
                    join_party_id=cleaned.get("join_party_id") if joinable else None,
                    new_party_name=cleaned.get("new_party_name", "") if movant else "",
                    new_party_role=cleaned.get("new_party_role") or choices.new_party_role,
                )
            except OpenECFError as refused:
                refuse(form, refused)
            else:
                return go(request, step_url(court, draft, "documents"))
        status = 400
    return step_render(
        request,
        court,
        draft,
        "parties",
        {"form": form, "case": case, "filer_name": filer_display_name(filer.account)},
        status=status,
    )


# --- step 4: the documents ----------------------------------------------------------------------------


def too_large_message(court: Court) -> str:
    megabytes = court.max_file_size_bytes // (1024 * 1024)
    return (
        f"You cannot load this file because it's over {megabytes} Megabytes (MB). Break the document up into "
        f"logical divisions, each under {megabytes} MB, and file them as attachments."
    )


def _documents_page(
    request: HttpRequest,
    court: Court,
    draft: FilingDraft,
    *,
    form: UploadForm | None = None,
    refusal_text: str = "",
    status: int = 200,
) -> HttpResponse:
    uploads = draft_uploads(draft)
    has_main = any(item.get("main") for item in uploads)
    event = event_of(draft)
    return step_render(
        request,
        court,
        draft,
        "documents",
        {
            "uploads": uploads,
            "has_main": has_main,
            "form": form or UploadForm(main=not has_main),
            "required": event.document_required or event.manual_filing,
            "refusal": refusal_text,
            "max_megabytes": court.max_file_size_bytes // (1024 * 1024),
        },
        status=status,
    )


@csrf_protect
def _documents(request: HttpRequest, court: Court, draft: FilingDraft) -> HttpResponse:
    user = signed_in_account(request.user)
    if request.method != "POST":
        return _documents_page(request, court, draft)
    action = request.POST.get("action", "upload")
    if action == "remove":
        try:
            index = whole_number_or_none(request.POST.get("index", ""), name="index")
            draft_upload_remove(draft=draft, index=-1 if index is None else index, acting_user=user)
        except OpenECFError as refused:
            return _documents_page(request, court, draft, refusal_text=refused.message, status=refused.status)
        return go(request, step_url(court, draft, "documents"))
    if action == "continue":
        try:
            draft_documents_done(draft=draft, acting_user=user)
        except OpenECFError as refused:
            return _documents_page(request, court, draft, refusal_text=refused.message, status=refused.status)
        return go(request, step_url(court, draft, "prompts"))
    has_main = draft_main_upload(draft) is not None
    form = UploadForm(request.POST, request.FILES, main=not has_main)
    if not form.is_valid():
        return _documents_page(request, court, draft, form=form, status=400)
    upload = form.cleaned_data["document"]
    try:
        rate_limit_check(request, upload_account=account_username(request))
        draft_upload_add(
            draft=draft,
            content=upload.read(),
            filename=upload.name or "document.pdf",
            acting_user=user,
            main=not has_main,
            category=form.cleaned_data.get("category") or "",
            description=form.cleaned_data.get("description") or "",
        )
    except RateLimited as refused:
        form.add_error("document", refused.message)
        return _documents_page(request, court, draft, form=form, status=refused.status)
    except OpenECFError as refused:
        name = (upload.name or "").rsplit("/", 1)[-1][:100]
        message = refused.message if not name or name in refused.message else f"{name}: {refused.message}"
        form.add_error(
            "category" if refused.field == "category" and "category" in form.fields else "document", message
        )
        return _documents_page(request, court, draft, form=form, status=refused.status)
    return go(request, step_url(court, draft, "documents"))


def _declared_length(request: HttpRequest) -> int:
    value = str(request.META.get("CONTENT_LENGTH") or "").strip()
    return int(value) if is_ascii_digits(value) else 0


@csrf_exempt  # checked by `_documents` once the body is known to be small enough to read
@draft_step("documents")
def wizard_documents(request: HttpRequest, court: Court, draft: FilingDraft) -> HttpResponse:
    """The main document and its attachments, each checked at once; a refused file is not kept."""
    if request.method == "POST" and _declared_length(request) > court.max_file_size_bytes + ENVELOPE_BYTES:
        return _documents_page(
            request,
            court,
            draft,
            form=UploadForm(main=draft_main_upload(draft) is None),
            refusal_text=too_large_message(court),
            status=400,
        )
    return _documents(request, court, draft)


# --- step 5: the event's prompts ----------------------------------------------------------------------


@draft_step("prompts")
def wizard_prompts(request: HttpRequest, court: Court, draft: FilingDraft) -> HttpResponse:
    """Related entries, the event's date, its certification, and confidential (BPI)."""
    user = signed_in_account(request.user)
    event = event_of(draft)
    choices = draft_choices(draft)
    entries = case_entries_to_relate(user, draft.case) if draft.case and event.prompts_related_entry else []
    initial = {
        "related_entries": list(choices.related_entry_numbers),
        "prompted_date": choices.prompted_date,
        "certify": choices.certify,
        "confidential": choices.confidential or event.confidential,
    }
    data = request.POST if request.method == "POST" else None
    form = PromptsForm(data, initial=initial, event=event, entries=entries)
    status = 200
    if data is not None:
        if form.is_valid():
            cleaned = form.cleaned_data
            draft_prompts_set(
                draft=draft,
                acting_user=user,
                related_entry_numbers=cleaned.get("related_entries") or (),
                prompted_date=cleaned.get("prompted_date"),
                certify=bool(cleaned.get("certify")),
                confidential=bool(cleaned.get("confidential")) or event.confidential,
            )
            return go(request, step_url(court, draft, "review"))
        status = 400
    return step_render(
        request, court, draft, "prompts", {"form": form, "has_fields": bool(form.fields)}, status=status
    )


# --- step 6: review, and submit -----------------------------------------------------------------------


def _entry_number_next(draft: FilingDraft) -> int:
    return draft.case.last_entry_number + 1 if draft.case is not None else 1


def _review(
    request: HttpRequest,
    court: Court,
    draft: FilingDraft,
    *,
    form: ReviewForm | None = None,
    card_form: FeeCardForm | None = None,
    refused: OpenECFError | None = None,
    status: int = 200,
) -> HttpResponse:
    """The review: what the filing would be, from every check of the real one (nothing is written)."""
    user = signed_in_account(request.user)
    event = event_of(draft)
    plan: FilingPlan | None = None
    check_refusal: OpenECFError | None = None
    try:
        plan = filing_check(user=user, court=court, request=draft_request(draft))
    except OpenECFError as error:
        check_refusal = error
    choices = draft_choices(draft)
    warnings = [warning.text for warning in plan.warnings] if plan is not None else []
    if form is None:
        form = ReviewForm(
            initial={"docket_text_extra": choices.docket_text_extra},
            extendable=event.text_extendable,
            warnings=bool(warnings) or any(item.get("warnings") for item in draft_uploads(draft)),
        )
    fee = plan.fee if plan is not None else event.fee
    if card_form is None and fee > 0:
        card_form = FeeCardForm()
    to_serve = (
        parties_to_serve_planned(plan, choices.new_case if event.opens_case else None)
        if plan is not None
        else ()
    )
    problem = check_refusal or refused
    fix_step = FIELD_STEPS.get(problem.field or "", "") if problem is not None else ""
    if fix_step and fix_step not in steps_of(draft):
        fix_step = ""
    context = {
        "plan": plan,
        "form": form,
        "card_form": card_form if fee > 0 else None,
        "fee": fee,
        "warnings": warnings,
        "uploads": draft_uploads(draft),
        "choices": choices,
        "refusal": check_refusal.message if check_refusal is not None else "",
        "fix_url": step_url(court, draft, fix_step) if fix_step else "",
        "fix_title": STEP_TITLES.get(fix_step, ""),
        "entry_number": _entry_number_next(draft),
        "has_main": draft_main_upload(draft) is not None,
        "parties_to_serve": to_serve,
        "certificate_of_service_reminder": certificate_of_service_reminder(event, to_serve),
    }
    if check_refusal is not None and status == 200:
        status = check_refusal.status
    return step_render(request, court, draft, "review", context, status=status)


def _card(card_form: FeeCardForm | None) -> CardDetails | None:
    return card_form.card() if card_form is not None else None


@draft_step("review")
def wizard_review(request: HttpRequest, court: Court, draft: FilingDraft) -> HttpResponse:
    """The docket text, fee, warnings and first page as stamped; File makes the filing, once."""
    user = signed_in_account(request.user)
    event = event_of(draft)
    if request.method != "POST":
        return _review(request, court, draft)
    # The warnings found at upload (the filing checks the files again and refuses unconfirmed ones).
    warned = any(item.get("warnings") for item in draft_uploads(draft))
    form = ReviewForm(request.POST, extendable=event.text_extendable, warnings=warned)
    fee_due = event.fee > 0
    card_form = FeeCardForm(request.POST) if fee_due and request.POST.get("action") == "submit" else None
    if not form.is_valid():
        return _review(request, court, draft, form=form, status=400)
    try:
        if event.text_extendable:
            draft_text_set(
                draft=draft,
                docket_text_extra=form.cleaned_data.get("docket_text_extra", ""),
                acting_user=user,
            )
    except OpenECFError as refused:
        refuse(form, refused)
        return _review(request, court, draft, form=form, status=refused.status)
    if request.POST.get("action") != "submit":
        return go(request, step_url(court, draft, "review"))
    if card_form is not None and not card_form.is_valid():
        return _review(request, court, draft, form=form, card_form=card_form, status=400)
    try:
        filing = draft_submit(
            draft=draft,
            acting_user=user,
            confirm_warnings=bool(form.cleaned_data.get("confirm_warnings")),
            card=_card(card_form),
        )
    except OpenECFError as refused:
        if refused.code == "idempotency_key_reused":  # a second submit that raced the first
            filed = access_draft(request.user, court, draft.pk)
            if filed.filing_id is not None:
                return leave(request, reverse("filing:notice", args=[court.pk, filed.filing_id]))
        if card_form is not None and refused.field in card_form.fields:
            card_form.add_error(refused.field, refused.message)
        else:
            refuse(form, refused)
        return _review(
            request, court, draft, form=form, card_form=card_form, refused=refused, status=refused.status
        )
    return leave(request, reverse("filing:notice", args=[court.pk, filing.pk]))


@never_cache
@require_safe
@cmecf_page(acknowledged=True)
@rate_limit_reads
def wizard_preview(request: HttpRequest, court: Court, draft_id: int) -> HttpResponse:
    """The main document's first page as it will be stamped (a PNG); the numbers are those it would get now."""
    draft = access_draft(request.user, court, draft_id)
    main = draft_main_upload(draft)
    if main is None or draft.event is None:
        raise InvalidInput("This filing has no main document yet.", field="document")
    now = timezone.now()
    case = draft.case if draft.case is not None else new_case_preview(court, now)
    header = header_text(
        case=case,
        document_number=str(_entry_number_next(draft)),
        attachment=0,
        date_filed=court_date(court, now),
        page=1,
        pages=max(1, int(main.get("pages", 1))),
        documents_in_entry=len(draft_uploads(draft)),
    )
    png = pdf_first_page_png(blob_storage().get(main["key"]), header=header)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = 'inline; filename="first-page.png"'
    return response


@require_POST
@cmecf_page(acknowledged=True)
def wizard_discard(request: HttpRequest, court: Court, draft_id: int) -> HttpResponse:
    draft = access_draft(request.user, court, draft_id)
    if draft.filing_id is not None:
        return leave(request, reverse("filing:notice", args=[court.pk, draft.filing_id]))
    draft_discard(draft=draft, acting_user=signed_in_account(request.user))
    return leave(request, reverse("filing:wizard_start", args=[court.pk]))


def _draft_path(step: str, view: View) -> URLPattern:
    return path(f"<str:court_id>/cmecf/filing/draft/<int:draft_id>/{step}/", view, name=f"wizard_{step}")


urlpatterns: list[URLPattern] = [
    path("<str:court_id>/cmecf/filing/", wizard_start, name="wizard_start"),
    _draft_path("event", wizard_event),
    _draft_path("case", wizard_case),
    _draft_path("parties", wizard_parties),
    _draft_path("documents", wizard_documents),
    _draft_path("prompts", wizard_prompts),
    _draft_path("review", wizard_review),
    path(
        "<str:court_id>/cmecf/filing/draft/<int:draft_id>/first-page.png",
        wizard_preview,
        name="wizard_preview",
    ),
    path("<str:court_id>/cmecf/filing/draft/<int:draft_id>/discard/", wizard_discard, name="wizard_discard"),
]
