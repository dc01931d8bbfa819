"""Sessions: a new session key at log-in (no fixation), none usable after log-out."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_log_in_issues_a_new_session_and_log_out_ends_it(alice):
    client = Client()
    client.get("/accounts/login/")
    client.session.save()  # an anonymous session an attacker could have planted
    planted = client.session.session_key
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    logged_in = client.cookies["sessionid"].value
    assert logged_in != planted

    thief = Client()
    thief.cookies["sessionid"] = logged_in
    assert thief.get("/library/").status_code == 200  # the cookie is the session...
    client.post("/accounts/logout/")
    assert thief.get("/library/").status_code == 302  # ...until its owner logs out
