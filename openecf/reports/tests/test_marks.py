"""The clerk's marks on the Docket Report: "(Modified on 3/16/2026)" after a corrected text, STRICKEN (text
kept, struck through) and FILED IN ERROR before it; in both layouts, in the JSON form, and read back by
juriscraper. The marks change the rows at once (the services bump the docket generation)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from juriscraper.pacer import AppellateDocketReport
from juriscraper.pacer import DocketReport as JuriscraperDocketReport

from openecf.cases.services import case_open
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.docket.services import (
    docket_entry_mark_filed_in_error,
    docket_entry_modify_text,
    docket_entry_strike,
)
from openecf.documents.services import docket_entry_restrict, docket_entry_with_documents_create
from openecf.reports.filters import DocketFilters
from openecf.reports.marks import marked_text
from openecf.reports.render import docket_report_html, document_url_builder
from openecf.reports.render_appellate import appellate_docket_body
from openecf.reports.selectors import EntryMarks, docket_report_build
from openecf.reports.serialize import docket_report_json

pytestmark = pytest.mark.django_db

# 10:00 p.m. on Monday March 16, 2026 in New York (Tuesday in UTC): the court's date is the 16th.
EVENING = dt.datetime(2026, 3, 17, 2, 0, tzinfo=dt.UTC)


def _docket(court: Court) -> list[DocketEntry]:
    case = case_open(
        court=court, caption="Acme v. United States", date_filed=dt.date(2026, 3, 2), acting_user=None
    )
    texts = [
        "Motion to stay & <suspend> proceedings.",
        "Response to motion.",
        "Notice of appearance.",
        "Status report. (Entered: 03/04/2026)",  # imported with its own "(Entered: …)"
        "Plain entry.",
    ]
    return [
        docket_entry_with_documents_create(
            case=case, text=text, date_filed=dt.date(2026, 3, 3 + n), acting_user=None
        )
        for n, text in enumerate(texts)
    ]


def _mark(entries: list[DocketEntry], clerk) -> None:
    motion, response, notice, imported, _plain = entries
    with time_machine.travel(EVENING, tick=False):
        docket_entry_modify_text(
            entry=motion, text="MOTION to stay & <suspend> proceedings.", note="Wording.", acting_user=clerk
        )
        docket_entry_strike(entry=response, note="Stricken per order.", acting_user=clerk)
        docket_entry_mark_filed_in_error(entry=notice, note="Wrong case.", acting_user=clerk)
        docket_entry_modify_text(entry=imported, text="Status report (joint).", note="x", acting_user=clerk)


def _district(case, viewer=None) -> JuriscraperDocketReport:
    report = docket_report_build(case=case, viewer=viewer or AnonymousUser(), filters=DocketFilters())
    parser = JuriscraperDocketReport("cit")
    parser._parse_text(docket_report_html(report))
    return parser


def test_the_district_report_shows_the_marks_and_juriscraper_reads_them(cit, clerk):
    entries = _docket(cit)
    case = entries[0].case
    before = [e["description"] for e in _district(case).data["docket_entries"]]
    assert before[0] == "Motion to stay & <suspend> proceedings. (Entered: 03/03/2026)"
    _mark(entries, clerk)
    descriptions = [e["description"] for e in _district(case).data["docket_entries"]]
    assert descriptions == [
        "MOTION to stay & <suspend> proceedings. (Modified on 3/16/2026) (Entered: 03/03/2026)",
        "STRICKEN Response to motion. (Modified on 3/16/2026) (Entered: 03/04/2026)",
        "FILED IN ERROR Notice of appearance. (Modified on 3/16/2026) (Entered: 03/05/2026)",
        # The clerk's corrected text has no "(Entered: …)" of its own any more: the report adds it.
        "Status report (joint). (Modified on 3/16/2026) (Entered: 03/06/2026)",
        "Plain entry. (Entered: 03/07/2026)",
    ]
    html = docket_report_html(docket_report_build(case=case, viewer=None, filters=DocketFilters()))
    assert (
        '<strong class="docket-mark">STRICKEN</strong> <s class="docket-stricken">Response to motion.</s> '
        "(Modified on 3/16/2026) (Entered: 03/04/2026)"
    ) in html
    assert "MOTION to stay &amp; &lt;suspend&gt; proceedings." in html


def test_an_imported_text_keeps_its_own_entered_date_after_the_mark(cit, clerk):
    entries = _docket(cit)
    with time_machine.travel(EVENING, tick=False):
        docket_entry_strike(entry=entries[3], note="Stricken.", acting_user=clerk)
    description = _district(entries[3].case).data["docket_entries"][3]["description"]
    assert description == "STRICKEN Status report. (Modified on 3/16/2026) (Entered: 03/04/2026)"


def test_a_sealed_entry_shows_no_marks_to_the_public(cit, clerk):
    entries = _docket(cit)
    with time_machine.travel(EVENING, tick=False):
        docket_entry_strike(entry=entries[1], note="Stricken.", acting_user=clerk)
    docket_entry_restrict(entry=entries[1], restriction=EntryRestriction.SEALED, acting_user=clerk)
    public = _district(entries[1].case).data["docket_entries"][1]
    assert public["description"] == "SEALED"
    staff = _district(entries[1].case, clerk).data["docket_entries"][1]
    assert staff["description"].startswith("STRICKEN Response to motion.")


def test_the_appellate_report_shows_the_marks_and_juriscraper_reads_them(cafc, clerk):
    entries = _docket(cafc)
    _mark(entries, clerk)
    report = docket_report_build(case=entries[0].case, viewer=AnonymousUser(), filters=DocketFilters())
    body = appellate_docket_body(report, document_url=document_url_builder("cafc"))
    assert '<s class="docket-stricken">Response to motion.</s>' in body
    parser = AppellateDocketReport("cafc")
    parser._parse_text(f"<html><body>{body}</body></html>")
    descriptions = [e["description"] for e in parser.data["docket_entries"]]
    assert descriptions == [
        "MOTION to stay & <suspend> proceedings. (Modified on 3/16/2026)",
        "STRICKEN Response to motion. (Modified on 3/16/2026)",
        "FILED IN ERROR Notice of appearance. (Modified on 3/16/2026)",
        "Status report (joint). (Modified on 3/16/2026)",
        "Plain entry.",
    ]


def test_the_json_form_says_the_same(cit, clerk):
    entries = _docket(cit)
    _mark(entries, clerk)
    report = docket_report_build(case=entries[0].case, viewer=AnonymousUser(), filters=DocketFilters())
    data = docket_report_json(report, document_url=document_url_builder("cit"))
    assert [e["description"] for e in data["docket_entries"]][:3] == [
        "MOTION to stay & <suspend> proceedings. (Modified on 3/16/2026)",
        "STRICKEN Response to motion. (Modified on 3/16/2026)",
        "FILED IN ERROR Notice of appearance. (Modified on 3/16/2026)",
    ]


def test_both_marks_and_no_zero_padding():
    marks = EntryMarks(dt.date(2026, 1, 5), dt.date(2026, 1, 5), dt.date(2026, 1, 5))
    assert marked_text("Text.", marks) == "FILED IN ERROR STRICKEN Text. (Modified on 1/5/2026)"
    assert marked_text("Text.", None) == "Text."
