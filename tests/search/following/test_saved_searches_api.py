"""/api/v1/saved-searches/: create, list, read, change and delete a saved search, with the
search page's rules, a limit, and each user seeing only their own."""

import pytest
from django.urls import reverse

from search.following.models import MAX_SAVED_SEARCHES, SavedSearch

pytestmark = pytest.mark.django_db
LIST = "/api/v1/saved-searches/"


def test_create_read_update_delete(alice_client):
    created = alice_client.post(LIST, {"name": "Diffusion", "q": "diffusion models",
                                       "mode": "semantic", "category": ["cs.CV"],
                                       "after": "2025-01-01", "alert": "daily"},
                                content_type="application/json")  # fmt: skip
    assert created.status_code == 201
    body = created.json()
    assert {k: body[k] for k in ("name", "q", "mode", "category", "author", "after", "alert")} == {
        "name": "Diffusion", "q": "diffusion models", "mode": "semantic",
        "category": ["cs.CV"], "author": [], "after": "2025-01-01", "alert": "daily"}  # fmt: skip
    assert body["new_count"] == 0
    assert body["feed_url"].startswith("http://testserver/feeds/saved/")
    detail = f"{LIST}{body['id']}/"
    assert alice_client.get(detail).json()["name"] == "Diffusion"
    changed = alice_client.patch(detail, {"alert": "weekly", "name": "Diffusion (weekly)"},
                                 content_type="application/json")  # fmt: skip
    assert changed.status_code == 200
    assert (changed.json()["alert"], changed.json()["q"]) == ("weekly", "diffusion models")
    assert [s["name"] for s in alice_client.get(LIST).json()] == ["Diffusion (weekly)"]
    assert alice_client.delete(detail).status_code == 204
    assert alice_client.get(detail).status_code == 404


def test_put_replaces_every_field_and_patch_changes_the_ones_given(alice_client):
    created = alice_client.post(LIST, {"name": "Diffusion", "q": "diffusion", "mode": "keyword",
                                       "category": ["cs.CV"], "alert": "daily"},
                                content_type="application/json").json()  # fmt: skip
    detail = f"{LIST}{created['id']}/"
    patched = alice_client.patch(detail, {"q": "latent diffusion"},
                                 content_type="application/json").json()  # fmt: skip
    assert (patched["q"], patched["mode"], patched["category"], patched["alert"]) == (
        "latent diffusion", "keyword", ["cs.CV"], "daily")  # fmt: skip
    replaced = alice_client.put(detail, {"name": "Robots", "q": "robot arms"},
                                content_type="application/json")  # fmt: skip
    assert replaced.status_code == 200
    body = replaced.json()
    assert (body["name"], body["q"], body["mode"], body["category"], body["alert"]) == (
        "Robots",
        "robot arms",
        "hybrid",
        [],
        "none",
    )  # the rest back to their defaults
    assert alice_client.get(detail).json()["mode"] == "hybrid"
    missing = alice_client.put(detail, {"q": "robot arms"}, content_type="application/json")
    assert missing.status_code == 400 and "name" in missing.json()


@pytest.mark.parametrize("body, field", [
    ({"name": "x", "q": "after:2025-13-01 learning"}, "q"),
    ({"name": "x", "q": "a" * 5001}, "q"),
    ({"name": "x"}, "q"),
    ({"name": "x", "q": "ok", "mode": "fuzzy"}, "mode"),
    ({"name": "x", "q": "ok", "alert": "hourly"}, "alert"),
    ({"name": "x", "q": "ok", "category": ["not a category"]}, "category"),
    ({"q": "ok"}, "name"),
])  # fmt: skip
def test_what_the_search_page_rejects_is_refused_naming_the_field(alice_client, body, field):
    response = alice_client.post(LIST, body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


def test_names_are_unique_per_user_and_there_is_a_limit(alice_client, alice):
    for n in range(MAX_SAVED_SEARCHES):
        SavedSearch.objects.create(user=alice, name=f"s{n}", q="x", seen_at="2026-01-01T00:00Z")
    response = alice_client.post(LIST, {"name": "one more", "q": "learning"},
                                 content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "50" in response.json()["name"][0]
    SavedSearch.objects.filter(name="s0").delete()
    again = alice_client.post(
        LIST, {"name": "s1", "q": "learning"}, content_type="application/json"
    )
    assert again.status_code == 400 and "already" in again.json()["name"][0]


def test_another_users_saved_search_is_a_404(alice_client, bob_client):
    made = alice_client.post(LIST, {"name": "mine", "q": "graphs"}, content_type="application/json")
    detail = f"{LIST}{made.json()['id']}/"
    assert bob_client.get(detail).status_code == 404
    assert (
        bob_client.patch(detail, {"name": "stolen"}, content_type="application/json").status_code
        == 404
    )
    assert bob_client.delete(detail).status_code == 404
    assert bob_client.get(LIST).json() == []
    assert alice_client.get(detail).json()["name"] == "mine"


def test_token_authentication_and_anonymous_refusal(client, alice):
    from rest_framework.authtoken.models import Token

    assert client.get(LIST).status_code in (401, 403)
    token = Token.objects.create(user=alice)
    response = client.post(LIST, {"name": "by script", "q": "transformers"},
                           content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {token.key}")  # fmt: skip
    assert response.status_code == 201


def test_schema_documents_saved_searches(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/saved-searches/"])
    assert {"get", "put", "patch", "delete"} <= set(
        schema["paths"]["/api/v1/saved-searches/{saved_id}/"]
    )


def test_authors_are_kept_as_names_and_each_one_filters(alice_client):
    """The hypothesis test of the match rule found authors stored character by character."""
    created = alice_client.post(LIST, {"name": "Two", "q": "graph",
                                       "author": ["Ada  Lovelace", "Turing"]},
                                content_type="application/json").json()  # fmt: skip
    assert created["author"] == ["Ada Lovelace", "Turing"]
    saved = SavedSearch.objects.get(id=created["id"])
    assert saved.authors == ["Ada Lovelace", "Turing"]
    too_long = alice_client.post(LIST, {"name": "Long", "q": "graph", "author": ["a" * 201]},
                                 content_type="application/json")  # fmt: skip
    assert too_long.status_code == 400 and "author" in too_long.json()
