"""The schema states the rules that join fields, which a schema-valid request can break:
each such 400 is foretold in the description of the parameter it names."""

import pytest

pytestmark = pytest.mark.django_db


def parameters(client, path: str) -> dict[str, str]:
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    return {p["name"]: p.get("description", "")
            for p in schema["paths"][path]["get"]["parameters"]}  # fmt: skip


def test_search_states_its_cross_field_rules_and_enforces_them(client):
    described = parameters(client, "/api/v1/search/")
    assert "Required unless a filter" in described["q"]
    assert "not later than before" in described["after"]
    assert "(page - 1) * k < 100" in described["page"]
    for query, field in (({"after": "2025-02-01", "before": "2025-01-01", "q": "x"}, "after"),
                         ({"mode": "keyword"}, "q"), ({"q": "x", "k": 50, "page": 3}, "page")):
        response = client.get("/api/v1/search/", query)
        assert response.status_code == 400 and field in response.json(), query


def test_daily_states_that_a_page_lies_within_the_listing(client):
    assert "at most the listing's `pages`" in parameters(client, "/api/v1/daily/")["page"]
    response = client.get("/api/v1/daily/", {"page": 50})
    assert response.status_code == 400 and "page" in response.json()
