"""Password guessing: after five failures for a username, even the right password is
refused for a while, with a 429; other users are not locked out."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failures_lock_the_username(client, alice, bob):
    for _ in range(5):
        assert log_in(client, "alice", "guess").status_code == 200
    locked = log_in(client, "Alice", PASSWORD)  # case does not dodge the counter
    assert locked.status_code == 429 and "Too many failed log-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert log_in(client, "bob", PASSWORD).status_code == 302  # bob is not locked out


def test_many_usernames_from_one_address_are_throttled(client, alice):
    for n in range(20):
        log_in(client, f"nobody{n}", "guess")
    assert log_in(client, "alice", PASSWORD).status_code == 429


def test_the_lock_expires(client, alice, settings):
    settings.LOGIN_LOCKOUT_SECONDS = 2
    for _ in range(5):
        log_in(client, "alice", "guess")
    assert log_in(client, "alice", PASSWORD).status_code == 429
    time.sleep(2.1)
    assert log_in(client, "alice", PASSWORD).status_code == 302
