"""The clerk's quality-control pages (seed 003 Q32): the queue of new filings, one filing with a form per
action, and the filer's view of what the clerk did to their entry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from openecf.access.policy import Action, require
from openecf.accounts.models import User
from openecf.courts.calendar import court_zone
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.errors import InvalidInput
from openecf.filers.views import cmecf_page
from openecf.filing import quality_control as qc
from openecf.filing.models import Filing, QualityControlAction, QualityControlStatus
from openecf.filing.selectors import access_filing, events_for_filers, notice_of
from openecf.forms import REFUSED, UswdsForm, form_submit
from openecf.numbers import whole_number_parse
from openecf.reports.marks import marked_text
from openecf.reports.selectors import EntryMarks

QUEUE_PER_PAGE = 50


def when(court: Court, moment: dt.datetime) -> str:
    """'3/16/2026 4:12 PM EDT', on the court's clock."""
    local = moment.astimezone(court_zone(court))
    clock = f"{local.hour % 12 or 12}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"
    return f"{local.month}/{local.day}/{local.year} {clock} {local.tzname()}"


def shown_text(entry: DocketEntry) -> str:
    """The docket text as the Docket Report shows it, with the clerk's marks."""
    marks = EntryMarks(entry.modified_on, entry.stricken_on, entry.filed_in_error_on)
    return marked_text(entry.text, marks)


# --- the queue -----------------------------------------------------------------------------------------


