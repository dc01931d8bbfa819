"""Pages and answers that show a secret (the API token, private feed URLs) tell every
cache on the way not to keep them."""

import pytest
from django.urls import reverse

from search.following.services import saved_search_create

pytestmark = pytest.mark.django_db


def test_pages_and_answers_with_secrets_are_never_cached(alice_client, alice):
    saved = saved_search_create(alice, {"name": "Policy", "q": "policy"})
    for path in (reverse("frontend:account"), reverse("frontend:for-you"),
                 reverse("frontend:saved-search", args=[saved.id]),
                 "/api/v1/saved-searches/", f"/api/v1/saved-searches/{saved.id}/"):  # fmt: skip
        response = alice_client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"] and "private" in response[
            "Cache-Control"], path  # fmt: skip
