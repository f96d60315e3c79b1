from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from openecf.cases.numbers import CaseNumber, default_case_type, parse_case_number
from openecf.errors import InvalidInput

pytestmark = pytest.mark.django_db

# The two-digit year is read relative to today; pin today so the expectations hold in any year.
TODAY = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1:20-cv-00012", CaseNumber(2020, "cv", 12)),
        ("20-cv-00012", CaseNumber(2020, "cv", 12)),
        ("1:20-cv-12", CaseNumber(2020, "cv", 12)),
        ("1:20-CV-00012", CaseNumber(2020, "cv", 12)),
        ("1:20-cv-00012-LMG", CaseNumber(2020, "cv", 12)),
        ("1:20-cv-00012-lmg-abc", CaseNumber(2020, "cv", 12)),
        ("12:20-mc-000123", CaseNumber(2020, "mc", 123)),
        ("1:2020-cv-00012", CaseNumber(2020, "cv", 12)),
        ("  1:20-cv-00012\n", CaseNumber(2020, "cv", 12)),
        ("Court No. 20-00012", CaseNumber(2020, "cv", 12)),
        ("court no. 20-00012", CaseNumber(2020, "cv", 12)),
        ("COURT NO 20-00012", CaseNumber(2020, "cv", 12)),
        ("Court  No.   20-00012", CaseNumber(2020, "cv", 12)),
        ("Court No.20-00012", CaseNumber(2020, "cv", 12)),
        ("20-00012", CaseNumber(2020, "cv", 12)),
        ("2020-12", CaseNumber(2020, "cv", 12)),
        ("99-00001", CaseNumber(1999, "cv", 1)),
        ("26-00001", CaseNumber(2026, "cv", 1)),
        ("27-00001", CaseNumber(1927, "cv", 1)),
    ],
)
def test_trial_court_forms(cit, text, expected):
    assert parse_case_number(cit, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20-1081", CaseNumber(2020, "ca", 1081)),
        (" 20-1081 ", CaseNumber(2020, "ca", 1081)),
        ("2020-1081", CaseNumber(2020, "ca", 1081)),
        ("98-1001", CaseNumber(1998, "ca", 1001)),
    ],
)
def test_appellate_forms(cafc, text, expected):
    assert parse_case_number(cafc, text) == expected


def test_default_case_types(cit, cafc):
    assert default_case_type(cit) == "cv"
    assert default_case_type(cafc) == "ca"


def test_trial_form_is_not_an_appellate_number(cafc):
    with pytest.raises(InvalidInput) as caught:
        parse_case_number(cafc, "1:20-cv-00012")
    assert "20-1081" in caught.value.message


GARBAGE = [
    "",
    " ",
    "abc",
    "20",
    "20-",
    "-00012",
    "20--00012",
    "1:20-cv-",
    "1:20-cv-1234567",
    "20-1234567",
    "123:20-cv-00012",
    "1:200-cv-00012",
    "1:20-civil-00012",
    "1:20-c1-00012",
    "1:20_cv_00012",
    "1:20-cv-00012/",
    "Court No. 1:20-cv-00012",
    "No. 20-00012",
    "20-00012 20-00013",
    "20-1.5",
    "20-+12",
    "20-0x1F",
    "20-1e3",
]
HOSTILE = [
    "1:20-cv-00012'; DROP TABLE cases_case; --",
    "20-00012' OR '1'='1",
    "20-00012\x00",
    "20-00012%00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "{seq}",
    "%s%s%s%n",
    "20-00012\u202e",
    "\uff12\uff10-\uff11\uff10\u0668\u0661x",
]


@pytest.mark.parametrize("text", GARBAGE + HOSTILE)
def test_anything_else_is_refused_with_the_accepted_forms(cit, cafc, text):
    for court, example in ((cit, "1:20-cv-00012 or 20-00012"), (cafc, "20-1081")):
        with pytest.raises(InvalidInput) as caught:
            parse_case_number(court, text)
        error = caught.value
        assert error.code == "invalid_case_number"
        assert error.field == "case_number"
        assert error.status == 400
        assert example in error.message


@pytest.mark.parametrize(
    "text", ["9" * 1_000_000, "1:20-cv-" + "0" * 1_000_000, " " * 1_000_000, "a-" * 500_000]
)
def test_huge_input_is_refused_with_a_short_message(cit, text):
    with pytest.raises(InvalidInput) as caught:
        parse_case_number(cit, text)
    assert len(caught.value.message) < 200


def test_leading_zeros_do_not_change_the_number(cit):
    assert parse_case_number(cit, "1:20-cv-000012") == parse_case_number(cit, "20-12")
