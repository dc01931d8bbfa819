"""GET /api/v1/daily/: the listing for scripts, with the page's parameters."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 19)


def test_a_day_with_neighbours_and_papers_by_trending(client):
    PaperFactory(published=DAY - dt.timedelta(days=3))
    PaperFactory(arxiv_id="2611.00001", published=DAY, upvotes=2, categories=["cs.CL"])
    PaperFactory(arxiv_id="2611.00002", published=DAY, upvotes=9, categories=["cs.CL"])
    PaperFactory(arxiv_id="2611.00003", published=DAY, upvotes=50, categories=["cs.CV"])
    body = client.get(reverse("api:daily"), {"date": "2026-11-19", "category": "cs.CL"}).json()
    assert [p["id"] for p in body["results"]] == ["2611.00002", "2611.00001"]
    assert body["results"][0]["upvotes"] == 9
    assert (body["start"], body["end"], body["previous"], body["next"]) == (
        "2026-11-19", "2026-11-19", None, None)  # fmt: skip
    assert (body["count"], body["page"], body["pages"], body["sort"]) == (2, 1, 1, "trending")


def test_the_latest_day_by_default(client):
    PaperFactory(published=DAY - dt.timedelta(days=3))
    PaperFactory(published=DAY)
    body = client.get(reverse("api:daily")).json()
    assert (body["start"], body["previous"]) == ("2026-11-19", "2026-11-16")


@pytest.mark.parametrize("params, field", [
    ({"date": "19/11/2026"}, "date"), ({"period": "year"}, "period"), ({"sort": "top"}, "sort"),
    ({"category": "cs.XX"}, "category"), ({"page": "0"}, "page"), ({"date": ""}, "date"),
    ({"page": "7"}, "page"),
])  # fmt: skip
def test_bad_parameters_are_400s_naming_the_field(client, params, field):
    PaperFactory(published=DAY)
    response = client.get(reverse("api:daily"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_schema_documents_the_daily_listing(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    names = {p["name"] for p in schema["paths"]["/api/v1/daily/"]["get"]["parameters"]}
    assert {"date", "period", "category", "sort", "page"} <= names
