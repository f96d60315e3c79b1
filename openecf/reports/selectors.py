"""The Docket Report: what one viewer may see of one case, in a fixed small number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, FilteredRelation, Q
from django.utils import timezone

from openecf.access.docket import EVERYTHING, readable_restrictions
from openecf.access.policy import AnyUser, is_court_staff
from openecf.cases.models import Case, CaseJudge, Party, Representation
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.documents.models import Document
from openecf.reports.cache import docket_generation, docket_rows_key, sealed_entry_text
from openecf.reports.filters import DocketFilters


@dataclass(frozen=True)
class ReportAttorney:
    name: str
    contact_lines: list[str]
    designations: list[str]
    date_terminated: dt.date | None
    see_above: bool = False


@dataclass(frozen=True)
class ReportParty:
    name: str
    role_label: str
    extra_info: str
    date_terminated: dt.date | None
    attorneys: list[ReportAttorney]


class EntryMarks(NamedTuple):
    """What the clerk's quality control did to an entry, as the Docket Report shows it."""

    modified_on: dt.date | None = None  # "(Modified on 3/16/2026)" after the text
    stricken_on: dt.date | None = None  # "STRICKEN" before the text, which is struck through
    filed_in_error_on: dt.date | None = None  # "FILED IN ERROR" before the text


class ReportEntry(NamedTuple):
    """One docket line. `text` is None when the viewer may not read it (a sealed entry).

    A NamedTuple, not a dataclass: a docket may have 10,000 of them and they are built per request.
    """

    number: int | None
    number_label: str
    date_filed: dt.date
    date_entered: dt.date
    text: str | None
    document_id: str | None  # the main document's opaque public id (its address), never its row id
    attachment_count: int
    restricted: bool
    marks: EntryMarks | None = None  # None for the many entries the clerk never touched (and sealed lines)


@dataclass(frozen=True)
class CaseLink:
    court_id: str
    pacer_case_number: str
    display_case_number: str
    short_title: str


class DocketReport:
    """What one viewer may see of one case. The entries are fetched when first read: a page whose rendered
    rows come from the cache (`openecf.reports.cache`) never fetches them."""

    def __init__(
        self,
        *,
        court: Court,
        case: Case,
        judges: list[str],
        parties: list[ReportParty],
        entries: list[ReportEntry] | Callable[[], list[ReportEntry]],
        filters: DocketFilters,
        generated_at: dt.datetime,
        lead_case: CaseLink | None = None,
        member_cases: list[CaseLink] | None = None,
        originating_case: CaseLink | None = None,
        appeals: list[CaseLink] | None = None,
        sealed_text: str = "SEALED",
        rows_key: str | None = None,
    ) -> None:
        self.court = court
        self.case = case
        self.judges = judges
        self.parties = parties
        self.filters = filters
        self.generated_at = generated_at
        self.lead_case = lead_case
        self.member_cases = member_cases if member_cases is not None else []
        self.originating_case = originating_case
        self.appeals = appeals if appeals is not None else []
        self.sealed_text = sealed_text  # printed on the line of an entry this viewer may not read
        # Names the cached rows of exactly these entries; None when they were handed in, not fetched.
        self.rows_key = rows_key if callable(entries) else None
        self._entries: list[ReportEntry] | None = None if callable(entries) else entries
        self._load: Callable[[], list[ReportEntry]] = entries if callable(entries) else list

    @property
    def entries(self) -> list[ReportEntry]:
        if self._entries is None:
            self._entries = self._load()
        return self._entries

    @entries.setter
    def entries(self, entries: list[ReportEntry]) -> None:
        self._entries, self.rows_key = entries, None

    @property
    def is_panel(self) -> bool:
        return len(self.judges) > 1

    @property
    def assigned_to(self) -> str:
        return ", ".join(self.judges) if self.judges else self.case.assigned_to_text


def _link(case: Case) -> CaseLink:
    return CaseLink(case.court_id, case.pacer_case_number, case.display_case_number, case.short_title)


def _parties(case: Case) -> list[ReportParty]:
    representations: dict[int, list[Representation]] = defaultdict(list)
    for representation in (
        Representation.objects.filter(party__case=case)
        .select_related("attorney")
        .order_by("party_id", "position", "id")
    ):
        representations[representation.party_id].append(representation)
    shown: set[int] = set()
    parties = []
    for party in Party.objects.filter(case=case).order_by("position", "id"):
        attorneys = []
        for representation in representations[party.pk]:
            attorney = representation.attorney
            see_above = attorney.pk in shown
            shown.add(attorney.pk)
            attorneys.append(
                ReportAttorney(
                    name=attorney.name,
                    contact_lines=["(See above for address)"] if see_above else attorney.contact_lines,
                    designations=representation.designations,
                    date_terminated=representation.date_terminated,
                    see_above=see_above,
                )
            )
        parties.append(
            ReportParty(party.name, party.role_label, party.extra_info, party.date_terminated, attorneys)
        )
    return parties


