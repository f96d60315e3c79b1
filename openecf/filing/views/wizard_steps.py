"""The filing wizard's steps: their order, which are done, the step indicator, and how a step answers (the
step alone for htmx, the whole page otherwise; a redirect after a change).

A draft's step is reached only through `draft_step`: signed in, the redaction rules acknowledged, the user's
own draft of this court (404 for any other), not yet filed (else its notice), every step before it done.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from openecf.access.policy import Action, may, signed_in_account
from openecf.cases.models import Case
from openecf.courts.models import Court
from openecf.docket.models import Event
from openecf.errors import OpenECFError
from openecf.filers.views import cmecf_page
from openecf.filing.drafts import (
    DRAFT_NOT_FOUND,
    DraftChoices,
    DraftNotFound,
    access_draft,
    draft_choices,
)
from openecf.filing.models import FilingDraft

STEPS: tuple[str, ...] = ("event", "case", "parties", "documents", "prompts", "review")
STEP_TITLES = {
    "event": "Event",
    "case": "Case",
    "parties": "Parties",
    "documents": "Documents",
    "prompts": "Questions",
    "review": "Review and file",
}
# Where a refusal of the filing service is put right, by the field it names.
FIELD_STEPS = {
    "event": "event",
    "case_number": "case",
    "new_case": "case",
    "plaintiffs": "case",
    "defendants": "case",
    "short_title": "case",
    "nature_of_suit": "case",
    "agency": "case",
    "product_description": "case",
    "export_country": "case",
    "parties": "parties",
    "join_party": "parties",
    "new_party_name": "parties",
    "new_party_role": "parties",
    "document": "documents",
    "attachments": "documents",
    "description": "documents",
    "filename": "documents",
    "related_entries": "prompts",
    "prompted_date": "prompts",
    "certify": "prompts",
    "confidential": "prompts",
}
View = Callable[..., HttpResponse]


# --- the steps ----------------------------------------------------------------------------------------


def steps_of(draft: FilingDraft | None) -> list[str]:
    """The draft's steps: a case-opening event names its parties with the new case, so it has no parties
    step."""
    if draft is not None and draft.event is not None and draft.event.opens_case:
        return [step for step in STEPS if step != "parties"]
    return list(STEPS)


def step_done(draft: FilingDraft, step: str, choices: DraftChoices) -> bool:
    event = draft.event
    if event is None:
        return False
    if step == "event":
        return True
    if step == "case":
        return choices.new_case is not None if event.opens_case else draft.case_id is not None
    if step == "parties":
        return event.opens_case or choices.parties_done
    if step == "documents":
        return choices.documents_done
    if step == "prompts":
        return choices.prompts_done
    return False


def event_of(draft: FilingDraft) -> Event:
    """The draft's event (every step after the first has one: `_draft_step` sends a draft without one back)."""
    if draft.event is None:
        raise DraftNotFound(DRAFT_NOT_FOUND)
    return draft.event


def case_of(draft: FilingDraft) -> Case:
    """The draft's case (the steps after the case step of an event filed in a case have one)."""
    if draft.case is None:
        raise DraftNotFound(DRAFT_NOT_FOUND)
    return draft.case


def first_open_step(draft: FilingDraft) -> str:
    choices = draft_choices(draft)
    return next((step for step in steps_of(draft) if not step_done(draft, step, choices)), "review")


def step_reachable(draft: FilingDraft, step: str) -> bool:
    steps = steps_of(draft)
    return step in steps and steps.index(step) <= steps.index(first_open_step(draft))


def step_url(court: Court, draft: FilingDraft, step: str) -> str:
    return reverse(f"filing:wizard_{step}", args=[court.pk, draft.pk])


def step_indicator_rows(court: Court, draft: FilingDraft | None, current: str) -> list[dict[str, Any]]:
    rows = []
    steps = steps_of(draft)
    for number, step in enumerate(steps, start=1):
        if step == current:
            state = "current"
        elif draft is not None and step_reachable(draft, step) and steps.index(step) < steps.index(current):
            state = "complete"
        else:
            state = "upcoming"
        url = ""
        if draft is not None and step != current and step_reachable(draft, step):
            url = step_url(court, draft, step)
        rows.append({"number": number, "title": STEP_TITLES[step], "state": state, "url": url})
    return rows


def is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def step_render(
    request: HttpRequest,
    court: Court,
    draft: FilingDraft | None,
    step: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """The step alone for htmx, the whole page otherwise."""
    steps = steps_of(draft)
    index = steps.index(step)
    back_url = ""
    if draft is not None and index > 0:
        back_url = step_url(court, draft, steps[index - 1])
    user = signed_in_account(request.user)
    full = {
        "court": court,
        "draft": draft,
        "event": draft.event if draft is not None else None,
        "step": step,
        "step_title": STEP_TITLES[step],
        "step_template": f"filing/wizard/_{step}.html",
        "step_indicator": step_indicator_rows(court, draft, step),
        "step_number": index + 1,
        "step_count": len(steps),
        "back_url": back_url,
        "htmx": is_htmx(request),
        "may_review_requests": may(user, Action.REVIEW_FILING_REQUESTS, court=court),
        "may_unlink": may(user, Action.UNLINK, court=court),
        **context,
    }
    template = "filing/wizard/_step.html" if full["htmx"] else "filing/wizard/page.html"
    response = render(request, template, full, status=status)
    patch_vary_headers(response, ["HX-Request"])
    if full["htmx"] and same_address(request):
        # The step again (a refusal, an upload): the browser's history keeps one entry for it, so Back goes to
        # the step before.
        response["HX-Replace-Url"] = request.get_full_path()
    return response


def same_address(request: HttpRequest) -> bool:
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    here = current.path + (f"?{current.query}" if current.query else "")
    return here == request.get_full_path()


def go(request: HttpRequest, url: str) -> HttpResponse:
    """After a change: the next screen (htmx follows the redirect and asks for the step alone)."""
    return redirect(url)


def leave(request: HttpRequest, url: str) -> HttpResponse:
    """To a page outside the wizard (the notice): htmx loads it whole instead of swapping it in."""
    if is_htmx(request):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def refuse(form: forms.Form, refused: OpenECFError, *, field_map: dict[str, str] | None = None) -> None:
    """A service's refusal beside the field it names (or above the form, with the pages that put it right)."""
    field = (field_map or {}).get(refused.field or "", refused.field)
    form.add_error(field if field in form.fields else None, refused.message)


def draft_step(step: str) -> Callable[[View], View]:
    """A step of a draft: signed in, redaction acknowledged, the user's own draft of this court (404 for any
    other), not yet filed (else its notice), and every step before it done (else the first that is not)."""

    def decorate(view: View) -> View:
        @never_cache
        @require_http_methods(["GET", "HEAD", "POST"])
        @cmecf_page(acknowledged=True)
        @wraps(view)
        def wrapper(request: HttpRequest, court: Court, draft_id: int) -> HttpResponse:
            draft = access_draft(request.user, court, draft_id)
            if draft.filing_id is not None:
                return leave(request, reverse("filing:notice", args=[court.pk, draft.filing_id]))
            if not step_reachable(draft, step):
                return go(request, step_url(court, draft, first_open_step(draft)))
            return view(request, court, draft)

        return wrapper

    return decorate
