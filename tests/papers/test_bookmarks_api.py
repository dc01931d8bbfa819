"""/api/v1/bookmarks/: authentication, isolation between users, CRUD, tags, tokens."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from papers.models import Bookmark
from papers.services import bookmark_save
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/bookmarks/"


@pytest.fixture
def papers():
    return [PaperFactory(arxiv_id=f"2502.0000{n}") for n in range(1, 4)]


def as_user(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def test_anonymous_requests_are_401(client, papers):
    assert client.get(LIST).status_code == 401
    assert client.post(LIST, {"paper_id": "2502.00001"}).status_code == 401
    assert client.delete(f"{LIST}2502.00001/").status_code == 401


def test_create_read_update_delete(alice, papers):
    api = as_user(alice)
    body = {"paper_id": "https://arxiv.org/abs/2502.00001v3", "note": "good",
            "tags": ["RL", "rl", "to-read"]}  # fmt: skip
    created = api.post(LIST, body, format="json")
    assert created.status_code == 201
    assert created.json()["paper"]["id"] == "2502.00001"
    assert created.json()["tags"] == ["rl", "to-read"]
    again = api.post(LIST, {"paper_id": "2502.00001", "note": "better"}, format="json")
    assert again.status_code == 200 and again.json()["tags"] == ["rl", "to-read"]
    detail = f"{LIST}2502.00001/"
    assert api.get(detail).json()["note"] == "better"
    patched = api.patch(detail, {"tags": ["classic"]}, format="json")
    assert patched.json()["tags"] == ["classic"] and patched.json()["note"] == "better"
    replaced = api.put(detail, {"note": "best"}, format="json")  # PUT replaces: no tags now
    assert (replaced.json()["note"], replaced.json()["tags"]) == ("best", [])
    assert api.put(detail, {}, format="json").json()["note"] == ""
    assert api.delete(detail).status_code == 204
    assert api.get(detail).status_code == 404


def test_bad_input_is_a_400_naming_the_field(alice, papers):
    api = as_user(alice)
    for body, field in [({"paper_id": "9999.99999"}, "paper_id"), ({}, "paper_id"),
                        ({"paper_id": "2502.00001", "tags": ["x" * 51]}, "tags"),
                        ({"paper_id": "2502.00001", "tags": "notalist"}, "tags"),
                        ({"paper_id": "2502.00001", "tags": [1, True]}, "tags"),
                        ({"paper_id": "2502.00001", "tags": [{"a": 1}]}, "tags"),
                        ({"paper_id": 2502.00001}, "paper_id"),
                        ({"paper_id": "2502.00001", "note": 5}, "note")]:  # fmt: skip
        response = api.post(LIST, body, format="json")
        assert response.status_code == 400 and field in response.json(), body
    assert not Bookmark.objects.exists()


def test_bob_sees_a_404_for_alices_bookmark(alice, bob, papers):
    bookmark_save(alice, papers[0], note="alice only")
    bob_api = as_user(bob)
    detail = f"{LIST}{papers[0].arxiv_id}/"
    assert bob_api.get(detail).status_code == 404
    assert bob_api.patch(detail, {"note": "bob"}, format="json").status_code == 404
    assert bob_api.delete(detail).status_code == 404
    assert bob_api.get(LIST).json()["results"] == []
    assert as_user(alice).get(detail).json()["note"] == "alice only"


def test_list_is_newest_first_with_tag_filter_and_cursor(alice, papers):
    for paper, tag in zip(papers, ["a", "b", "a"], strict=True):
        bookmark_save(alice, paper, tags=[tag])
    api = as_user(alice)
    page = api.get(LIST, {"k": 2}).json()
    assert [b["paper"]["id"] for b in page["results"]] == ["2502.00003", "2502.00002"]
    rest = api.get(page["next"]).json()
    assert [b["paper"]["id"] for b in rest["results"]] == ["2502.00001"]
    tagged = api.get(LIST, {"tag": "a"}).json()["results"]
    assert [b["paper"]["id"] for b in tagged] == ["2502.00003", "2502.00001"]


def test_a_revoked_token_is_refused_at_once(alice, papers):
    api = as_user(alice)
    assert api.get(LIST).status_code == 200
    Token.objects.filter(user=alice).delete()
    assert api.get(LIST).status_code == 401


def test_session_authentication_needs_csrf(alice, papers):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(alice)
    assert api.get(LIST).status_code == 200
    assert api.post(LIST, {"paper_id": "2502.00001"}, format="json").status_code == 403


def test_bookmarks_are_in_the_schema(client):
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/bookmarks/{paper_id}/" in schema
