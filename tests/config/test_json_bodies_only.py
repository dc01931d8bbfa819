"""The API reads JSON bodies only: a form or multipart body is a 415 naming the type to
send, and the schema declares one request content type per operation (which generated
clients need)."""

import pytest
import yaml
from rest_framework.authtoken.models import Token

from papers.models import Bookmark
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("encode", ["form", "multipart"])
def test_form_and_multipart_bodies_are_a_415_naming_json(client, alice, encode):
    PaperFactory(arxiv_id="2501.00001")
    token = Token.objects.create(user=alice).key
    body = {"paper_id": "2501.00001", "note": "x"}
    if encode == "form":
        response = client.post("/api/v1/bookmarks/", "paper_id=2501.00001&note=x",
                               content_type="application/x-www-form-urlencoded",
                               HTTP_AUTHORIZATION=f"Token {token}")  # fmt: skip
    else:
        response = client.post("/api/v1/bookmarks/", body, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]
    assert not Bookmark.objects.exists()


def test_every_operation_declares_one_request_content_type(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    bodies = [
        (path, method, operation["requestBody"]["content"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    ]
    assert len(bodies) >= 4  # bookmark create, update, partial update; library import
    for path, method, content in bodies:
        assert list(content) == ["application/json"], (path, method)
