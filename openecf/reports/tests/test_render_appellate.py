"""The appellate Docket Report round-trips through juriscraper's AppellateDocketReport."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from juriscraper.lib.string_utils import clean_string, harmonize
from juriscraper.pacer import AppellateDocketReport

from openecf.cases.models import Case, Party, PartyRole, Representation
from openecf.cases.services import (
    attorney_create,
    case_consolidate,
    case_open,
    case_terminate,
    party_add,
    representation_add,
)
from openecf.courts.catalog import COURTS
from openecf.courts.factories import CourtRoleFactory
from openecf.courts.models import Court, CourtKind
from openecf.courts.services import judge_add
from openecf.docket.models import DocketEntry, EntryRestriction
from openecf.documents.models import Document
from openecf.documents.services import DocumentUpload, docket_entry_with_documents_create
from openecf.documents.testing import make_pdf
from openecf.reports.filters import DocketFilters
from openecf.reports.render_appellate import appellate_docket_body
from openecf.reports.selectors import (
    DocketReport,
    ReportAttorney,
    ReportEntry,
    ReportParty,
    docket_report_build,
)

# Neutral site chrome around the fragment, with the words a real page header carries.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Docket Report: Case 20-1001, U.S. Court of Appeals for the Federal Circuit</title></head>
<body><a class="usa-skipnav" href="#main-content">Skip to main content</a>
<header class="usa-header usa-header--basic"><div class="usa-nav-container">
<div class="usa-logo"><em class="usa-logo__text">U.S. Court of Appeals for the Federal Circuit</em></div>
<nav class="usa-nav"><ul class="usa-nav__primary usa-accordion">
<li class="usa-nav__primary-item"><a class="usa-nav-link" href="/cafc/">Case search</a></li>
<li class="usa-nav__primary-item"><a class="usa-nav-link" href="/cafc/opinions">Written Opinions</a></li>
</ul></nav></div></header>
<main id="main-content" class="grid-container"><h1>Docket Report</h1>
<p>Case 20-1001 &middot; Docket generated 08/06/2020</p>
@BODY@
</main>
<footer class="usa-footer"><div class="grid-container">OpenECF &middot; Case Management /
Electronic Case Files &middot; PACER fees apply to this Docket Report</div></footer>
</body></html>"""


def document_link(public_id: str) -> str:
    return f"/cafc/doc1/{public_id}"


def parse(body: str, court_id: str = "cafc") -> dict[str, Any]:
    parser = AppellateDocketReport(court_id)
    parser._parse_text(PAGE.replace("@BODY@", body))
    data: dict[str, Any] = parser.data
    assert data, "juriscraper refused the page"
    return data


def render(report: DocketReport) -> str:
    return appellate_docket_body(report, document_url=document_link)


def squeeze(text: str) -> str:
    """Whitespace as juriscraper normalizes docket text."""
    return re.sub(r"\s+,", ",", " ".join(text.split()))


def entries_of(data: dict[str, Any]) -> list[tuple[str | None, dt.date, str]]:
    return [(e["document_number"], e["date_filed"], e["description"]) for e in data["docket_entries"]]


def parties_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "name": party["name"],
            "type": party["type"],
            "date_terminated": party.get("date_terminated"),
            "attorneys": [
                {"name": a["name"], "contact": a["contact"], "roles": a["roles"]} for a in party["attorneys"]
            ],
        }
        for party in data["parties"]
    ]


# ---------------------------------------------------------------- a case built through the services


@pytest.fixture
def court_staff(cafc):
    return CourtRoleFactory.create(court=cafc, user__username="cafc-clerk").user


