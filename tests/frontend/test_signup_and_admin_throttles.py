"""Accounts cannot be made by the hundred from one address, and /admin/'s login is
locked out after failures as the site's is (the same counters)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def sign_up(client, name: str, address: str):
    return client.post(reverse("frontend:signup"), {
        "username": name, "email": "", "password1": "a long pass phrase 42",
        "password2": "a long pass phrase 42"}, REMOTE_ADDR=address)  # fmt: skip


def test_five_signups_an_hour_from_one_address(client):
    for n in range(5):
        assert sign_up(type(client)(), f"user{n}", "198.51.100.9").status_code == 302
    refused = sign_up(type(client)(), "user6", "198.51.100.9")
    assert refused.status_code == 429 and "Too many accounts" in refused.content.decode()
    assert not get_user_model().objects.filter(username="user6").exists()
    assert sign_up(type(client)(), "user7", "198.51.100.10").status_code == 302


def test_the_admin_login_locks_out_after_five_failures(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(5):
        response = client.post(url, {"username": "root", "password": "guess"})
        assert "_auth_user_id" not in client.session
    locked = client.post(url, {"username": "root", "password": PASSWORD})
    assert "Too many failed log-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The site's login shares the counters: no way around through the other door.
    site = client.post(reverse("login"), {"username": "root", "password": PASSWORD})
    assert site.status_code == 429
    assert response.status_code == 200
