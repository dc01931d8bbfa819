"""Password reset by email, against a real SMTP server: the link comes on SITE_URL, works
once, logs out every session and revokes the API token; only a confirmed address gets a
link; requests are throttled."""

import re

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from search.following.models import VerifiedEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a brand new pass phrase 77"


def ask(client, email: str, address: str = "198.51.100.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def reset_link(message) -> str:
    found = re.search(r"https://papers\.example\.org(/accounts/password/reset/\S+/)",
                      message.get_content())  # fmt: skip
    assert found, message.get_content()
    return found.group(1)


def test_a_reset_link_sets_a_new_password_once_and_revokes_the_token(client, inbox, alice):
    Token.objects.create(user=alice)
    other_session = type(client)()
    other_session.force_login(alice)

    response = ask(client, alice.email)
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    (message,) = inbox.to(alice.email)
    assert message["Subject"] == "Reset your Paperscope password"
    link = reset_link(message)  # on SITE_URL, whatever Host the request named

    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                    "new_password2": NEW_PASSWORD})  # fmt: skip
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(user=alice).exists()
    assert other_session.get("/accounts/settings/").status_code == 302  # logged out
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_only_a_confirmed_address_is_sent_a_link(client, inbox):
    UserFactory(username="carol", email="carol@example.org", email_verified=False)
    response = ask(client, "carol@example.org")
    assert response.status_code == 302  # the same answer: it tells nobody who has an account
    assert ask(client, "nobody@example.org").status_code == 302
    assert inbox.messages == []


def test_requests_are_throttled_per_address_and_per_client(client, inbox, alice):
    for _ in range(3):
        assert ask(client, alice.email).status_code == 302
    refused = ask(client, alice.email)
    assert refused.status_code == 429 and "Too many reset requests" in refused.content.decode()
    assert len(inbox.to(alice.email)) == 3
    for n in range(10):
        ask(client, f"someone{n}@example.org", address="198.51.100.2")
    assert ask(client, "else@example.org", address="198.51.100.2").status_code == 429
    assert ask(client, "else@example.org", address="198.51.100.3").status_code == 302


def test_the_reset_pages_wear_the_sites_style(client):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        html = client.get(reverse(name)).content.decode()
        assert "site-header" in html and "Django administration" not in html, name
    assert VerifiedEmail.objects.count() == 0
