"""Import of saved PACER Docket Reports: every sample, its round trip, idempotency, refusals."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from juriscraper.pacer import AppellateDocketReport, DocketReport

from openecf.cases.models import Case, Party, PartyRole, Representation
from openecf.courts.models import Court
from openecf.docket.models import DocketEntry
from openecf.docket.pacer_import import pacer_docket_import, role_for_party_type
from openecf.documents.testing import make_pdf
from openecf.errors import InvalidInput

pytestmark = pytest.mark.django_db

# Listed at collection time, one test per docket; the pacer_samples fixture skips if absent.
_SAMPLES_ROOT = Path(
    os.environ.get(
        "OPENECF_PACER_SAMPLES",
        Path(__file__).resolve().parents[3].parent / "shared" / "pacer-samples",
    )
)
DOCKETS = sorted(
    f"{path.parent.name}/{path.stem}"
    for kind in ("cit", "district", "appellate")
    for path in (_SAMPLES_ROOT / "dockets" / kind).glob("*.html")
) or ["samples-absent/none"]


def _sample(pacer_samples: Path, name: str) -> tuple[str, dict[str, Any]]:
    html_path = pacer_samples / "dockets" / f"{name}.html"
    expected = json.loads(html_path.with_suffix(".json").read_text(encoding="utf-8"))
    return html_path.read_text(encoding="utf-8"), expected


def _parser(name: str, court_id: str) -> DocketReport | AppellateDocketReport:
    return AppellateDocketReport(court_id) if name.startswith("appellate/") else DocketReport(court_id)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _contact_lines(contact: str) -> list[str]:
    return [" ".join(line.split()) for line in contact.splitlines() if line.strip()]


@pytest.mark.parametrize("name", DOCKETS)
def test_import_matches_sample(pacer_samples, name):
    html, expected = _sample(pacer_samples, name)
    court_id = expected["court_id"]

    result = pacer_docket_import(html=html, court_id=court_id, acting_user=None)

    assert result.created
    case = Case.objects.select_related("court").get(pk=result.case.pk)
    assert case.court_id == court_id
    assert Court.objects.filter(id=court_id).exists()
    assert case.pacer_case_number == expected["docket_number"]
    assert case.caption == expected["case_name"]
    assert case.short_title == expected["case_name"][:300]
    assert _iso(case.date_filed) == expected["date_filed"]
    assert _iso(case.date_terminated) == expected["date_terminated"]
    assert case.nature_of_suit == (expected.get("nature_of_suit") or "")
    assert case.cause == (expected.get("cause") or "")
    assert case.jurisdiction == (expected.get("jurisdiction") or "")
    assert case.assigned_to_text == (expected.get("assigned_to_str") or "")
    if name.startswith("appellate/") and expected["originating_court_information"]:
        assert expected["originating_court_information"]["docket_number"] in case.originating_case_text

    parties = list(Party.objects.filter(case=case).order_by("position"))
    assert [p.name for p in parties] == [p["name"] for p in expected["parties"]]
    for party, wanted in zip(parties, expected["parties"], strict=True):
        assert party.role_label == wanted["type"]
        assert party.role == role_for_party_type(wanted["type"])
        assert party.extra_info == wanted.get("extra_info", "")
        assert _iso(party.date_terminated) == wanted.get("date_terminated")
        representations = list(
            Representation.objects.filter(party=party).select_related("attorney").order_by("position")
        )
        assert [r.attorney.name for r in representations] == [a["name"] for a in wanted.get("attorneys", [])]
        for representation, lawyer in zip(representations, wanted.get("attorneys", []), strict=True):
            assert representation.attorney.contact_text == lawyer["contact"]
            assert representation.designations == lawyer["roles"]

    entries = list(DocketEntry.objects.filter(case=case).order_by("sequence"))
    assert len(entries) == len(expected["docket_entries"]) == result.counts["entries"]
    for entry, wanted in zip(entries, expected["docket_entries"], strict=True):
        number = wanted["document_number"]
        assert entry.number == (int(number) if number else None)
        assert entry.text == wanted["description"]
        assert _iso(entry.date_filed) == wanted["date_filed"]
        assert _iso(entry.date_entered) == (wanted["date_entered"] or wanted["date_filed"])
        assert entry.legacy_doc_id == (wanted.get("pacer_doc_id") or "")
        assert entry.legacy_seq_no == (wanted.get("pacer_seq_no") or "")
    assert result.counts["parties"] == len(expected["parties"])


@pytest.mark.parametrize("name", DOCKETS)
def test_rendered_docket_report_reads_back_as_the_sample(pacer_samples, name):
    """Imported, printed by `openecf docket-report`, read again by juriscraper: the same docket."""
    html, expected = _sample(pacer_samples, name)
    court_id = expected["court_id"]
    result = pacer_docket_import(html=html, court_id=court_id, acting_user=None)
    output = io.StringIO()

    call_command("docket_report", court_id, result.case.pacer_case_number, "--format", "html", stdout=output)

    parser = _parser(name, court_id)
    parser._parse_text(output.getvalue())
    got = json.loads(json.dumps(parser.data, default=_iso))
    assert got["case_name"] == expected["case_name"]
    assert got["docket_number"] == expected["docket_number"]
    assert got["date_filed"] == expected["date_filed"]
    assert got["date_terminated"] == expected["date_terminated"]
    assert [(e["document_number"], e["date_filed"], e["description"]) for e in got["docket_entries"]] == [
        (e["document_number"], e["date_filed"], e["description"]) for e in expected["docket_entries"]
    ]
    assert [(p["name"], p["type"]) for p in got["parties"]] == [
        (p["name"], p["type"]) for p in expected["parties"]
    ]
    for party, wanted in zip(got["parties"], expected["parties"], strict=True):
        assert [(a["name"], a["roles"]) for a in party.get("attorneys", [])] == [
            (a["name"], a["roles"]) for a in wanted.get("attorneys", [])
        ]
        assert [_contact_lines(a["contact"]) for a in party.get("attorneys", [])] == [
            _contact_lines(a["contact"]) for a in wanted.get("attorneys", [])
        ]


def test_second_import_of_the_same_file_changes_nothing(pacer_samples):
    html, _ = _sample(pacer_samples, "cit/cit")
    first = pacer_docket_import(html=html, court_id="cit", acting_user=None)
    before = _row_counts()

    again = pacer_docket_import(html=html, court_id="cit", acting_user=None)

    assert first.created and not again.created
    assert again.case.pk == first.case.pk
    assert _row_counts() == before


def test_command_prints_one_line_and_then_already_imported(pacer_samples):
    path = pacer_samples / "dockets" / "cit" / "cit.html"
    first, second = io.StringIO(), io.StringIO()

    call_command("import_pacer_docket", str(path), "--court", "cit", stdout=first)
    call_command("import_pacer_docket", str(path), "--court", "cit", stdout=second)

    assert first.getvalue() == (
        "Imported 1:08-cv-00398 New Hampshire Ball Bearing, Inc. v. United States: 6 parties, 15 entries\n"
    )
    assert second.getvalue() == (
        "Already imported 1:08-cv-00398 New Hampshire Ball Bearing, Inc. v. United States\n"
    )


def test_an_attorney_for_several_parties_is_one_attorney(pacer_samples):
    html, _ = _sample(pacer_samples, "district/cand_2")
    case = pacer_docket_import(html=html, court_id="cand", acting_user=None).case

    kreger = Representation.objects.filter(party__case=case, attorney__name="Wayne Scott Kreger")
    assert kreger.count() == 2
    assert kreger.values("attorney").distinct().count() == 1
    terminated = kreger.first()
    assert terminated is not None
    attorney = terminated.attorney
    assert attorney.firm == "Law Offices of Wayne Kreger"
    assert attorney.phone == "310-917-1083"
    assert attorney.fax == "310-917-1001"
    assert attorney.email == "wayne@kregerlaw.com"
    assert terminated.date_terminated == dt.date(2009, 6, 22)
    assert terminated.lead and terminated.to_be_noticed and not terminated.pro_hac_vice


def test_appellate_entries_keep_their_zero_padded_document_ids(pacer_samples):
    html, _ = _sample(pacer_samples, "appellate/ca1")
    case = pacer_docket_import(html=html, court_id="ca1", acting_user=None).case

    first = DocketEntry.objects.filter(case=case).order_by("sequence").first()
    assert first is not None
    assert first.number == 106008873
    assert first.legacy_doc_id == "00106008873"
    assert DocketEntry.objects.filter(case=case, number__isnull=True).count() == 2
    assert case.court.is_appellate
    assert case.originating_case_text == "District of Massachusetts, Boston, 1:09-cv-11783"
    trustee = Party.objects.get(case=case, name="JOHN FITZGERALD, Assistant U.S. Trustee")
    assert trustee.role == PartyRole.INTERESTED_PARTY
    assert trustee.pro_se
    designations = Representation.objects.get(party=trustee).designations
    assert designations == ["NTC Pro Se"]


def test_a_repeated_docket_number_becomes_an_unnumbered_entry(pacer_samples):
    html, _ = _sample(pacer_samples, "cit/cit")
    row_start = html.index("<tr><td width='94' valign=top nowrap>11/13/2008</td>")
    row_end = html.index("</tr>", row_start) + len("</tr>")
    first_row = html[row_start:row_end]
    repeated = first_row.replace("0141348336", "0141348999").replace("Summons.", "Summons again.")
    html = html[:row_end] + "\n" + repeated + html[row_end:]

    case = pacer_docket_import(html=html, court_id="cit", acting_user=None).case

    entries = list(DocketEntry.objects.filter(case=case).order_by("sequence"))
    assert len(entries) == 16
    assert entries[0].number == 1
    assert entries[1].number is None
    assert entries[1].legacy_doc_id == "0140348999"
    assert entries[1].text.startswith("Summons again.")
    assert [e.number for e in entries[2:]] == list(range(2, 16))


def _refused_by_command(tmp_path: Path, content: bytes | None, court: str, source: Path | None = None) -> str:
    path = source or tmp_path / "docket.html"
    if content is not None:
        path.write_bytes(content)
    before = _row_counts()
    with pytest.raises(CommandError) as refusal:
        call_command("import_pacer_docket", str(path), "--court", court, stdout=io.StringIO())
    assert _row_counts() == before
    message = str(refusal.value)
    assert message and "\n" not in message
    return message


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (make_pdf("A complaint"), "PDF"),
        (random.Random(7).randbytes(4096), "not"),
        (b"\x00\x01\x02<html>\x00</html>", "not an HTML page"),
        (b"<html><body><p>Welcome to PACER</p></body></html>", "not a PACER Docket Report"),
        (
            b"<html><body><table><tr><td>x</td></tr></table></body></html>",
            "not a PACER Docket Report",
        ),
    ],
    ids=["empty", "blank", "pdf", "garbage", "nul-bytes", "other-html", "table-html"],
)
def test_what_is_not_a_docket_report_is_refused_and_nothing_is_written(cit, tmp_path, content, reason):
    message = _refused_by_command(tmp_path, content, "cit")

    assert reason in message
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "sample",
    ["case_queries/ded_48523.html", "case_queries/dcd.html", "attachment_pages/cand_0350167.html"],
)
def test_other_pacer_pages_are_refused(pacer_samples, tmp_path, sample):
    court = sample.split("/")[1].split("_")[0].split(".")[0]

    message = _refused_by_command(tmp_path, None, court, source=pacer_samples / sample)

    assert "not a PACER Docket Report" in message
    assert not Court.objects.filter(id=court).exists()


@pytest.mark.parametrize(
    ("sample", "court", "named"),
    [
        ("cit/cit", "nysd", "cit"),
        ("cit/cit", "cafc", "cit"),
        ("district/dcd_1", "nysd", "dcd"),
        ("district/ded", "cand", "ded"),
        ("district/nysd_1", "nysb", "nysd"),
        ("appellate/ca1", "cafc", "ca1"),
        ("appellate/cadc_1", "ca4", "cadc"),
        ("appellate/cavc_18-3815", "ca2", "cavc"),
    ],
)
def test_a_docket_of_another_court_is_refused(pacer_samples, tmp_path, sample, court, named):
    source = pacer_samples / "dockets" / f"{sample}.html"

    message = _refused_by_command(tmp_path, None, court, source=source)

    assert f"from '{named}', not '{court}'" in message
    assert not Court.objects.filter(id=court).exists()


def test_an_unknown_court_id_is_refused(pacer_samples, tmp_path):
    source = pacer_samples / "dockets" / "cit" / "cit.html"

    message = _refused_by_command(tmp_path, None, "zzz", source=source)

    assert "'zzz' is not a federal court id" in message


def test_a_missing_file_is_refused(tmp_path):
    message = _refused_by_command(tmp_path, None, "cit", source=tmp_path / "nowhere.html")

    assert "Cannot read" in message


def test_the_service_refuses_with_invalid_input(cit):
    with pytest.raises(InvalidInput) as refusal:
        pacer_docket_import(html="<html></html>", court_id="cit", acting_user=None)

    assert refusal.value.code == "not_a_docket_report"
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("printed", "role"),
    [
        ("Plaintiff", PartyRole.PLAINTIFF),
        ("Intervenor Defendant", PartyRole.DEFENDANT_INTERVENOR),
        ("Defendant-Intervenor", PartyRole.DEFENDANT_INTERVENOR),
        ("Interested\u00a0Party", PartyRole.INTERESTED_PARTY),
        ("Appellee", PartyRole.APPELLEE),
        ("Counter Claimant", PartyRole.OTHER),
        ("In\u00a0re", PartyRole.OTHER),
    ],
)
def test_party_types_map_to_roles(printed, role):
    assert role_for_party_type(printed) == role


def test_twelve_digit_appellate_document_ids_are_kept_and_round_trip(pacer_samples):
    """A court of appeals that prints 12-digit document ids where others print entry numbers: they exceed
    the entry-number column, so they are kept as printed and the Docket Report prints them back."""
    html, _ = _sample(pacer_samples, "appellate/ca1")
    # 00106008873 -> 009106008873; juriscraper zeroes the fourth digit of a doc1 link: 009006008873.
    long_ids = html.replace("docs1/00106", "docs1/009106").replace(
        "doDocPostURL('00106", "doDocPostURL('009106"
    )
    wanted = _parser("appellate/", "ca1")
    wanted._parse_text(long_ids)
    wanted_numbers = [e.get("document_number") for e in wanted.data["docket_entries"]]
    assert "009006008873" in wanted_numbers and all(len(n) == 12 for n in wanted_numbers if n)

    case = pacer_docket_import(html=long_ids, court_id="ca1", acting_user=None).case

    entries = list(DocketEntry.objects.filter(case=case).order_by("sequence"))
    assert [e.printed_number or None for e in entries] == wanted_numbers
    assert all(e.number is None for e in entries)  # 9,006,008,873 is no entry number this system holds
    output = io.StringIO()
    call_command("docket_report", "ca1", case.pacer_case_number, "--format", "html", stdout=output)
    parser = _parser("appellate/", "ca1")
    parser._parse_text(output.getvalue())
    assert [e.get("document_number") for e in parser.data["docket_entries"]] == wanted_numbers
    as_json = io.StringIO()
    call_command("docket_report", "ca1", case.pacer_case_number, "--format", "json", stdout=as_json)
    assert [e["document_number"] for e in json.loads(as_json.getvalue())["docket_entries"]] == wanted_numbers


def test_printed_numbers_of_earlier_imports_are_filled_from_their_doc_ids(pacer_samples):
    """The data migration gives dockets imported before `printed_number` their zero-padded numbers back."""
    html, _ = _sample(pacer_samples, "appellate/ca1")
    case = pacer_docket_import(html=html, court_id="ca1", acting_user=None).case
    entries = DocketEntry.objects.filter(case=case)
    printed = dict(entries.values_list("pk", "printed_number"))
    assert printed[entries.order_by("sequence")[0].pk] == "00106008873"
    entries.update(printed_number="")

    import_module("openecf.docket.migrations.0003_entry_printed_number_filled").fill_printed_numbers(
        apps, None
    )

    assert dict(entries.values_list("pk", "printed_number")) == printed
