"""Every refusal the user can put right names the page that does it."""

from __future__ import annotations

from django.urls import reverse

from openecf.access.policy import (
    DISABLED_ACCOUNT,
    INACTIVE_ACCOUNT,
    LEGACY_ACCOUNT,
    NO_FILING_RIGHTS,
    NO_MFA,
    remedies_for,
)


def test_each_refusal_with_a_remedy_names_its_page():
    assert [r.url_name for r in remedies_for(INACTIVE_ACCOUNT)] == ["pacer:activate"]
    assert [r.url_name for r in remedies_for(LEGACY_ACCOUNT)] == ["pacer:upgrade"]
    [mfa] = remedies_for(NO_MFA)
    assert (mfa.url_name, mfa.fragment) == ("myaccount:manage", "mfa")
    assert {r.url_name for r in remedies_for(NO_FILING_RIGHTS)} == {
        "filers:cmecf_link",
        "filers:cmecf_request_access",
    }
    assert all(r.per_court for r in remedies_for(NO_FILING_RIGHTS))


def test_every_remedy_is_a_real_page():
    for reason in (INACTIVE_ACCOUNT, LEGACY_ACCOUNT, NO_MFA, NO_FILING_RIGHTS):
        for remedy in remedies_for(reason):
            reverse(remedy.url_name, args=["cit"] if remedy.per_court else [])


def test_a_refusal_nobody_can_act_on_has_no_remedy():
    assert remedies_for(DISABLED_ACCOUNT) == ()
    assert remedies_for(None) == ()
    assert remedies_for("Some other reason.") == ()
