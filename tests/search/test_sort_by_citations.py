"""`sort=citations`: search's best matches most cited first, every paper most cited first
without words, and the daily listing most cited first; never-counted papers last."""

import datetime as dt

import pytest
from django.urls import reverse

from papers.daily import daily_listing, parse_daily_query
from search.params import parse_search_params
from search.pipeline import paper_search
from tests.citation_graph import build
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def ids(params: dict) -> list[str]:
    return [hit.paper.arxiv_id for hit in paper_search(parse_search_params(params)).hits]


def test_matches_most_cited_first(corpus):
    build(corpus)
    relevance = ids({"q": "images", "mode": "keyword"})
    by_citations = ids({"q": "images", "mode": "keyword", "sort": "citations"})
    assert relevance == ["2501.00002", "2501.00003"]
    assert by_citations == ["2501.00003", "2501.00002"]  # 75, then 40
    # Hybrid ranks every paper here (the corpus is tiny); the never-counted come last.
    assert ids({"q": "images", "sort": "citations"}) == ["2501.00001", "2501.00003",
                                                         "2501.00002", "cs/9311102"]  # fmt: skip


def test_without_words_every_paper_most_cited_first(corpus):
    build(corpus)
    assert ids({"sort": "citations"}) == ["2501.00001", "2501.00003", "2501.00002", "cs/9311102"]
    assert ids({"sort": "citations", "category": "cs.CV"}) == ["2501.00003", "2501.00002"]


def test_the_api_and_the_page_take_it(client, corpus):
    build(corpus)
    body = client.get(reverse("api:search"), {"q": "images", "sort": "citations"}).json()
    assert [r["paper"]["citation_count"] for r in body["results"]] == [120, 75, 40, None]
    html = client.get(reverse("frontend:search"), {"q": "images", "sort": "citations"})
    assert '<option value="citations" selected>' in html.content.decode()
    assert client.get(reverse("api:search"), {"q": "x", "sort": "cited"}).status_code == 400


def test_the_daily_listing_most_cited_first():
    day = dt.date(2026, 11, 19)
    for n, count in enumerate([3, None, 50, 0]):
        PaperFactory(arxiv_id=f"2611.0000{n}", published=day, citation_count=count, upvotes=n)
    listing = daily_listing(parse_daily_query({"date": "2026-11-19", "sort": "citations"}))
    assert [p.arxiv_id for p in listing.papers] == ["2611.00002", "2611.00000", "2611.00003",
                                                    "2611.00001"]  # fmt: skip
