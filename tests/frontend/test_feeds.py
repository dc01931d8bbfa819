"""Atom feeds of the daily listing, of categories and of searches, read by feedparser as a
feed reader would: well-formed (no bozo), complete entries, ids stable across runs."""

import datetime as dt

import feedparser
import pytest
from django.urls import reverse

from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 10, 15)


def read(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_daily_feed_entries_carry_everything_a_reader_needs(client):
    PaperFactory(arxiv_id="2610.01234", title="Sparse attention & friends", published=DAY,
                 updated=DAY + dt.timedelta(days=1), authors=["Ada Lovelace", "Alan Turing"],
                 categories=["cs.LG", "stat.ML"], abstract="We study attention.")  # fmt: skip
    feed = read(client, reverse("frontend:feed-daily"))
    assert feed.version == "atom10"
    (entry,) = feed.entries
    assert entry.id == "https://arxiv.org/abs/2610.01234"
    assert entry.title == "Sparse attention & friends"
    assert [a.name for a in entry.authors] == ["Ada Lovelace", "Alan Turing"]
    assert [t.term for t in entry.tags] == ["cs.LG", "stat.ML"]
    assert entry.published_parsed[:3] == (2026, 10, 15)
    assert entry.updated_parsed[:3] == (2026, 10, 16)
    assert entry.summary == "We study attention."
    links = {link.get("rel"): link.href for link in entry.links}
    assert links["alternate"].endswith("/papers/2610.01234/")
    assert links["related"] == "https://arxiv.org/abs/2610.01234"


def test_ids_are_stable_across_runs(client):
    PaperFactory(arxiv_id="2610.00001", published=DAY)
    PaperFactory(arxiv_id="title:abc123", published=DAY, abs_url="", pdf_url="")
    first = [e.id for e in read(client, reverse("frontend:feed-daily")).entries]
    second = [e.id for e in read(client, reverse("frontend:feed-daily")).entries]
    assert first == second
    assert set(first) == {"https://arxiv.org/abs/2610.00001", "tag:paperscope,2026:title:abc123"}


def test_category_feed_holds_only_that_category_newest_first(client):
    PaperFactory(arxiv_id="2610.00001", published=DAY - dt.timedelta(days=1), categories=["cs.CV"])
    PaperFactory(arxiv_id="2610.00002", published=DAY, categories=["cs.RO", "cs.CV"])
    PaperFactory(arxiv_id="2610.00003", published=DAY, categories=["cs.CL"])
    feed = read(client, reverse("frontend:feed-category", args=["cs.CV"]))
    assert [e.id.rsplit("/", 1)[1] for e in feed.entries] == ["2610.00002", "2610.00001"]
    assert "cs.CV" in feed.feed.title


def test_search_feed_runs_the_search_newest_first(client):
    PaperFactory(arxiv_id="2610.00001", title="Diffusion models for images", published=DAY)
    PaperFactory(
        arxiv_id="2609.00001", title="Diffusion models, older", published=DAY.replace(month=9)
    )
    PaperFactory(arxiv_id="2610.00009", title="Robot grasping", published=DAY)
    index_keywords()
    feed = read(client, reverse("frontend:feed-search"), {"q": "diffusion", "mode": "keyword"})
    assert [e.id.rsplit("/", 1)[1] for e in feed.entries] == ["2610.00001", "2609.00001"]


def test_pages_point_feed_readers_at_their_feeds(client):
    PaperFactory(published=DAY, categories=["cs.CV"])
    index_keywords()
    pages = {
        reverse("frontend:home"): "/feeds/daily/",
        reverse("frontend:home") + "?category=cs.CV": "/feeds/categories/cs.CV/",
        "/daily/?category=cs.CV": "/feeds/daily/?category=cs.CV",
        "/search?q=learning&mode=keyword&page=1": "/feeds/search/?q=learning&amp;mode=keyword",
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        assert 'rel="alternate" type="application/atom+xml" title="' in html, page
        assert f'href="{feed}"' in html, page


def test_bad_feed_parameters(client):
    assert client.get(reverse("frontend:feed-search")).status_code == 400
    assert (
        client.get(reverse("frontend:feed-search"), {"q": "x", "mode": "fuzzy"}).status_code == 400
    )
    assert client.get(reverse("frontend:feed-daily"), {"sort": "best"}).status_code == 400
    assert client.get("/feeds/categories/not a category/").status_code == 404
