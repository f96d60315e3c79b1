"""PACER's `DktRpt.pl?<case id>`, the case link of every notice: it leads to the Docket Report of a case the
reader may see, and any other id (forged, missing, another court's, a sealed case's) is the same "not found"."""

from __future__ import annotations

import datetime as dt

import pytest

from openecf.cases.models import Case, CaseRestriction
from openecf.cases.services import case_open, case_restriction_set

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


@pytest.fixture
def case(cit) -> Case:
    return case_open(
        court=cit, caption="Acme Corp. v. United States", date_filed=dt.date(2020, 1, 2), acting_user=None
    )


def dktrpt(court_id: str, query: str) -> str:
    return f"/{court_id}/cgi-bin/DktRpt.pl?{query}" if query else f"/{court_id}/cgi-bin/DktRpt.pl"


def test_the_case_link_leads_to_the_docket_report(client, case):
    response = client.get(dktrpt("cit", str(case.pk)))
    assert response.status_code == 302
    assert response["Location"] == f"/cit/cases/{case.pacer_case_number}/docket/"
    report = client.get(response["Location"])
    assert report.status_code == 200 and b"Acme Corp. v. United States" in report.content
    assert client.head(dktrpt("cit", str(case.pk))).status_code == 302
    assert client.post(dktrpt("cit", str(case.pk))).status_code == 405


def not_found_page(response) -> bytes:
    assert response.status_code == 404
    content: bytes = response.content
    return content


def test_every_other_id_is_the_same_not_found(client, case, cit, cafc):
    appeal = case_open(
        court=cafc, caption="Acme Corp. v. United States", date_filed=dt.date(2020, 3, 2), acting_user=None
    )
    sealed = case_open(
        court=cit, caption="Sealed v. United States", date_filed=dt.date(2020, 4, 2), acting_user=None
    )
    case_restriction_set(case=sealed, restriction=CaseRestriction.SEALED, acting_user=None)
    missing = not_found_page(client.get(dktrpt("cit", str(sealed.pk + 1000))))
    for query in (
        str(sealed.pk),  # sealed: it does not exist outside the court
        str(appeal.pk),  # another court's case
        "",
        "abc",
        f"{case.pk}&x=1",
        f"-{case.pk}",
        "0",
        "\u0661",  # an Arabic-Indic one: not an ASCII digit
        "9" * 40,
        "%00",
    ):
        assert not_found_page(client.get(dktrpt("cit", query))) == missing, query
    assert sealed.pacer_case_number.encode() not in missing
    # The same for a court that is not one.
    assert client.get(dktrpt("nope", str(case.pk))).status_code == 404


def test_the_court_staff_reach_the_sealed_case(client, case, clerk):
    case_restriction_set(case=case, restriction=CaseRestriction.SEALED, acting_user=None)
    assert client.get(dktrpt("cit", str(case.pk))).status_code == 404
    client.force_login(clerk)
    response = client.get(dktrpt("cit", str(case.pk)))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_a_court_of_appeals_names_the_case_as_case_id(client, cafc):
    appeal = case_open(
        court=cafc, caption="Acme Corp. v. United States", date_filed=dt.date(2020, 3, 2), acting_user=None
    )
    response = client.get(dktrpt("cafc", f"caseId={appeal.pk}"))
    assert response.status_code == 302
    assert response["Location"] == f"/cafc/cases/{appeal.pacer_case_number}/docket/"
    assert client.get(dktrpt("cafc", "caseId=")).status_code == 404
    assert client.get(dktrpt("cafc", f"caseid={appeal.pk}")).status_code == 404
