"""The paper-service packet (openecf/filing/packet.py, views/packet.py): a cover sheet for each party served by
other means followed by the filed documents; who may download it; none when the notice serves everyone."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest
from django.db import transaction
from django.test import Client

from openecf.cases.models import Party, PartyRole
from openecf.cases.services import (
    attorney_create,
    party_add,
    party_postal_address_set,
    representation_add,
)
from openecf.courts.models import Court
from openecf.errors import InvalidInput, NotFound
from openecf.filers.tests.helpers import signed_in
from openecf.filing.models import Filing
from openecf.filing.packet import parties_to_serve, service_packet_pdf
from openecf.filing.tests.factories import (
    CaseWithCounsel,
    agent_make,
    attorney_make,
    case_with_counsel,
    filing_make,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

ADDRESS = "27 Fenwick Court, Apt. 3B\nBaltimore, MD 21230"


@pytest.fixture
def world(cit: Court) -> CaseWithCounsel:
    """The attorney's case, its unrepresented United States, and an unregistered pro se intervenor."""
    world = case_with_counsel(cit)
    party_add(
        case=world.case,
        name="Odile Marchetti",
        role=PartyRole.INTERVENOR,
        pro_se=True,
        postal_address=ADDRESS,
        acting_user=None,
    )
    return world


@pytest.fixture
def filing(world: CaseWithCounsel) -> Filing:
    return filing_make(court=world.court, case=world.case, filer=world.attorney, attachments=1)


def packet_url(filing: Filing) -> str:
    return f"/{filing.court_id}/cmecf/filing/{filing.pk}/service-packet.pdf"


def page_texts(content: bytes) -> list[str]:
    import fitz

    document: Any = fitz.open(stream=content, filetype="pdf")
    try:
        return [page.get_text() for page in document]
    finally:
        document.close()


def test_a_cover_for_each_party_followed_by_the_filed_documents(world, filing):
    content = service_packet_pdf(filing, reader=world.attorney)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        # Two parties to serve, each: a cover sheet, the main document (1 page) and its exhibit (1 page).
        assert len(pdf.pages) == 2 * (1 + 1 + 1)
    texts = page_texts(content)
    entry = filing.docket_entry
    first, second = texts[0], texts[3]
    for cover in (first, second):
        assert world.court.name.upper() in cover
        assert "Acme Steel Corp., Plaintiff, v. United States, Defendant." in cover
        assert world.case.display_case_number in cover
        assert f"Document No. {entry.number_label}" in cover
        assert "Served by mail on" in cover
        assert "Main Document, 1 page" in cover and "Attachment 1 (Exhibit Exhibit A), 1 page" in cover
    assert "United States (Defendant)" in first
    assert "No postal address is on record with the court" in " ".join(first.split())
    assert "Odile Marchetti (Intervenor)" in second
    for line in ADDRESS.splitlines():
        assert line in second
    assert "Odile Marchetti" not in first and "United States (Defendant)" not in second
    # After each cover: the stamped documents as filed.
    stamped = f"Case {world.case.pacer_case_number} Document {entry.number_label}"
    assert stamped in texts[1] and stamped in texts[2]
    assert stamped in texts[4] and stamped in texts[5]


def test_the_filer_downloads_it_and_the_notice_links_it(client, world, filing):
    attorney = signed_in(client, world.attorney, world.court)
    response = attorney.get(packet_url(filing))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="service-packet-{filing.pk}.pdf"'
    assert len(page_texts(response.content)) == 6
    notice = attorney.get(f"/{filing.court_id}/cmecf/filing/{filing.pk}/notice/").content.decode()
    assert f'href="{packet_url(filing)}"' in notice
    assert "Notice will be delivered by other means to:" in notice
    assert "<strong>Odile Marchetti</strong> (Intervenor): 27 Fenwick Court, Apt. 3B<br>Baltimore" in notice
    assert "<strong>United States</strong> (Defendant): no postal address on record" in notice


def test_the_submitter_and_the_court_staff_download_it_too(client, world, cit, clerk):
    agent = agent_make(cit, "paralegal", for_attorney=world.attorney)
    filing = filing_make(court=cit, case=world.case, filer=world.attorney, submitted_by=agent)
    assert signed_in(Client(), agent, cit).get(packet_url(filing)).status_code == 200
    staff = Client()
    staff.force_login(clerk)
    assert staff.get(packet_url(filing)).status_code == 200


