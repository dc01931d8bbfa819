"""A password change by any door (the account page, the admin, `manage.py
changepassword`, which call set_password) revokes the API token; a log-in that only re-hashes the
same password does not."""

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
NEW = "another long pass phrase 9"


def test_changing_the_password_on_its_page_revokes_the_token(alice_client, alice):
    token = Token.objects.create(user=alice)
    api = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert alice_client.get("/api/v1/bookmarks/", **api).status_code == 200
    response = alice_client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})  # fmt: skip
    assert response.status_code == 302
    assert not Token.objects.filter(user=alice).exists()
    anonymous = type(alice_client)()
    assert anonymous.get("/api/v1/bookmarks/", **api).status_code == 401
    assert alice_client.get("/accounts/settings/").status_code == 200  # this session stays


def test_set_password_and_save_revokes_but_other_saves_do_not(alice, bob):
    Token.objects.create(user=alice)
    Token.objects.create(user=bob)
    alice.first_name = "Alice"
    alice.save()
    assert Token.objects.filter(user=alice).exists()  # no password change
    alice.set_password(NEW)
    alice.save()
    assert not Token.objects.filter(user=alice).exists()
    assert Token.objects.filter(user=bob).exists()
    form = AdminPasswordChangeForm(bob, {"password1": NEW, "password2": NEW})
    assert form.is_valid(), form.errors
    form.save()  # the admin's "change password" form
    assert not Token.objects.filter(user=bob).exists()


def test_a_rehash_of_the_same_password_keeps_the_token(alice, settings):
    Token.objects.create(user=alice)
    # A new hasher setting: the next log-in stores the same password hashed anew.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]  # fmt: skip
    before = alice.password
    assert alice.check_password(PASSWORD)
    alice.refresh_from_db()
    assert alice.password != before  # re-hashed and saved
    assert Token.objects.filter(user=alice).exists()
