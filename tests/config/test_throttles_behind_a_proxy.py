"""Behind a reverse proxy (NUM_PROXIES=1, REMOTE_ADDR is the proxy's): API throttles and
the login lockout count per client address, which a forged X-Forwarded-For cannot change,
and one attacker locks out neither another client nor another user."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from config.client import client_address
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER, ALICE = "203.0.113.9", "198.51.100.7"
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def one_proxy(settings):
    settings.NUM_PROXIES = 1


def via_proxy(client_wrote: str | None, seen_by_proxy: str) -> dict:
    """The headers the app gets: the proxy appends the address it saw to what the client
    sent (or starts the header)."""
    forwarded = f"{client_wrote}, {seen_by_proxy}" if client_wrote else seen_by_proxy
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.parametrize(
    ("proxies", "meta", "address"),
    [(0, via_proxy("1.1.1.1", ATTACKER), PROXY),  # no proxy trusted: the header is ignored
     (1, via_proxy(None, ATTACKER), ATTACKER),
     (1, via_proxy("1.1.1.1, 2.2.2.2", ATTACKER), ATTACKER),
     (2, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"9.9.9.9, {ATTACKER}, 10.0.0.3"},
      ATTACKER),
     (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": " "}, PROXY),
     (3, via_proxy(None, ATTACKER), ATTACKER)],  # fewer entries than proxies: the first
)  # fmt: skip
def test_the_client_address_is_the_one_the_outermost_trusted_proxy_saw(
    settings, proxies, meta, address
):
    settings.NUM_PROXIES = proxies
    assert client_address(RequestFactory().get("/", **meta)) == address


def test_forged_forwarded_for_values_do_not_reset_the_api_throttle(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": None})
    PaperFactory()
    url = reverse("api:papers")
    client = Client()
    codes = [client.get(url, **via_proxy(f"192.0.2.{n}", ATTACKER)).status_code
             for n in range(5)]  # fmt: skip
    assert codes == [200, 200, 200, 429, 429]
    assert Client().get(url, **via_proxy(None, ALICE)).status_code == 200  # others are served


def log_in(username: str, password: str, meta: dict) -> int:
    response = Client().post(reverse("login"), {"username": username, "password": password},
                             **meta)  # fmt: skip
    return response.status_code


def test_an_attacker_cannot_lock_out_another_user_or_client(alice, bob):
    for n in range(30):  # guesses at alice's password and then anyone's, forging as it goes
        log_in("alice" if n < 10 else f"user{n}", "guess", via_proxy(f"192.0.2.{n}", ATTACKER))
    assert log_in("alice", PASSWORD, via_proxy(ALICE, ATTACKER)) == 429  # locked out: itself
    assert log_in("alice", PASSWORD, via_proxy(None, ALICE)) == 302  # alice, from her address
    assert log_in("bob", PASSWORD, via_proxy(None, "198.51.100.8")) == 302


def test_guessing_one_password_from_many_addresses_is_still_limited(alice):
    for n in range(100):
        log_in("alice", "guess", via_proxy(None, f"192.0.2.{n}"))
    assert log_in("alice", PASSWORD, via_proxy(None, ALICE)) == 429