@pytest.fixture
def appeal(cafc, cit):
    origin = case_open(
        court=cit,
        caption="Jiangsu <Steel> & Wire Co. v. United States",
        date_filed=dt.date(2019, 2, 4),
        acting_user=None,
    )
    case_terminate(case=origin, date_terminated=dt.date(2019, 10, 1), acting_user=None)
    panel = [
        judge_add(court=cafc, name=name, acting_user=None)
        for name in ("Timothy B. Dyk", "Kara F. Stoll", "Raymond T. Chen")
    ]
    case = case_open(
        court=cafc,
        caption="JIANGSU <STEEL> & WIRE CO.,\nPlaintiff-Appellant\n\nv.\n\nUNITED STATES,\nDefendant-Appellee",
        short_title='Jiangsu <Steel> & Wire Co. v. "United" States',
        date_filed=dt.date(2020, 1, 6),
        judges=panel,
        nature_of_suit="Antidumping & Countervailing <Duty>",
        jurisdiction="Court of International Trade, 28 U.S.C. 1295(a)(5)",
        originating_case=origin,
        acting_user=None,
    )
    appellant = party_add(
        case=case,
        name="Jiangsu <Steel> & Wire Co., Ltd.",
        role=PartyRole.APPELLANT,
        role_label="Plaintiff - Appellant",
        acting_user=None,
    )
    appellee = party_add(
        case=case,
        name="United States",
        role=PartyRole.APPELLEE,
        role_label="Defendant - Appellee",
        acting_user=None,
    )
    gone = party_add(
        case=case,
        name='O\'Neill "Tube" Corp.',
        role=PartyRole.INTERVENOR,
        role_label="Intervenor",
        extra_info="formerly Tube & Pipe <Holdings>",
        date_terminated=dt.date(2020, 3, 2),
        acting_user=None,
    )
    party_add(case=case, name="Friends of Fair Trade", role=PartyRole.AMICUS, acting_user=None)
    counsel = attorney_create(
        court=cafc,
        name="Ned H. Marshak",
        firm="Grunfeld, Desiderio, Lebowitz, Silverman & Klestadt LLP",
        address="599 Lexington Ave., 36th Floor\nNew York, NY 10022-7648",
        phone="212-557-4000",
        email="nmarshak@example.com",
        acting_user=None,
    )
    government = attorney_create(
        court=cafc,
        name="Kelly A. Krystyniak",
        firm="Department of Justice <Civil Division>",
        address="P.O. Box 480\nBen Franklin Station\nWashington, DC 20044",
        fax="202-514-8624",
        acting_user=None,
    )
    departed = attorney_create(court=cafc, name="A. B. O'Connor", phone="202-555-0100", acting_user=None)
    representation_add(
        party=appellant,
        attorney=counsel,
        lead=True,
        other_designations=["COR NTC Retained"],
        acting_user=None,
    )
    representation_add(
        party=appellant, attorney=departed, date_terminated=dt.date(2020, 2, 1), acting_user=None
    )
    representation_add(party=appellee, attorney=government, lead=True, acting_user=None)
    representation_add(party=gone, attorney=counsel, to_be_noticed=False, acting_user=None)

    docket_entry_with_documents_create(
        case=case,
        text='Appeal docketed. Received: 01/06/2020. Fee paid <"receipt" & no. 12>. Entry of appearance due.',
        date_filed=dt.date(2020, 1, 6),
        documents=[DocumentUpload(make_pdf("notice of appeal"))],
        acting_user=None,
    )
    docket_entry_with_documents_create(
        case=case,
        text="Clerk's note: paper copies received & logged.",
        numbered=False,
        date_filed=dt.date(2020, 1, 7),
        acting_user=None,
    )
    docket_entry_with_documents_create(
        case=case,
        text="Opening brief for Jiangsu <Steel> & Wire Co., Ltd. Service: 02/03/2020 by email.",
        date_filed=dt.date(2020, 2, 3),
        documents=[
            DocumentUpload(make_pdf("brief", pages=3)),
            DocumentUpload(make_pdf("appendix volume 1"), description="Appendix Vol. 1"),
            DocumentUpload(make_pdf("appendix volume 2"), description="Appendix Vol. 2"),
        ],
        acting_user=None,
    )
    docket_entry_with_documents_create(
        case=case,
        text="SEALED motion of appellant for leave to file confidential <BPI> appendix.",
        date_filed=dt.date(2020, 2, 10),
        restriction=EntryRestriction.SEALED,
        documents=[DocumentUpload(make_pdf("sealed motion"))],
        acting_user=None,
    )
    docket_entry_with_documents_create(
        case=case,
        text="Paper copy of the appendix received (5 copies).",
        numbered=False,
        date_filed=dt.date(2020, 2, 12),
        documents=[DocumentUpload(make_pdf("receipt"))],
        acting_user=None,
    )
    docket_entry_with_documents_create(
        case=case,
        text="Panel: Dyk, Stoll , Chen. Termed: see order. Case Number 99-9999. Date Filed: never.",
        date_filed=dt.date(2020, 5, 22),
        acting_user=None,
    )
    case_terminate(case=case, date_terminated=dt.date(2020, 5, 22), acting_user=None)
    member = case_open(
        court=cafc, caption="Acme Wire v. United States", date_filed=dt.date(2020, 1, 9), acting_user=None
    )
    case_consolidate(lead_case=case, member_cases=[member], acting_user=None)
    case.refresh_from_db()
    return Case.objects.select_related("court", "originating_case__court").get(pk=case.pk)


