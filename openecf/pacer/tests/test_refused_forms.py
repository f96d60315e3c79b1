"""The registration wizard: a step sent back with what to correct is a 400 with the form, never a 200 or 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openecf.pacer.tests.test_views import CARD, DETAILS, walk_to_payment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def test_a_refused_first_step_is_400_with_the_form(client):
    response = client.post(reverse("pacer:register"), {**DETAILS, "first_name": ""})
    assert response.status_code == 400
    assert b'name="first_name"' in response.content


@pytest.mark.parametrize("field", ["first_name", "middle_name", "last_name", "firm", "city", "address_line1"])
@pytest.mark.parametrize("control", ["\u202e", "\u2067", "\u200f", "\u061c"])
def test_names_with_direction_controls_are_refused(client, field, control):
    response = client.post(reverse("pacer:register"), {**DETAILS, field: f"Ada{control}ecalevoL"})
    assert response.status_code == 400
    assert "text-direction control characters" in response.content.decode()
    assert response.get("Location") is None


def test_a_refused_second_step_is_400(client):
    client.post(reverse("pacer:register"), DETAILS)
    response = client.post(reverse("pacer:register_credentials"), {"username": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "number",
    ["4111 1111 1111 111\u00b9", "\u2463111111111111111", "4111 1111 1111 1111\u00b2", "9" * 5000],
)
def test_a_card_number_of_unicode_digits_is_400_not_500(client, number):
    walk_to_payment(client)
    response = client.post(reverse("pacer:register_payment"), {**CARD, "card_number": number})
    assert response.status_code == 400
    assert b'name="card_number"' in response.content


def test_an_unacknowledged_policies_step_is_400(client):
    walk_to_payment(client)
    client.post(reverse("pacer:register_payment"), CARD)
    response = client.post(reverse("pacer:register_policies"), {})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("field", "date", "time"),
    [("resumes", "9999-12-31", "23:59"), ("starts", "9999-12-31", "22:00")],
)
def test_a_suspension_beyond_the_calendar_is_400_not_500(client, field, date, time):
    from openecf.accounts.factories import UserFactory
    from openecf.pacer.models import RegistrationSuspension

    client.force_login(UserFactory.create(username="pscadmin", psc_admin=True))
    window = {
        "starts_on": "2099-01-01",
        "starts_time": "00:00",
        "resumes_on": "9999-12-31",
        "resumes_time": "23:59",
    }
    window.update({f"{field}_on": date, f"{field}_time": time})
    response = client.post(reverse("pacer:psc_suspensions"), window)
    assert response.status_code == 400
    assert "9999" in response.content.decode()
    assert not RegistrationSuspension.objects.exists()