def test_anyone_else_finds_nothing(client, world, filing, cafc):
    other = attorney_make(world.court, "holmes")
    stranger = signed_in(Client(raise_request_exception=False), other, world.court)
    assert stranger.get(packet_url(filing)).status_code == 404
    # Not signed in: the PACER login first, as for the notice.
    anonymous = client.get(packet_url(filing))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/pacer/login/")
    notice = client.get(f"/{filing.court_id}/cmecf/filing/{filing.pk}/notice/")
    assert notice.status_code == 302 and notice["Location"].startswith("/pacer/login/")
    # The filer's own filing, asked for under another court; a filing that does not exist.
    attorney = signed_in(Client(raise_request_exception=False), world.attorney, world.court)
    assert attorney.get(f"/cafc/cmecf/filing/{filing.pk}/service-packet.pdf").status_code == 404
    assert attorney.get(f"/cit/cmecf/filing/{filing.pk + 100}/service-packet.pdf").status_code == 404
    assert attorney.post(packet_url(filing)).status_code == 405


def test_when_the_notice_serves_everyone_there_is_no_packet(cit):
    world = case_with_counsel(cit)
    united_states = Party.objects.get(case=world.case, name="United States")
    with transaction.atomic():
        doj = attorney_create(court=cit, name="Theresa Galvin", email="tgalvin@usdoj.gov", acting_user=None)
        representation_add(party=united_states, attorney=doj, acting_user=None)
    filing = filing_make(court=cit, case=world.case, filer=world.attorney)
    assert parties_to_serve(filing) == ()
    with pytest.raises(NotFound):
        service_packet_pdf(filing, reader=world.attorney)
    attorney = signed_in(Client(raise_request_exception=False), world.attorney, cit)
    assert attorney.get(packet_url(filing)).status_code == 404
    notice = attorney.get(f"/{cit.pk}/cmecf/filing/{filing.pk}/notice/").content.decode()
    assert "service-packet.pdf" not in notice and "by other means" not in notice


def test_a_registered_pro_se_party_is_served_by_the_notice(cit):
    world = case_with_counsel(cit)
    pro_se = attorney_make(cit, "ferreira")
    party_add(case=world.case, name="Tomas Ferreira", role=PartyRole.PLAINTIFF_INTERVENOR,
              pro_se_account=pro_se, postal_address="418 Alder Lane\nNewark, NJ 07104", acting_user=None)  # fmt: skip
    filing = filing_make(court=cit, case=world.case, filer=world.attorney)
    assert [party.name for party in parties_to_serve(filing)] == ["United States"]


def test_the_clerk_keeps_a_partys_postal_address(world, clerk):
    party = Party.objects.get(case=world.case, name="United States")
    updated = party_postal_address_set(
        party=party,
        postal_address="  Attorney General of the United States \n\n950 Pennsylvania Avenue, NW\nWashington, DC 20530 ",
        acting_user=clerk,
    )
    assert updated.postal_address == (
        "Attorney General of the United States\n950 Pennsylvania Avenue, NW\nWashington, DC 20530"
    )
    for bad in ("line\n" * 9, "x" * 1001, "Main St\x00", "Main \u202eSt"):
        with pytest.raises(InvalidInput):
            party_postal_address_set(party=party, postal_address=bad, acting_user=clerk)
    party.refresh_from_db()
    assert party.postal_address.startswith("Attorney General")


def test_the_admin_saves_an_address_through_the_service(world, clerk):
    from openecf.audit.models import AuditEvent
    from openecf.filers.tests.helpers import confirm_mfa

    confirm_mfa(clerk)
    party = Party.objects.get(case=world.case, name="United States")
    admin = Client()
    admin.force_login(clerk)
    url = f"/admin/cases/party/{party.pk}/change/"
    assert admin.get(url).status_code == 200
    saved = admin.post(url, {"postal_address": "950 Pennsylvania Avenue, NW\r\nWashington, DC 20530"})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    party.refresh_from_db()
    assert party.postal_address == "950 Pennsylvania Avenue, NW\nWashington, DC 20530"
    assert AuditEvent.objects.filter(kind="party.postal_address_set", acting_user=clerk).exists()
    refused = admin.post(url, {"postal_address": "line\n" * 9})
    assert refused.status_code == 200 and "at most 8 lines" in refused.content.decode()
    party.refresh_from_db()
    assert party.postal_address.startswith("950 Pennsylvania")
