"""The API page's reference (docs/api.md, built by docs/hooks.py) lists every operation and
model of the schema the site serves, so the documentation cannot leave one out."""

import pytest

from config.api_reference import markdown, schema


@pytest.fixture(scope="module")
def document():
    return schema()


def test_every_operation_and_model_is_listed(document):
    text = markdown(document)
    methods = ("get", "post", "put", "patch", "delete")
    operations = [(method, path) for path, item in document["paths"].items()
                  for method in methods if method in item]  # fmt: skip
    assert len(operations) > 25
    for method, path in operations:
        assert f"#### `{method.upper()} {path}`" in text
    for name in document["components"]["schemas"]:
        assert f"#### `{name}`" in text
    assert text.startswith(f"{len(operations)} operations")


def test_an_operation_says_its_parameters_access_and_answers(document):
    text = markdown(document)
    search = text.split("#### `GET /api/v1/search/`")[1].split("#### ")[0]
    assert "| `q` | query | string |" in search
    assert "Needs a session or a token." not in search
    assert "200 `SearchResponse`" in search and "Errors: 400" in search
    bookmarks = text.split("#### `POST /api/v1/bookmarks/`")[1].split("#### ")[0]
    assert "Needs a session or a token." in bookmarks
    assert "Body: `BookmarkCreate` as `application/json`." in bookmarks
