"""Every state-changing form refuses a POST without its CSRF token, and changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token

from papers.models import Bookmark
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db

NEW = "n3w long phrase!"
FORMS = [
    ("/papers/2507.00001/bookmark", {"action": "add"}),
    ("/library/import", {"text": "2507.00001"}),
    ("/accounts/settings/", {"action": "create-token"}),
    ("/accounts/delete/", {"password": "correct horse battery staple"}),
    ("/accounts/password/", {"old_password": "correct horse battery staple",
                             "new_password1": NEW, "new_password2": NEW}),
    ("/accounts/logout/", {}),
]  # fmt: skip


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_forms_refuse_posts_without_a_csrf_token(alice, url, data):
    PaperFactory(arxiv_id="2507.00001")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(url, data)
    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.check_password("correct horse battery staple")
    assert not Bookmark.objects.exists() and not Token.objects.exists()
    assert strict.get("/library/").status_code == 200  # still logged in


@pytest.mark.parametrize("url", ["/accounts/signup/", "/accounts/login/"])
def test_anonymous_forms_need_the_token_too(url, db):
    data = {"username": "mallory", "password": "x", "password1": "x", "password2": "x"}
    assert Client(enforce_csrf_checks=True).post(url, data).status_code == 403
    assert not get_user_model().objects.filter(username="mallory").exists()
