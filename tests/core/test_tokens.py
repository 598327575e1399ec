"""Sign-in at /api/token/: django-axes lockout, throttling, a token lifetime and revocation."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from core import tokens
from tests.factories import PASSWORD

TOKEN = "/api/token/"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(TOKEN, {"username": username, "password": password}, **extra)


def councils(client, key):
    return client.get(reverse("council-list"), headers={"authorization": f"Token {key}"})


def test_the_url_name_is_kept():
    assert reverse("api_token") == TOKEN


def test_a_token_is_issued_with_its_expiry(client, tree):
    user = tree.users["commune_office"]
    response = sign_in(client, user.username)
    assert response.status_code == 200
    body = response.json()
    assert body["token"] == Token.objects.get(user=user).key
    assert councils(client, body["token"]).status_code == 200


def test_wrong_password_is_a_field_free_400(client, tree):
    response = sign_in(client, tree.users["commune_office"].username, "sai-mat-khau")
    assert response.status_code == 400
    assert set(response.json()) == {"non_field_errors"}


def test_a_locked_account_gets_429_with_the_login_pages_message(client, tree):
    """After AXES_FAILURE_LIMIT wrong passwords, even the right one is refused with the lock."""
    user = tree.users["commune_office"]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, user.username, "sai-mat-khau").status_code == 400
    assert sign_in(client, user.username, "sai-mat-khau").status_code == 429
    response = sign_in(client, user.username)
    assert response.status_code == 429
    assert "Tài khoản tạm bị khóa" in response.json()["detail"]
    assert not Token.objects.filter(user=user).exists()


def test_a_success_resets_the_failure_count(client, tree):
    """Failures before a success do not count towards the next lockout."""
    user = tree.users["commune_office"]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, user.username, "sai-mat-khau")
    assert sign_in(client, user.username).status_code == 200
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    assert sign_in(client, user.username, "sai-mat-khau").status_code == 400


def rates(monkeypatch, account, address):
    """DRF reads the rates once, into the throttle classes."""
    monkeypatch.setattr(
        tokens.SimpleRateThrottle,
        "THROTTLE_RATES",
        {"token_account": account, "token_address": address},
    )


def test_the_default_rates_are_set():
    assert tokens.AccountRateThrottle().rate == "10/min"
    assert tokens.AddressRateThrottle().rate == "30/min"


def test_attempts_are_throttled_per_account(client, tree, settings, monkeypatch):
    """The per-account limit holds across addresses."""
    rates(monkeypatch, "3/min", "100/min")
    settings.AXES_FAILURE_LIMIT = 100
    user = tree.users["commune_office"]
    for n in range(3):
        response = sign_in(client, user.username, "sai", REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 400
    response = sign_in(client, user.username, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert sign_in(client, tree.users["district_office"].username).status_code == 200


def test_attempts_are_throttled_per_address(client, tree, monkeypatch):
    """A password spray over many accounts from one address is slowed."""
    rates(monkeypatch, "100/min", "3/min")
    names = [tree.users[who].username for who in ("commune_office", "district_office")]
    for name in [*names, names[0]]:
        assert sign_in(client, name, "sai").status_code == 400
    assert sign_in(client, names[1]).status_code == 429
    # A client-sent X-Forwarded-For does not open a fresh bucket.
    assert sign_in(client, names[1], HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    assert sign_in(client, names[1], REMOTE_ADDR="10.0.0.2").status_code == 200


def test_an_expired_token_is_refused_and_deleted(client, tree):
    user = tree.users["commune_office"]
    key = sign_in(client, user.username).json()["token"]
    Token.objects.filter(key=key).update(
        created=timezone.now() - timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS, seconds=1)
    )
    response = councils(client, key)
    assert response.status_code == 401
    assert not Token.objects.filter(key=key).exists()


def test_signing_in_again_replaces_an_expired_token(client, tree):
    user = tree.users["commune_office"]
    old = sign_in(client, user.username).json()["token"]
    Token.objects.filter(key=old).update(created=timezone.now() - timedelta(days=2))
    new = sign_in(client, user.username).json()["token"]
    assert new != old
    assert councils(client, new).status_code == 200


def test_a_token_is_revoked_by_its_owner(client, tree):
    user = tree.users["commune_office"]
    key = sign_in(client, user.username).json()["token"]
    response = client.delete(TOKEN, headers={"authorization": f"Token {key}"})
    assert response.status_code == 204
    assert councils(client, key).status_code == 401


def test_revoking_needs_a_signed_in_caller(client, tree):
    """Anonymous: 403 like every API call without credentials (tests/councils/test_api.py)."""
    assert client.delete(TOKEN).status_code == 403


def test_an_unknown_token_is_a_401_naming_the_scheme(client, tree):
    response = councils(client, "0" * 40)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_the_login_page_still_shows_its_lock_page(client, tree):
    """The lockout callable answers the HTML form with the page, not JSON."""
    user = tree.users["commune_office"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "sai"})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]


def test_a_body_that_is_not_an_object_is_a_400_not_a_500(client, db):
    """The per-account throttle reads the user name from the body: a JSON list has none."""
    response = client.post(reverse("api_token"), [None, None], content_type="application/json")
    assert response.status_code == 400
