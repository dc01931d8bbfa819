"""/api/v1/library/: export in every format by ?format= or Accept, import of an export
as a JSON body; errors as JSON naming the field."""

import pytest
import rispy
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from papers.library_io import EXPORT_FORMATS
from papers.models import Bookmark

pytestmark = pytest.mark.django_db
EXPORT = "/api/v1/library/export/"
IMPORT = "/api/v1/library/import/"


def as_user(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_every_format_by_query_and_by_accept(alice, hard_library, format_name):
    api = as_user(alice)
    media_type = EXPORT_FORMATS[format_name].media_type
    by_query = api.get(EXPORT, {"format": format_name})
    assert by_query.status_code == 200
    assert by_query["Content-Type"] == f"{media_type}; charset=utf-8"
    by_accept = api.get(EXPORT, HTTP_ACCEPT=media_type)
    assert by_accept["Content-Type"] == by_query["Content-Type"]
    assert "1706.03762" in by_query.content.decode()


def test_json_is_the_default_and_a_tag_narrows_it(alice, hard_library):
    api = as_user(alice)
    everything = api.get(EXPORT).json()
    assert [b["id"] for b in everything] == ["title:5f1e2d", "cs/9311102", "1706.03762"]
    tagged = api.get(EXPORT, {"format": "ris", "tag": "agents"}).content.decode()
    assert [e["title"] for e in rispy.loads(tagged)] == ["Software agents"]


def test_empty_library_exports_are_valid_empty_documents(alice):
    api = as_user(alice)
    assert api.get(EXPORT, {"format": "json"}).json() == []
    assert api.get(EXPORT, {"format": "csl-json"}).json() == []
    assert api.get(EXPORT, {"format": "account"}).json()["bookmarks"] == []
    assert api.get(EXPORT, {"format": "bibtex"}).content == b""
    assert rispy.loads(api.get(EXPORT, {"format": "ris"}).content.decode()) == []


def test_export_errors_are_json(client, alice):
    assert client.get(EXPORT, {"format": "ris"}).status_code == 401
    api = as_user(alice)
    unknown = api.get(EXPORT, {"format": "endnote"})
    assert unknown.status_code == 400 and "format" in unknown.json()
    empty_tag = api.get(EXPORT, {"format": "bibtex", "tag": ""})
    assert empty_tag.status_code == 400 and empty_tag.json() == {"tag": ["must not be empty"]}
    refused = api.get(EXPORT, HTTP_ACCEPT="application/pdf")
    assert refused.status_code == 406 and refused["Content-Type"] == "application/json"


def test_import_an_account_document_and_an_export_as_text(alice, bob, hard_library):
    account = as_user(alice).get(EXPORT, {"format": "account"}).json()
    api = as_user(bob)
    report = api.post(IMPORT, account, format="json").json()
    assert report["format"] == "account" and len(report["added"]) == 3
    bibtex = as_user(alice).get(EXPORT, {"format": "bibtex"}).content.decode()
    again = api.post(IMPORT, {"content": bibtex}, format="json").json()
    assert again["format"] == "bibtex" and sorted(again["updated"]) == ["1706.03762", "cs/9311102"]


def test_unreadable_import_is_a_400_that_changes_nothing(bob, hard_library):
    api = as_user(bob)
    for body, field in [({"content": "<xml/>"}, "content"), ({"papers": []}, "bookmarks"),
                        ({"content": 5}, "content"), ([None], "non_field_errors"),
                        ({"bookmarks": [None]}, "bookmarks")]:  # fmt: skip
        response = api.post(IMPORT, body, format="json")
        assert response.status_code == 400 and field in response.json(), response.json()
    assert not Bookmark.objects.filter(user=bob).exists()
