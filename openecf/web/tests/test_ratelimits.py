"""Rate limits (openecf/ratelimit.py): each limit refuses with 429 and Retry-After, on the site in its look
and on the API in its JSON shape; they are off for the rest of the suite unless a test asks."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django_ratelimit.core import get_usage

from openecf.accounts.factories import PASSWORD, UserFactory
from openecf.accounts.models import AccountStatus
from openecf.api.tests.test_api import error_of
from openecf.ratelimit import RateLimited, client_ip, rate_limit_check
from openecf.settings import ratelimit as ratelimit_settings
from openecf.signin.factories import TotpDeviceFactory
from openecf.signin.tokens import api_token_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

LOGIN = "/pacer/login/"
WRONG = "wrong password"


def from_ip(address: str) -> Client:
    return Client(REMOTE_ADDR=address, raise_request_exception=False)


def login(client: Client, username: str, password: str = WRONG):
    return client.post(LOGIN, {"username": username, "password": password})


def assert_refused_page(response, doing: str) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    assert "Too many requests" in page and f"Too many {doing}" in page
    assert "usa-alert" in page  # the site's error page, not a bare response


def assert_refused_json(response) -> None:
    error = error_of(response, 429)
    assert error["code"] == "rate_limited"
    assert "Wait" in error["message"]
    assert 1 <= int(response["Retry-After"]) <= 3600


# --- sign-in ----------------------------------------------------------------------------------------


def test_limits_are_off_unless_a_test_asks(client):
    for n in range(30):
        assert login(client, f"someone{n}").status_code != 429


def test_signin_per_address_whatever_the_username(rate_limits):
    """Today's hole: the lockout counts per username, so 24 guesses over 12 usernames got through."""
    rate_limits(signin_ip="3/h")
    guesser = from_ip("203.0.113.7")
    for n in range(3):
        assert login(guesser, f"victim{n}").status_code == 400
    assert_refused_page(login(guesser, "victim9"), "login attempts")
    # Another address is not affected.
    assert login(from_ip("203.0.113.8"), "victim9").status_code == 400


def test_signin_per_account_whatever_the_address(rate_limits):
    rate_limits(signin_account="2/h")
    UserFactory.create(username="jdoe")
    assert login(from_ip("198.51.100.1"), "jdoe").status_code == 400
    assert login(from_ip("198.51.100.2"), "JDoe ").status_code == 400
    refused = login(from_ip("198.51.100.3"), "jdoe", PASSWORD)
    assert_refused_page(refused, "login attempts")
    assert "_auth_user_id" not in from_ip("198.51.100.3").session
    # Another account from the same address still may.
    UserFactory.create(username="other")
    assert login(from_ip("198.51.100.3"), "other", PASSWORD).status_code == 302


def test_second_factor_step_counts_for_the_account(rate_limits):
    rate_limits(signin_account="3/h")
    user = UserFactory.create(username="mfauser")
    TotpDeviceFactory.create(user=user, confirmed=True)
    client = from_ip("192.0.2.10")
    assert login(client, "mfauser", PASSWORD)["Location"] == "/pacer/login/verify/"
    assert client.post("/pacer/login/verify/", {"code": "000000"}).status_code == 400
    assert client.post("/pacer/login/verify/", {"code": "000001"}).status_code == 400
    assert_refused_page(client.post("/pacer/login/verify/", {"code": "000002"}), "login attempts")


def test_api_token_sign_in_is_limited_in_json(rate_limits):
    rate_limits(signin_ip="2/h")
    client = from_ip("192.0.2.20")

    def ask(username: str):
        body = json.dumps({"username": username, "password": "wrong"})
        return client.post("/api/v1/auth/token", body, content_type="application/json")

    assert ask("a").status_code == 400
    assert ask("b").status_code == 400
    assert_refused_json(ask("c"))


def test_api_token_sign_in_counts_per_account(rate_limits):
    rate_limits(signin_account="1/h")
    body = json.dumps({"username": "Someone", "password": "wrong"})
    assert (
        from_ip("192.0.2.21").post("/api/v1/auth/token", body, content_type="application/json").status_code
        == 400
    )
    refused = from_ip("192.0.2.22").post("/api/v1/auth/token", body, content_type="application/json")
    assert_refused_json(refused)


def test_legacy_cmecf_login_is_limited(rate_limits, cit):
    rate_limits(signin_ip="2/h")
    client = from_ip("192.0.2.30")
    for login_name in ("old1", "old2"):
        assert (
            client.post("/cit/cmecf/legacy-login/", {"login": login_name, "password": "x"}).status_code != 429
        )
    refused = client.post("/cit/cmecf/legacy-login/", {"login": "old3", "password": "x"})
    assert_refused_page(refused, "login attempts")


