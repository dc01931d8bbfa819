"""Following an author from their page: a saved search by person, with the feed, the
digest and "N new" of any saved search. Their papers however the name is written count;
Samy Bengio's do not."""

import datetime as dt
import re

import feedparser
import pytest
from django.core.management import call_command
from django.utils import timezone

from search.following.models import SavedSearch
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


def test_follow_from_the_author_page_then_feed_mail_and_new_count(alice_client, alice, inbox):
    PaperFactory(title="Deep learning", authors=["Yoshua Bengio"])
    page = alice_client.get("/authors/Yoshua Bengio/").content.decode()
    assert "Follow Yoshua Bengio" in page
    response = alice_client.post("/saved/", {"name": "Papers by Yoshua Bengio",
                                             "mode": "keyword", "person": "Yoshua Bengio",
                                             "alert": "daily"})  # fmt: skip
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=alice)
    assert saved.person == "Yoshua Bengio"
    SavedSearch.objects.filter(id=saved.id).update(
        created=timezone.now() - dt.timedelta(hours=2),
        seen_at=timezone.now())  # fmt: skip

    his = [PaperFactory(title="Generative flows", authors=["Bengio, Yoshua", "Ada Lovelace"]),
           PaperFactory(title="Consciousness prior", authors=["Y. Bengio"])]  # fmt: skip
    PaperFactory(title="Speech ranking", authors=["Samy Bengio"])

    page = alice_client.get(f"/saved/{saved.id}/").content.decode()
    assert "<strong>2 new</strong>" in page
    feed_url = re.search(r'href="http://testserver(/feeds/saved/[^"]+)"', page).group(1)
    feed = feedparser.parse(alice_client.get(feed_url).content)
    titles = {entry.title for entry in feed.entries}
    assert {p.title for p in his} <= titles and "Speech ranking" not in titles

    call_command("send_digests", "--frequency", "daily")
    (message,) = inbox.messages
    text = message.get_body(("plain",)).get_content()
    assert "Generative flows" in text and "Consciousness prior" in text
    assert "Speech ranking" not in text


def test_the_person_filter_searches_the_api_and_names_a_bad_value(client):
    PaperFactory(title="Attention", authors=["Bengio, Yoshua"])
    PaperFactory(title="Attention too", authors=["Samy Bengio"])
    index_keywords()
    data = client.get("/api/v1/search/", {"person": "Yoshua Bengio", "q": "attention",
                                          "mode": "keyword"}).json()  # fmt: skip
    assert [r["paper"]["title"] for r in data["results"]] == ["Attention"]
    listing = client.get("/api/v1/papers/", {"person": "Y. Bengio"}).json()
    assert [p["title"] for p in listing["results"]] == ["Attention"]
    bad = client.get("/api/v1/search/", {"person": "x" * 300})
    assert bad.status_code == 400 and "person" in bad.json()


def test_a_saved_search_keeps_its_venue(alice_client, alice):
    PaperFactory(title="Diffusion at ICLR", comments="ICLR 2025 (oral)")
    PaperFactory(title="Diffusion elsewhere")
    index_keywords()
    created = alice_client.post("/api/v1/saved-searches/", {"name": "ICLR diffusion",
                                "q": "diffusion", "mode": "keyword", "venue": "iclr 2025"},
                                content_type="application/json").json()  # fmt: skip
    assert created["venue"] == "ICLR 2025"
    page = alice_client.get(f"/saved/{created['id']}/").content.decode()
    assert "Diffusion at ICLR" in page and "Diffusion elsewhere" not in page
    bad = alice_client.post("/api/v1/saved-searches/", {"name": "x", "q": "x", "venue": "Nope"},
                            content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "venue" in bad.json()