class QueueFilterForm(UswdsForm):
    status = forms.ChoiceField(
        label="Show",
        choices=[("pending", "Awaiting quality control"), ("all", "All filings")],
        required=False,
    )
    event = forms.ChoiceField(label="Event", required=False)
    filer = forms.CharField(label="Filer (username or name)", required=False, max_length=qc.FILTER_MAX_LENGTH)

    def __init__(self, *args: Any, court: Court, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        events = [(event.code, f"{event.label} ({event.code})") for event in events_for_filers(court)]
        cast(forms.ChoiceField, self.fields["event"]).choices = [("", "Any event"), *events]


@never_cache
@require_safe
@cmecf_page(acknowledged=False)
def qc_queue(request: HttpRequest, court: Court) -> HttpResponse:
    clerk = require(request.user, Action.DOCKET, court=court)
    form = QueueFilterForm(request.GET, court=court)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        raise InvalidInput(f"{first} Change the filter and search again.", field="filter")
    data = form.cleaned_data
    filings = qc.qc_queue(
        clerk, court, event_code=data["event"], filer=data["filer"], status=data["status"] or "pending"
    )
    page_number = whole_number_parse(request.GET.get("page", "1"), name="page", minimum=1)
    page = Paginator(filings, QUEUE_PER_PAGE).get_page(page_number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "filing/qc/queue.html",
        {
            "court": court,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "rows": [{"filing": f, "filed": when(court, f.filed_at)} for f in page.object_list],
        },
    )


# --- one filing ----------------------------------------------------------------------------------------


def _note(*, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label="Note to the filer (why)" if required else "Note (optional)",
        required=required,
        max_length=qc.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QcForm(UswdsForm):
    """One action's form; the page posts its name in an `action` field beside the form's own fields."""

    def __init__(self, *args: Any, filing: Filing, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filing = filing


class ReviewForm(QcForm):
    note = _note(required=False)


class TextEditForm(QcForm):
    text = forms.CharField(
        label="Docket text",
        max_length=qc.DOCKET_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = _note()

    def __init__(self, *args: Any, filing: Filing, **kwargs: Any) -> None:
        super().__init__(*args, filing=filing, **kwargs)
        self.fields["text"].initial = filing.docket_entry.text


class NoteForm(QcForm):
    note = _note()


def _restriction_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=EntryRestriction.choices)


class RestrictForm(QcForm):
    restriction = _restriction_field("Who may read the entry")
    note = _note()

    def __init__(self, *args: Any, filing: Filing, **kwargs: Any) -> None:
        super().__init__(*args, filing=filing, **kwargs)
        self.fields["restriction"].initial = filing.docket_entry.restriction


class DocumentRestrictForm(QcForm):
    document = forms.TypedChoiceField(label="Document", coerce=int)
    restriction = _restriction_field("Who may read the document")
    note = _note()

    def __init__(self, *args: Any, filing: Filing, **kwargs: Any) -> None:
        super().__init__(*args, filing=filing, **kwargs)
        documents = qc.qc_documents(filing)
        cast(forms.ChoiceField, self.fields["document"]).choices = [
            (
                d.pk,
                f"{qc.document_label_of(d, documents_in_entry=len(documents))}"
                f"{' — ' + d.description if d.description else ''} ({d.get_restriction_display()})",
            )
            for d in documents
        ]


_NUMBERS = re.compile(r"[\s,;]+")


class RelinkForm(QcForm):
    related_entries = forms.CharField(
        label="Related entries (docket numbers, e.g. 4, 7; empty: none)",
        required=False,
        max_length=400,
    )
    note = _note()

    def __init__(self, *args: Any, filing: Filing, **kwargs: Any) -> None:
        super().__init__(*args, filing=filing, **kwargs)
        self.fields["related_entries"].initial = ", ".join(map(str, qc.qc_related_numbers(filing)))

    def clean_related_entries(self) -> list[int]:
        words = [w for w in _NUMBERS.split(self.cleaned_data["related_entries"]) if w]
        try:
            return [whole_number_parse(w, name="related_entries", minimum=1) for w in words]
        except InvalidInput:
            raise forms.ValidationError(
                "Type the docket numbers of the related entries, separated by commas (e.g. 4, 7)."
            ) from None


class RefineForm(QcForm):
    event = forms.ChoiceField(label="The filing's real event")
    text = forms.CharField(
        label="New docket text (empty: built from the event)",
        required=False,
        max_length=qc.DOCKET_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = _note()

    def __init__(self, *args: Any, filing: Filing, **kwargs: Any) -> None:
        super().__init__(*args, filing=filing, **kwargs)
        events = qc.refine_events(filing.court)
        cast(forms.ChoiceField, self.fields["event"]).choices = [("", "Choose the event")] + [
            (e.code, f"{e.menu}: {e.label}") for e in events if e.pk != filing.event_id
        ]


@dataclass(frozen=True)
class QcAction:
    title: str
    form: type[QcForm]
    run: Callable[[HttpRequest, Filing, User, dict[str, Any]], Filing]
    done: str


def _history_url(request: HttpRequest, filing: Filing) -> str:
    return request.build_absolute_uri(reverse("filing:filing_history", args=[filing.court_id, filing.pk]))


ACTIONS: dict[str, QcAction] = {
    "review": QcAction(
        "Review complete",
        ReviewForm,
        lambda _r, f, u, d: qc.qc_review_complete(filing=f, note=d["note"], acting_user=u),
        "Reviewed: the filing has left the queue.",
    ),
    "text_edit": QcAction(
        "Edit the docket text",
        TextEditForm,
        lambda _r, f, u, d: qc.qc_text_edit(filing=f, text=d["text"], note=d["note"], acting_user=u),
        "The docket text is corrected; the entry shows when it was modified.",
    ),
    "strike": QcAction(
        "Strike the entry",
        NoteForm,
        lambda _r, f, u, d: qc.qc_strike(filing=f, note=d["note"], acting_user=u),
        "The entry is stricken: it stays on the docket, marked STRICKEN.",
    ),
    "restrict": QcAction(
        "Seal or unseal the entry",
        RestrictForm,
        lambda _r, f, u, d: qc.qc_restrict(
            filing=f, restriction=d["restriction"], note=d["note"], acting_user=u
        ),
        "The entry's restriction is changed.",
    ),
    "document_restrict": QcAction(
        "Seal or unseal one document",
        DocumentRestrictForm,
        lambda _r, f, u, d: qc.qc_document_restrict(
            filing=f, document_id=d["document"], restriction=d["restriction"], note=d["note"], acting_user=u
        ),
        "The document's restriction is changed.",
    ),
    "relink": QcAction(
        "Relink related entries",
        RelinkForm,
        lambda _r, f, u, d: qc.qc_relink(
            filing=f, related_numbers=d["related_entries"], note=d["note"], acting_user=u
        ),
        "The related entries are changed.",
    ),
    "filed_in_error": QcAction(
        "Mark filed in error",
        NoteForm,
        lambda r, f, u, d: qc.qc_filed_in_error(
            filing=f, note=d["note"], acting_user=u, history_url=_history_url(r, f)
        ),
        "The entry is marked FILED IN ERROR, and the filer is told by e-mail.",
    ),
    "event_refine": QcAction(
        "Refine the event",
        RefineForm,
        lambda _r, f, u, d: qc.qc_event_refine(
            filing=f, event_code=d["event"], text=d["text"], note=d["note"], acting_user=u
        ),
        "The filing is docketed under its real event.",
    ),
}


def _form(name: str, filing: Filing, data: Any = None) -> QcForm:
    return ACTIONS[name].form(data, prefix=name, filing=filing)


def _offered(name: str, filing: Filing) -> bool:
    """Whether the action still applies (the service refuses the others anyway)."""
    entry = filing.docket_entry
    if name == "review":
        return filing.qc_status == QualityControlStatus.PENDING
    if name == "strike":
        return entry.stricken_on is None
    if name == "filed_in_error":
        return entry.filed_in_error_on is None
    return True


def _filing_page(
    request: HttpRequest, court: Court, filing: Filing, bound: QcForm | None = None, *, status: int = 200
) -> HttpResponse:
    entry = filing.docket_entry
    documents = qc.qc_documents(filing)
    forms_shown = [
        {
            "name": name,
            "title": action.title,
            "form": bound if bound is not None and bound.prefix == name else _form(name, filing),
        }
        for name, action in ACTIONS.items()
        if _offered(name, filing) or (bound is not None and bound.prefix == name)
    ]
    return render(
        request,
        "filing/qc/filing.html",
        {
            "court": court,
            "filing": filing,
            "entry": entry,
            "docket_text": shown_text(entry),
            "filed": when(court, filing.filed_at),
            "reviewed": when(court, filing.qc_reviewed_at) if filing.qc_reviewed_at else "",
            "documents": [
                {"document": d, "label": qc.document_label_of(d, documents_in_entry=len(documents))}
                for d in documents
            ],
            "related": qc.qc_related_numbers(filing),
            "notice": notice_of(filing),
            "history": _history_rows(court, qc.entry_history(request.user, filing)),
            "forms": forms_shown,
            "failed": bound.prefix if bound is not None else "",
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@cmecf_page(acknowledged=False)
def qc_filing(request: HttpRequest, court: Court, filing_id: int) -> HttpResponse:
    clerk = require(request.user, Action.DOCKET, court=court)
    filing = qc.access_qc_filing(clerk, court, filing_id)
    if request.method != "POST":
        return _filing_page(request, court, filing)
    name = request.POST.get("action", "")
    action = ACTIONS.get(name)
    if action is None:
        raise InvalidInput("Choose one of the quality-control actions on the page.", field="action")
    form = _form(name, filing, request.POST)
    if form_submit(form, lambda data: action.run(request, filing, clerk, data)) is REFUSED:
        return _filing_page(request, court, qc.access_qc_filing(clerk, court, filing_id), form, status=400)
    messages.success(request, action.done)
    return redirect("filing:qc_filing", court.pk, filing.pk)


# --- the filer's view ----------------------------------------------------------------------------------


def _history_rows(court: Court, history: list[QualityControlAction]) -> list[dict[str, Any]]:
    return [{"action": action, "when": when(court, action.created_at)} for action in history]


@never_cache
@require_safe
@cmecf_page(acknowledged=False)
def filing_history(request: HttpRequest, court: Court, filing_id: int) -> HttpResponse:
    """What the clerk's office did to the filer's entry, with its notes."""
    filing = access_filing(request.user, filing_id, court_id=court.pk)
    history = qc.entry_history(request.user, filing)
    return render(
        request,
        "filing/qc/history.html",
        {
            "court": court,
            "filing": filing,
            "entry": filing.docket_entry,
            "docket_text": shown_text(filing.docket_entry),
            "filed": when(court, filing.filed_at),
            "history": _history_rows(court, history),
        },
    )


urlpatterns: list[URLPattern] = [
    path("<str:court_id>/cmecf/clerk/qc/", qc_queue, name="qc_queue"),
    path("<str:court_id>/cmecf/clerk/qc/<int:filing_id>/", qc_filing, name="qc_filing"),
    path("<str:court_id>/cmecf/filing/<int:filing_id>/history/", filing_history, name="filing_history"),
]