def expected_parties(case: Case) -> list[dict[str, Any]]:
    seen: dict[int, str] = {}
    parties = []
    for party in Party.objects.filter(case=case).order_by("position", "id"):
        attorneys = []
        for representation in Representation.objects.filter(party=party).select_related("attorney"):
            attorney = representation.attorney
            contact = seen.setdefault(attorney.pk, "\n".join(attorney.contact_lines))
            attorneys.append(
                {"name": attorney.name, "contact": contact, "roles": representation.designations}
            )
        parties.append(
            {
                "name": party.name,
                "type": party.role_label,
                "date_terminated": party.date_terminated,
                "attorneys": attorneys,
            }
        )
    return parties


def expected_entries(case: Case, *, staff: bool) -> list[tuple[str | None, dt.date, str]]:
    return [
        (
            str(entry.number) if entry.number is not None else None,
            entry.date_filed,
            squeeze(entry.text) if staff or entry.is_public else "SEALED",
        )
        for entry in DocketEntry.objects.filter(case=case).order_by("sequence")
    ]


@pytest.mark.parametrize("viewer_kind", ["public", "staff"])
def test_round_trip_matches_the_database(appeal, court_staff, viewer_kind):
    viewer = court_staff if viewer_kind == "staff" else AnonymousUser()
    report = docket_report_build(case=appeal, viewer=viewer, filters=DocketFilters())

    data = parse(render(report))

    assert data["docket_number"] == appeal.pacer_case_number == "20-1001"
    assert data["case_name"] == clean_string(harmonize(appeal.short_title))
    assert data["case_name"] == 'Jiangsu <Steel> & Wire Co. v. "United" States'
    assert data["date_filed"] == appeal.date_filed
    assert data["date_terminated"] == appeal.date_terminated == dt.date(2020, 5, 22)
    assert parties_of(data) == expected_parties(appeal)
    assert entries_of(data) == expected_entries(appeal, staff=viewer_kind == "staff")


def test_header_shows_origin_panel_and_case_type(appeal):
    report = docket_report_build(case=appeal, viewer=AnonymousUser(), filters=DocketFilters())
    body = render(report)
    data = parse(body)

    assert data["nature_of_suit"] == "Antidumping & Countervailing <Duty>"
    assert data["appeal_from"] == "U.S. Court of International Trade"
    assert data["case_type_information"] == "Court of International Trade, 28 U.S.C. 1295(a)(5)"
    origin = data["originating_court_information"]
    assert origin["docket_number"] == appeal.originating_case.pacer_case_number == "1:19-cv-00001"
    assert origin["date_filed"] == dt.date(2019, 2, 4)
    assert origin["date_disposed"] == dt.date(2019, 10, 1)
    assert data["panel"] == ["Timothy", "B.", "Dyk,", "Kara", "F.", "Stoll,", "Raymond", "T.", "Chen"]
    assert "General Docket<br>U.S. Court of Appeals for the Federal Circuit" in body
    assert "20-1002 Acme Wire v. United States" in body  # the consolidated member case
    assert "JIANGSU &lt;STEEL&gt; &amp; WIRE CO.,<br>Plaintiff-Appellant<br>v." in body


def test_sealed_entry_is_a_bare_line_for_the_public(appeal, court_staff):
    sealed = DocketEntry.objects.get(case=appeal, restriction=EntryRestriction.SEALED)
    sealed_document = Document.objects.get(docket_entry=sealed)

    public = render(docket_report_build(case=appeal, viewer=AnonymousUser(), filters=DocketFilters()))
    staff = render(docket_report_build(case=appeal, viewer=court_staff, filters=DocketFilters()))

    assert "BPI" not in public
    assert document_link(sealed_document.public_id) not in public
    assert f"<tr><td>02/10/2020</td><td>{sealed.number}</td><td>SEALED</td></tr>" in public
    assert "usa-tag" not in public
    assert "confidential &lt;BPI&gt; appendix" in staff
    assert f'<a href="{document_link(sealed_document.public_id)}">{sealed.number}</a>' in staff
    assert '<span class="usa-tag">Restricted</span>' in staff


