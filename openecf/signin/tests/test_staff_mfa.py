"""Everyone who sees sealed material or acts for a court or the PACER Service Center signs in with a second
factor: court staff of every role, PSC administrators, superusers and admin-site accounts."""

from __future__ import annotations

import pyotp
import pytest

from openecf.access.policy import mfa_required
from openecf.accounts.factories import PASSWORD, UserFactory
from openecf.accounts.models import User
from openecf.api.tests.test_api import error_of
from openecf.courts.factories import CourtRoleFactory
from openecf.courts.models import CourtRoleKind
from openecf.filers.tests.helpers import confirm_mfa
from openecf.signin.services import signin_next_step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def _court_staff(cit, role: CourtRoleKind) -> User:
    return CourtRoleFactory.create(court=cit, role=role, user__username=f"staff-{role.value}").user


def _accounts(cit) -> dict[str, User]:
    accounts = {f"court {role.value}": _court_staff(cit, role) for role in CourtRoleKind}
    accounts["psc admin"] = UserFactory.create(username="psc", psc_admin=True)
    accounts["superuser"] = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    accounts["admin-site account"] = UserFactory.create(username="staffer", is_staff=True)
    return accounts


def test_staff_psc_and_superusers_must_use_a_second_factor(cit):
    for label, user in _accounts(cit).items():
        assert mfa_required(user), label
        assert signin_next_step(user) == "enroll", label
        confirm_mfa(user)
        assert signin_next_step(user) == "verify", label
    assert not mfa_required(UserFactory.create(username="reader"))


@pytest.mark.parametrize("role", list(CourtRoleKind))
def test_court_staff_without_an_app_set_one_up_before_the_session_completes(client, cit, role):
    user = _court_staff(cit, role)
    response = client.post("/pacer/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/pacer/login/mfa-setup/"
    assert "_auth_user_id" not in client.session
    assert client.get("/pacer/account/").status_code == 302


def test_a_clerk_with_an_app_gives_its_code(client, cit):
    user = _court_staff(cit, CourtRoleKind.CLERK)
    device = confirm_mfa(user)
    first = client.post("/pacer/login/", {"username": user.username, "password": PASSWORD})
    assert first["Location"] == "/pacer/login/verify/"
    assert "_auth_user_id" not in client.session
    done = client.post("/pacer/login/verify/", {"code": pyotp.TOTP(device.secret).now()})
    assert done.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_the_api_asks_staff_for_the_second_factor_too(client, cit):
    import json

    user = UserFactory.create(username="psc", psc_admin=True)
    refused = client.post(
        "/api/v1/auth/token",
        json.dumps({"username": user.username, "password": PASSWORD}),
        content_type="application/json",
    )
    assert error_of(refused, 400)["code"] == "mfa_setup_required"
