"""Accounts: sign up, log in and out, change password, delete, API tokens."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.authtoken.models import Token

from papers.models import Bookmark
from papers.services import bookmark_save
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_sign_up_logs_in_and_opens_the_library(client):
    response = client.post(reverse("frontend:signup"), {
        "username": "carol", "email": "", "password1": "a long pass phrase 42",
        "password2": "a long pass phrase 42"})  # fmt: skip
    assert response.status_code == 302 and response.url == "/library/"
    assert client.get("/library/").status_code == 200


def test_sign_up_errors_are_shown(client, alice):
    response = client.post(reverse("frontend:signup"), {
        "username": "alice", "password1": "short", "password2": "other"})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "already exists" in html


def test_log_in_and_out(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert "alice" in client.get("/").content.decode()
    assert client.get(reverse("logout")).status_code == 405  # logging out takes a POST
    client.post(reverse("logout"))
    assert client.get("/library/").status_code == 302


def test_wrong_password_is_refused(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "guess"})
    assert response.status_code == 200 and "correct username and password" in (
        response.content.decode()
    )


def test_change_password(alice_client, alice):
    response = alice_client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "another long phrase 7",
        "new_password2": "another long phrase 7"})  # fmt: skip
    assert response.url == reverse("password_change_done")
    alice.refresh_from_db()
    assert alice.check_password("another long phrase 7")


def test_delete_account_takes_its_bookmarks(alice_client, alice, bob):
    paper = PaperFactory()
    bookmark_save(alice, paper, note="alice's")
    bookmark_save(bob, paper, note="bob's")
    refused = alice_client.post(reverse("frontend:account-delete"), {"password": "nope"})
    assert refused.status_code == 400 and get_user_model().objects.filter(username="alice")
    alice_client.post(reverse("frontend:account-delete"), {"password": PASSWORD})
    assert not get_user_model().objects.filter(username="alice").exists()
    assert list(Bookmark.objects.values_list("note", flat=True)) == ["bob's"]
    assert alice_client.get("/library/").status_code == 302


def test_token_create_shows_it_once_and_revoke_removes_it(alice_client, alice):
    created = alice_client.post(reverse("frontend:account"), {"action": "create-token"})
    key = Token.objects.get(user=alice).key
    assert key in created.content.decode()
    assert key not in alice_client.get(reverse("frontend:account")).content.decode()
    alice_client.post(reverse("frontend:account"), {"action": "revoke-token"})
    assert not Token.objects.filter(user=alice).exists()