def test_document_links_and_attachments(appeal):
    body = render(docket_report_build(case=appeal, viewer=AnonymousUser(), filters=DocketFilters()))
    brief = DocketEntry.objects.get(case=appeal, number=2)
    main = Document.objects.get(docket_entry=brief, attachment_number=0)

    assert f'<a href="{document_link(main.public_id)}">2</a>' in body
    assert "2 attachments" in body
    receipt = DocketEntry.objects.get(case=appeal, text__startswith="Paper copy")
    receipt_document = Document.objects.get(docket_entry=receipt)
    # An unnumbered entry's document is an icon link in the text cell, so it gains no number.
    assert f'<td><a href="{document_link(receipt_document.public_id)}" class="margin-right-05"' in body
    parsed = {e["description"]: e for e in parse(body)["docket_entries"]}
    assert parsed["Paper copy of the appendix received (5 copies)."]["document_number"] is None


def test_every_value_is_escaped(appeal):
    body = render(docket_report_build(case=appeal, viewer=AnonymousUser(), filters=DocketFilters()))

    assert "<Steel>" not in body and "<BPI>" not in body and "<Duty>" not in body
    assert "Jiangsu &lt;Steel&gt; &amp; Wire Co., Ltd." in body
    assert "&lt;&#34;receipt&#34; &amp; no. 12&gt;" in body
    assert "O&#39;Neill &#34;Tube&#34; Corp." in body


def test_hostile_document_url_is_escaped(appeal):
    report = docket_report_build(case=appeal, viewer=AnonymousUser(), filters=DocketFilters())
    body = appellate_docket_body(report, document_url=lambda pk: f'/d/{pk}"><script>alert(1)</script>')
    assert "<script>" not in body
    assert "&#34;&gt;&lt;script&gt;" in body


def test_labels_in_docket_text_do_not_change_the_case_header(appeal):
    """The last entry's text carries 'Panel:', 'Termed:', 'Case Number', 'Date Filed:'."""
    data = parse(render(docket_report_build(case=appeal, viewer=AnonymousUser(), filters=DocketFilters())))
    assert data["docket_number"] == "20-1001"
    assert data["date_terminated"] == dt.date(2020, 5, 22)
    assert data["panel"][0] == "Timothy"


def test_open_case_without_origin_or_panel(cafc):
    case = case_open(
        court=cafc, caption="In re Smith & Sons", date_filed=dt.date(2021, 4, 1), acting_user=None
    )
    data = parse(render(docket_report_build(case=case, viewer=AnonymousUser(), filters=DocketFilters())))

    assert data["docket_number"] == "21-1001"
    assert data["case_name"] == "In re Smith & Sons"
    assert data["date_terminated"] is None
    assert data["nature_of_suit"] == ""
    assert data["appeal_from"] == ""
    assert data["originating_court_information"] == {}
    assert data["panel"] == []
    assert data["parties"] == []
    assert data["docket_entries"] == []


def test_filters_order_and_empty_result(appeal):
    newest = docket_report_build(case=appeal, viewer=AnonymousUser(), filters=DocketFilters(order="newest"))
    numbers = [e["document_number"] for e in parse(render(newest))["docket_entries"]]
    assert numbers == ["4", None, "3", "2", None, "1"]

    nothing = docket_report_build(
        case=appeal, viewer=AnonymousUser(), filters=DocketFilters(date_from=dt.date(2030, 1, 1))
    )
    body = render(nothing)
    assert "No docket entries found." in body
    assert parse(body)["docket_entries"] == []


def test_many_entries_render_as_rows(appeal):
    """A long docket: every row is there, in order, each with its link (no timing asserted)."""
    report = docket_report_build(case=appeal, viewer=AnonymousUser(), filters=DocketFilters())
    report.entries = [
        ReportEntry(
            number=n,
            number_label=str(n),
            date_filed=dt.date(2020, 1, 1) + dt.timedelta(days=n % 300),
            date_entered=dt.date(2020, 1, 1),
            text=f"Entry {n} & more",
            document_id=f"{n:040d}",
            attachment_count=0,
            restricted=False,
        )
        for n in range(1, 3001)
    ]
    data = parse(render(report))
    assert [e["document_number"] for e in data["docket_entries"]] == [str(n) for n in range(1, 3001)]
    assert data["docket_entries"][-1]["description"] == "Entry 3000 & more"
    # The link's opaque id is what juriscraper reads as the PACER document id.
    assert data["docket_entries"][-1]["pacer_doc_id"] == f"{3000:040d}"