# --- codes ------------------------------------------------------------------------------------------


def test_activation_code_entry_is_limited_per_account(rate_limits):
    rate_limits(code_account="2/h")
    user = UserFactory.create(username="waiting", status=AccountStatus.INACTIVE)
    client = from_ip("192.0.2.40")
    client.force_login(user)
    for _ in range(2):
        assert client.post("/pacer/activate/", {"code": "AAAA-AAAA"}).status_code == 400
    assert_refused_page(client.post("/pacer/activate/", {"code": "AAAA-AAAA"}), "codes entered")
    # Reading the page is not an attempt.
    assert client.get("/pacer/activate/").status_code == 200


def test_mfa_confirmation_codes_are_limited_per_address(rate_limits):
    rate_limits(code_ip="2/h")
    client = from_ip("192.0.2.41")
    user = UserFactory.create(username="confirmer")
    device = TotpDeviceFactory.create(user=user)
    client.force_login(user)
    url = f"/pacer/account/mfa/{device.pk}/confirm/"
    for _ in range(2):
        assert client.post(url, {"email_code": "000000", "code": "000000"}).status_code != 429
    assert_refused_page(client.post(url, {"email_code": "000000", "code": "000000"}), "codes entered")


# --- mail: password reset and username reminder -----------------------------------------------------


def test_password_reset_mail_is_limited_per_address_it_goes_to(rate_limits):
    """Today 58 reset mails to one address were accepted."""
    rate_limits(mail_address="2/h")
    UserFactory.create(username="target", email="target@example.com")
    for n in range(2):
        response = from_ip(f"198.51.100.{n + 10}").post(
            "/pacer/password-reset/", {"email": "Target@example.com"}
        )
        assert response.status_code == 302
    refused = from_ip("198.51.100.20").post("/pacer/password-reset/", {"email": "target@example.com"})
    assert_refused_page(refused, "e-mail requests")
    assert len(mail.outbox) == 2


def test_username_reminder_is_limited_per_client_address(rate_limits):
    rate_limits(mail_ip="2/h")
    client = from_ip("198.51.100.30")
    for n in range(2):
        assert client.post("/pacer/forgot-username/", {"email": f"x{n}@example.com"}).status_code == 200
    assert_refused_page(
        client.post("/pacer/forgot-username/", {"email": "x9@example.com"}), "e-mail requests"
    )


def test_reset_and_reminder_share_the_count_for_one_address(rate_limits):
    rate_limits(mail_address="1/h")
    assert (
        from_ip("198.51.100.40").post("/pacer/forgot-username/", {"email": "a@example.com"}).status_code
        == 200
    )
    refused = from_ip("198.51.100.41").post("/pacer/password-reset/", {"email": "A@example.com"})
    assert refused.status_code == 429


# --- registration -----------------------------------------------------------------------------------


def test_registration_username_step_is_not_an_unthrottled_oracle(rate_limits):
    rate_limits(register_ip="3/h")
    UserFactory.create(username="taken")
    client = from_ip("192.0.2.50")
    client.post("/pacer/register/", {})  # step one, refused or not, counts
    for _ in range(2):
        client.post("/pacer/register/credentials/", {"username": "taken"})
    refused = client.post("/pacer/register/credentials/", {"username": "taken"})
    assert_refused_page(refused, "registration steps")
    assert "is taken" not in refused.content.decode()
    # Looking at the form is not a step.
    assert client.get("/pacer/register/").status_code == 200


# --- reads ------------------------------------------------------------------------------------------


def test_anonymous_reads_are_limited_per_address(rate_limits, cit):
    rate_limits(read_ip="4/h")
    reader = from_ip("203.0.113.50")
    for path in ("/", "/cit/", "/cit/cases/1:20-cv-00001/docket/", "/cit/doc1/0000000000"):
        assert reader.get(path).status_code != 429
    assert_refused_page(reader.get("/cit/"), "requests")
    assert from_ip("203.0.113.51").get("/cit/").status_code == 200


def test_signed_in_reads_count_per_account_not_per_address(rate_limits, cit):
    rate_limits(read_ip="1/h", read_account="3/h")
    shared_office = "203.0.113.60"
    alice, bob = from_ip(shared_office), from_ip(shared_office)
    alice.force_login(UserFactory.create(username="alice"))
    bob.force_login(UserFactory.create(username="bob"))
    for _ in range(3):
        assert alice.get("/cit/").status_code == 200
    assert alice.get("/cit/").status_code == 429
    assert bob.get("/cit/").status_code == 200


