"""No digest goes to an address before its owner opens the link mailed to it; a changed
address is confirmed again; stale or forged links confirm nothing."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from search.following.digests import send_digests
from search.following.services import saved_search_create
from search.following.verification import SALT, email_is_verified
from tests.factories import PaperFactory, UserFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


def confirm_link(message) -> str:
    found = re.search(r"https://papers\.example\.org(/accounts/verify-email/\S+/)",
                      message.get_content())  # fmt: skip
    assert found, message.get_content()
    return found.group(1)


def digests_to(inbox, address: str) -> list:
    return [m for m in inbox.to(address) if "Confirm your address" not in m["Subject"]]


def test_sign_up_with_an_address_mails_a_link_and_digests_wait_for_it(client, inbox, bob):
    response = client.post(reverse("frontend:signup"), {
        "username": "carol", "email": "carol@example.org",
        "password1": "a long pass phrase 42", "password2": "a long pass phrase 42"})  # fmt: skip
    assert response.status_code == 302
    (mail,) = inbox.to("carol@example.org")
    assert mail["Subject"] == "Confirm your address for Paperscope"
    carol = response.wsgi_request.user
    for user in (carol, bob):
        saved_search_create(user, {"name": "Policy", "q": "policy", "alert": "daily",
                                   "mode": "keyword"})  # fmt: skip
    PaperFactory(title="Policy gradients", abstract="A policy paper.")
    index_keywords()
    send_digests(force=True)
    assert digests_to(inbox, bob.email)  # bob's address is confirmed: his digest went
    assert digests_to(inbox, "carol@example.org") == []  # not confirmed: nothing sent

    page = client.get(confirm_link(mail), follow=True)
    assert "carol@example.org is confirmed" in page.content.decode()
    carol.refresh_from_db()
    assert email_is_verified(carol)


def test_a_changed_address_is_confirmed_again(client, inbox, alice):
    client.force_login(alice)
    assert email_is_verified(alice)
    client.post(reverse("frontend:account"), {"action": "email", "email": "new@example.org"})
    alice.refresh_from_db()
    assert alice.email == "new@example.org" and not email_is_verified(alice)
    page = client.get(reverse("frontend:account")).content.decode()
    assert "is not confirmed yet" in page
    (first,) = inbox.to("new@example.org")

    client.post(reverse("frontend:account"), {"action": "verify-email"})
    assert len(inbox.to("new@example.org")) == 2  # sent again on request
    # Changed once more: the link mailed to new@ confirms nothing now.
    client.post(reverse("frontend:account"), {"action": "email", "email": "third@example.org"})
    stale = client.get(confirm_link(first), follow=True)
    assert "does not work" in stale.content.decode()
    alice.refresh_from_db()
    assert not email_is_verified(alice)


def test_forged_expired_and_throttled_links(client, inbox, settings):
    carol = UserFactory(username="carol", email="carol@example.org", email_verified=False)
    forged = signing.dumps({"u": carol.id, "e": "carol@example.org"}, salt="another salt")
    assert "does not work" in client.get(
        reverse("frontend:verify-email", args=[forged]), follow=True).content.decode()
    settings.SECRET_KEY, real_key = settings.SECRET_KEY + "another", settings.SECRET_KEY
    other_key = signing.dumps({"u": carol.id, "e": "carol@example.org"}, salt=SALT)
    settings.SECRET_KEY = real_key
    assert "does not work" in client.get(
        reverse("frontend:verify-email", args=[other_key]), follow=True).content.decode()
    assert not email_is_verified(carol)

    client.force_login(carol)
    for _ in range(7):
        client.post(reverse("frontend:account"), {"action": "verify-email"})
    assert len(inbox.to("carol@example.org")) == 5  # an hour's worth, then refused