# ---------------------------------------------------------------- the imported appellate samples


def sample_report(sample: dict[str, Any]) -> DocketReport:
    """The report the importer's data would give, built in memory from juriscraper's JSON."""
    court = Court(id=sample["court_id"], name=f"Court {sample['court_id']}", kind=CourtKind.APPELLATE)
    court.pacer_case_number_format = COURTS["cafc"]["pacer_case_number_format"]
    court.display_case_number_format = COURTS["cafc"]["display_case_number_format"]
    yy, sequence = sample["docket_number"].split("-")
    case = Case(
        court=court,
        year=2000 + int(yy),
        case_type="ca",
        sequence=int(sequence),
        caption=sample["case_name"],
        short_title=sample["case_name"],
        date_filed=dt.date.fromisoformat(sample["date_filed"]),
        date_terminated=(
            dt.date.fromisoformat(sample["date_terminated"]) if sample["date_terminated"] else None
        ),
        nature_of_suit=sample["nature_of_suit"],
        jurisdiction=sample["case_type_information"],
        originating_case_text=sample["appeal_from"],
    )
    parties = [
        ReportParty(
            name=party["name"],
            role_label=party["type"],
            extra_info="",
            date_terminated=None,
            attorneys=[
                ReportAttorney(
                    name=attorney["name"],
                    contact_lines=attorney["contact"].split("\n") if attorney["contact"] else [],
                    designations=attorney["roles"],
                    date_terminated=None,
                )
                for attorney in party["attorneys"]
            ],
        )
        for party in sample["parties"]
    ]
    entries = [
        ReportEntry(
            number=int(entry["document_number"]) if entry["document_number"] else None,
            number_label=entry["document_number"] or "",
            date_filed=dt.date.fromisoformat(entry["date_filed"]),
            date_entered=dt.date.fromisoformat(entry["date_entered"] or entry["date_filed"]),
            text=entry["description"],
            # A linked document wherever PACER had one, so links are exercised too.
            document_id=f"{position:040d}" if entry["pacer_doc_id"] else None,
            attachment_count=0,
            restricted=False,
        )
        for position, entry in enumerate(sample["docket_entries"], 1)
    ]
    return DocketReport(
        court=court,
        case=case,
        judges=[],
        parties=parties,
        entries=entries,
        filters=DocketFilters(),
        generated_at=timezone.now(),
    )


def appellate_samples() -> list[Path]:
    """Found the way the root conftest finds the samples (the test then skips if they are absent)."""
    default = Path(__file__).resolve().parents[3].parent / "shared" / "pacer-samples"
    samples = Path(os.environ.get("OPENECF_PACER_SAMPLES", default))
    return sorted((samples / "dockets" / "appellate").glob("*.json"))


@pytest.mark.parametrize("sample_path", appellate_samples(), ids=lambda path: path.stem)
def test_appellate_samples_survive_render_and_parse(pacer_samples, sample_path):
    sample = json.loads(sample_path.read_text())
    data = parse(render(sample_report(sample)), court_id=sample["court_id"])

    for key in ("docket_number", "case_name", "nature_of_suit", "appeal_from", "case_type_information"):
        assert data[key] == sample[key], key
    assert data["date_filed"].isoformat() == sample["date_filed"]
    assert (data["date_terminated"] and data["date_terminated"].isoformat()) == sample["date_terminated"]
    assert [
        (p["name"], p["type"], [(a["name"], a["contact"], a["roles"]) for a in p["attorneys"]])
        for p in data["parties"]
    ] == [
        (p["name"], p["type"], [(a["name"], a["contact"], a["roles"]) for a in p["attorneys"]])
        for p in sample["parties"]
    ]
    assert [
        (e["document_number"], e["date_filed"].isoformat(), e["description"]) for e in data["docket_entries"]
    ] == [(e["document_number"], e["date_filed"], e["description"]) for e in sample["docket_entries"]]