def test_anonymous_api_reads_are_limited_in_json(rate_limits, cit):
    rate_limits(read_ip="2/h")
    client = from_ip("203.0.113.70")
    assert client.get("/api/v1/courts").status_code == 200
    assert client.get("/api/v1/courts/cit").status_code == 200
    assert_refused_json(client.get("/api/v1/courts/cit/cases"))


def test_api_tokens_count_per_token(rate_limits, cit):
    rate_limits(api_token="2/h", read_ip="1/h")
    user = UserFactory.create(username="robot")
    _, first = api_token_issue(user=user, acting_user=user, name="one")
    _, second = api_token_issue(user=user, acting_user=user, name="two")
    client = from_ip("203.0.113.80")
    for _ in range(2):
        assert client.get("/api/v1/courts", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 200
    assert_refused_json(client.get("/api/v1/courts", HTTP_AUTHORIZATION=f"Bearer {first}"))
    assert client.get("/api/v1/courts", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200


# --- the mechanism ----------------------------------------------------------------------------------


def test_a_limit_set_to_off_does_not_count(rate_limits):
    rate_limits(signin_ip=None)
    guesser = from_ip("203.0.113.90")
    for n in range(5):
        assert login(guesser, f"x{n}").status_code == 400


def test_every_applicable_counter_counts_and_the_longest_wait_is_given(rate_limits):
    rate_limits(signin_ip="1/h", signin_account="1/d")
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="192.0.2.99")
    rate_limit_check(request, signin_ip="a", signin_account="b")
    with pytest.raises(RateLimited) as refused:
        rate_limit_check(request, signin_ip="a", signin_account="b")
    # Both counters went up; each window ends at its own moment (django-ratelimit staggers them by key).
    waits = {
        limit: get_usage(request, group=limit, key=lambda _g, _r, v=value: v, rate=rate)
        for limit, value, rate in (("signin_ip", "a", "1/h"), ("signin_account", "b", "1/d"))
    }
    assert all(usage is not None and usage["count"] == 2 for usage in waits.values())
    longest = max(waits, key=lambda limit: waits[limit]["time_left"])
    assert refused.value.status == 429
    assert refused.value.limit == longest
    assert refused.value.retry_after == max(1, int(waits[longest]["time_left"]))


def test_client_address_behind_trusted_proxies(settings):
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    settings.OPENECF_TRUSTED_PROXIES = 0
    assert client_ip(spoofed) == "10.0.0.1"
    settings.OPENECF_TRUSTED_PROXIES = 1
    assert client_ip(spoofed) == "198.51.100.9"
    settings.OPENECF_TRUSTED_PROXIES = 0
    ipv6 = factory.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    assert client_ip(ipv6) == "2001:db8:1:2::"


def test_rates_from_the_environment(monkeypatch):
    monkeypatch.setenv("OPENECF_RATE_LIMIT_READ_IP", "600/M")
    assert ratelimit_settings._rate_from_env("read_ip", "120/m") == "600/m"
    monkeypatch.setenv("OPENECF_RATE_LIMIT_READ_IP", "off")
    assert ratelimit_settings._rate_from_env("read_ip", "120/m") is None
    monkeypatch.setenv("OPENECF_RATE_LIMIT_READ_IP", "lots")
    with pytest.raises(ValueError, match="OPENECF_RATE_LIMIT_READ_IP"):
        ratelimit_settings._rate_from_env("read_ip", "120/m")
    monkeypatch.delenv("OPENECF_RATE_LIMIT_READ_IP")
    assert ratelimit_settings._rate_from_env("read_ip", "120/m") == "120/m"


# --- at scale: the counters in Redis ------------------------------------------------------------------


@pytest.fixture
def redis_counters(settings):
    """The rate-limit cache on the Redis server of this machine (a database of its own, emptied around the
    test), as a deployment with several worker processes runs it."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis is not running at 127.0.0.1:6379 (.ci/run starts it)")
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "ratelimit-test",
        },
    }
    yield redis.Redis.from_url(url)
    redis.Redis.from_url(url).flushdb()


def test_counters_in_redis_are_shared_by_every_process(redis_counters, rate_limits):
    rate_limits(signin_ip="3/h")
    # The counts live on the Redis server, where every worker process of a deployment reads them.
    for n in range(3):
        assert login(from_ip("203.0.113.170"), f"victim{n}").status_code == 400
    assert any(key.startswith(b"ratelimit-test") for key in redis_counters.scan_iter("ratelimit-test*"))
    assert_refused_page(login(from_ip("203.0.113.170"), "victim9"), "login attempts")