def _entries(case: Case, filters: DocketFilters, *, readable: frozenset[str]) -> list[ReportEntry]:
    query = DocketEntry.objects.filter(case=case)
    date_field = "date_entered" if filters.date_type == "entered" else "date_filed"
    if filters.date_from:
        query = query.filter(**{f"{date_field}__gte": filters.date_from})
    if filters.date_to:
        query = query.filter(**{f"{date_field}__lte": filters.date_to})
    if filters.number_from is not None or filters.number_to is not None:
        numbers = Q()
        if filters.number_from is not None:
            numbers &= Q(number__gte=filters.number_from)
        if filters.number_to is not None:
            numbers &= Q(number__lte=filters.number_to)
        query = query.filter(numbers)
    query = query.order_by("-sequence" if filters.order == "newest" else "sequence")
    # The main document comes with its entry through a LEFT JOIN on (entry, attachment 0).
    main_document = Q(documents__attachment_number=0, documents__restriction__in=readable)
    rows = list(
        query.annotate(main_document=FilteredRelation("documents", condition=main_document)).values_list(
            "id", "number", "date_filed", "date_entered", "text", "restriction", "printed_number",
            "main_document__public_id", "modified_on", "stricken_on", "filed_in_error_on",
        )
    )  # fmt: skip
    # Attachments are rare: count them only for the entries that have any.
    attachments = Document.objects.filter(
        docket_entry__case=case, attachment_number__gt=0, restriction__in=readable
    )
    totals = dict(
        attachments.order_by()
        .values("docket_entry_id")
        .annotate(n=Count("id"))
        .values_list("docket_entry_id", "n")
    )
    public = EntryRestriction.PUBLIC.value
    # tuple.__new__ skips the NamedTuple's Python-level __new__: 10,000 calls add up.
    make = tuple.__new__
    entries: list[ReportEntry] = []
    append = entries.append
    for (
        entry_id, number, date_filed, date_entered, text, restriction, printed_number, main_id,
        modified_on, stricken_on, filed_in_error_on,
    ) in rows:  # fmt: skip
        # As the court printed it (a zero-padded appellate document id), else the number itself.
        label = printed_number or ("" if number is None else str(number))
        if restriction in readable:
            marks = None
            if modified_on is not None or stricken_on is not None or filed_in_error_on is not None:
                marks = EntryMarks(modified_on, stricken_on, filed_in_error_on)
            append(
                make(ReportEntry, (
                    number, label, date_filed, date_entered, text, main_id, totals.get(entry_id, 0),
                    restriction != public, marks,
                ))
            )  # fmt: skip
        else:
            append(make(ReportEntry, (number, label, date_filed, date_entered, None, None, 0, True, None)))
    return entries


def docket_report_build(*, case: Case, viewer: AnyUser, filters: DocketFilters) -> DocketReport:
    """Everything the Docket Report shows, for a case the viewer was already allowed to open."""
    readable = readable_restrictions(viewer, case)
    sees_restricted = readable == EVERYTHING
    judges = [
        cj.judge.name
        for cj in CaseJudge.objects.filter(case=case).select_related("judge").order_by("position")
    ]
    members = [
        _link(member)
        for member in case.member_cases.select_related("court").order_by("year", "sequence")
        if sees_restricted or not member.is_sealed
    ]
    appeals = [
        _link(appeal)
        for appeal in case.appeals.select_related("court").order_by("date_filed")
        if not appeal.is_sealed or is_court_staff(viewer, appeal.court)
    ]
    lead = case.lead_case
    origin = case.originating_case
    sealed_text = sealed_entry_text(case.court_id)
    rows_key = docket_rows_key(
        case=case,
        generation=docket_generation(case),
        readable=readable,
        filters=filters,
        sealed_text=sealed_text,
    )
    return DocketReport(
        court=case.court,
        case=case,
        judges=judges,
        parties=_parties(case),
        entries=lambda: _entries(case, filters, readable=readable),
        filters=filters,
        generated_at=timezone.now(),
        sealed_text=sealed_text,
        rows_key=rows_key,
        lead_case=_link(lead) if lead is not None and (sees_restricted or not lead.is_sealed) else None,
        member_cases=members,
        originating_case=_link(origin) if origin is not None and not origin.is_sealed else None,
        appeals=appeals,
    )
