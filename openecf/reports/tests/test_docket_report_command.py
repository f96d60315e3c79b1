"""`openecf docket-report` (openecf/reports/management/commands/docket_report.py)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from openecf.accounts.factories import UserFactory
from openecf.cases.models import CaseRestriction
from openecf.cases.services import case_open
from openecf.reports.filters import DocketFilters
from openecf.reports.render import document_url_builder
from openecf.reports.selectors import docket_report_build
from openecf.reports.serialize import docket_report_json
from openecf.reports.tests.test_serialize import SEALED_TEXT, build_case

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("docket_report", *args, stdout=out)
    return out.getvalue()


def refusal(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return str(caught.value)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """As from a shell: exit status, stdout, stderr."""
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["openecf", "docket_report", *args]).execute()
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


@pytest.fixture
def built(cit):
    return build_case(cit)


def test_json_is_the_public_report(built):
    data = json.loads(run("cit", "1:20-cv-00001", "--format", "json"))
    report = docket_report_build(case=built.case, viewer=None, filters=DocketFilters())
    assert data == docket_report_json(report, document_url=document_url_builder("cit"))
    assert data["docket_number"] == "1:20-cv-00001"
    assert [e["document_number"] for e in data["docket_entries"]] == ["1", "2", None, "3"]


def test_json_is_indented(built):
    output = run("cit", "1:20-cv-00001", "--format", "json")
    assert output.startswith('{\n  "court_id": "cit",')


def test_sealed_entry_is_hidden_from_the_public(built):
    output = run("cit", "20-00001", "--format", "json")
    sealed = json.loads(output)["docket_entries"][1]
    assert sealed["description"] == "SEALED"
    assert sealed["document_url"] is None
    assert sealed["restricted"] is True
    assert SEALED_TEXT not in output


def test_court_staff_read_the_sealed_entry_with_as_user(built, clerk):
    output = run("cit", "1:20-cv-00001", "--format", "json", "--as-user", "clerk")
    assert json.loads(output)["docket_entries"][1]["description"] == SEALED_TEXT


def test_an_ordinary_account_sees_what_the_public_sees(built):
    UserFactory.create(username="reader")
    output = run("cit", "1:20-cv-00001", "--format", "json", "--as-user", "reader")
    assert SEALED_TEXT not in output


def test_unknown_account_is_refused(built):
    assert refusal("cit", "1:20-cv-00001", "--as-user", "nobody") == "There is no active account 'nobody'."


def test_filters(built):
    output = run(
        "cit",
        "1:20-cv-00001",
        "--format",
        "json",
        "--number-from",
        "1",
        "--number-to",
        "2",
        "--order",
        "newest",
        "--date-type",
        "entered",
        "--date-from",
        "2020-04-02",
    )
    data = json.loads(output)
    assert [e["document_number"] for e in data["docket_entries"]] == ["2"]
    assert data["filters"]["order"] == "newest"
    assert data["filters"]["date_type"] == "entered"
    assert data["filters"]["date_from"] == "2020-04-02"


def test_sealed_case_is_refused_like_a_missing_one(cit):
    sealed = case_open(
        court=cit,
        caption="Hidden Co. v. United States",
        date_filed=dt.date(2020, 3, 16),
        restriction=CaseRestriction.SEALED,
        acting_user=None,
    )
    assert sealed.pacer_case_number == "1:20-cv-00001"
    sealed_message = refusal("cit", "1:20-cv-00001", "--format", "json")
    missing_message = refusal("cit", "1:20-cv-00002", "--format", "json")
    assert sealed_message.replace("00001", "N") == missing_message.replace("00002", "N")
    assert "Hidden" not in sealed_message
    assert sealed_message == "No case 1:20-cv-00001 was found in U.S. Court of International Trade."


def test_court_staff_may_read_a_sealed_case(cit, clerk):
    case_open(
        court=cit,
        caption="Hidden Co. v. United States",
        date_filed=dt.date(2020, 3, 16),
        restriction=CaseRestriction.SEALED,
        acting_user=None,
    )
    output = run("cit", "1:20-cv-00001", "--format", "json", "--as-user", "clerk")
    assert json.loads(output)["case_name"] == "Hidden Co. v. United States"


def test_unknown_court_and_malformed_number(cit):
    assert refusal("zz", "1:20-cv-00001") == "There is no court 'zz' on this system."
    assert refusal("cit", "../../etc/passwd").startswith("No case ../../etc/passwd was found")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--date-from", "2020-13-45"),
        ("--date-to", "yesterday"),
        ("--date-type", "docketed"),
        ("--number-from", "-3"),
        ("--number-to", "1e9"),
        ("--order", "random"),
        ("--number-from", "²"),
        ("--number-to", "①"),
        ("--number-from", "1²"),
        ("--number-to", "9" * 5000),
        ("--date-from", "2020-01-0²"),
    ],
)
def test_bad_filter_names_the_option(built, option, value):
    message = refusal("cit", "1:20-cv-00001", option, value)
    assert message.startswith(f"{option}: ")
    assert "\n" not in message


def test_reversed_range_names_the_option(built):
    message = refusal("cit", "1:20-cv-00001", "--number-from", "3", "--number-to", "2")
    assert message == "--number-from: must not be greater than --number-to."


def test_from_a_shell_an_error_is_one_line_on_stderr_and_exit_1(built, capsys):
    status, out, err = run_cli(capsys, "cit", "1:20-cv-00001", "--date-from", "soon")
    assert status == 1
    assert out == ""
    assert err.strip().count("\n") == 0
    assert "--date-from" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ["²", "9" * 5000])
def test_from_a_shell_a_unicode_or_huge_number_is_one_line(built, capsys, value):
    status, out, err = run_cli(capsys, "cit", "1:20-cv-00001", "--number-from", value)
    assert status == 1
    assert out == ""
    assert err.startswith("CommandError: --number-from: ")
    assert err.strip().count("\n") == 0
    assert "Traceback" not in err
    assert len(err) < 300


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (("c\x00it", "1:20-cv-00001"), "court"),
        (("cit", "1:20-cv-\x0000001"), "case_number"),
        (("cit", "1:20-cv-00001", "--as-user", "clerk\x00"), "--as-user"),
    ],
)
def test_control_characters_in_arguments_are_one_line(built, arguments, named):
    message = refusal(*arguments)
    assert message.startswith(f"{named}: ")
    assert "\x00" not in message


def test_from_a_shell_a_missing_case_is_exit_1(cit, capsys):
    status, _, err = run_cli(capsys, "cit", "1:20-cv-09999")
    assert status == 1
    assert err.strip() == (
        "CommandError: No case 1:20-cv-09999 was found in U.S. Court of International Trade."
    )


def test_html_is_the_sites_page(built):
    output = run("cit", "1:20-cv-00001")
    assert "1:20-cv-00001" in output
    assert "Acme Steel Corp. v. United States" in output
    assert "ORDER granting motion for protective order." in output
    assert SEALED_TEXT not in output
    assert f"/cit/doc1/{built.order.documents.get().public_id}" in output
