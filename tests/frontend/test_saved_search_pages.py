"""Saving a search from the search page, the library's list with "N new", a saved
search's page with the new papers marked (edit, rename, delete), its private feed, and
the signed unsubscribe link; alice's and bob's kept apart."""

import datetime as dt

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from search.following.digests import unsubscribe_token
from search.following.models import SavedSearch
from search.following.services import feed_secret, saved_search_create
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


def test_save_a_search_from_the_search_page(alice_client, alice):
    PaperFactory(title="Graph neural networks")
    index_keywords()
    page = alice_client.get("/search", {"q": "graph", "mode": "keyword", "category": "cs.LG"})
    html = page.content.decode()
    assert "Save this search" in html and 'name="category" value="cs.LG"' in html
    fields = {"q": "graph", "mode": "keyword", "category": "cs.LG", "name": "Graphs",
              "alert": "weekly"}  # fmt: skip
    response = alice_client.post(reverse("frontend:saved-search-new"), fields)
    saved = SavedSearch.objects.get(user=alice)
    assert response.url == reverse("frontend:saved-search", args=[saved.id])
    assert (saved.q, saved.mode, saved.categories, saved.alert) == (
        "graph",
        "keyword",
        ["cs.LG"],
        "weekly",
    )


def test_a_query_the_search_page_rejects_is_not_saved(alice_client, alice):
    bad = {"q": "before:2020-02-31 x", "name": "Bad"}
    response = alice_client.post(reverse("frontend:saved-search-new"), bad, follow=True)
    assert "Not saved: q:" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_library_lists_saved_searches_with_new_counts_and_the_page_marks_them(alice_client, alice):
    saved = saved_search_create(alice, {"name": "Diffusion", "q": "diffusion", "mode": "keyword"})
    old = PaperFactory(title="Old diffusion paper")
    SavedSearch.objects.filter(id=saved.id).update(seen_at=timezone.now())
    type(old).objects.filter(id=old.id).update(created=timezone.now() - dt.timedelta(days=1))
    PaperFactory(title="Fresh diffusion paper")
    index_keywords()
    library = alice_client.get(reverse("frontend:library")).content.decode()
    assert 'Diffusion</a> <strong class="badge">1 new</strong>' in library
    page = alice_client.get(reverse("frontend:saved-search", args=[saved.id])).content.decode()
    assert page.count('class="badge">New</span>') == 1
    fresh_at = page.index("Fresh diffusion paper")
    assert page.rindex('class="badge">New</span>', 0, fresh_at) > page.rfind(
        "Old diffusion", 0, fresh_at
    )
    # Looking resets the count.
    assert "1 new" not in alice_client.get(reverse("frontend:library")).content.decode()


def test_edit_rename_and_delete(alice_client, alice):
    saved = saved_search_create(alice, {"name": "Robots", "q": "robot"})
    url = reverse("frontend:saved-search", args=[saved.id])
    alice_client.post(url, {"name": "Robot learning", "q": "robot learning", "mode": "semantic",
                            "alert": "daily"})  # fmt: skip
    saved.refresh_from_db()
    assert (saved.name, saved.q, saved.mode, saved.alert) == ("Robot learning", "robot learning",
                                                              "semantic", "daily")  # fmt: skip
    alice_client.post(url, {"action": "delete"})
    assert not SavedSearch.objects.exists()


def test_another_users_saved_search_page_is_a_404(bob_client, alice):
    saved = saved_search_create(alice, {"name": "Mine", "q": "robot"})
    url = reverse("frontend:saved-search", args=[saved.id])
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url, {"action": "delete"}).status_code == 404
    assert SavedSearch.objects.filter(id=saved.id).exists()


def test_private_feed_needs_its_secret(client, alice, bob):
    PaperFactory(arxiv_id="2611.00001", title="Robot hands")
    index_keywords()
    saved = saved_search_create(alice, {"name": "Robots", "q": "robot", "mode": "keyword"})
    url = reverse("frontend:feed-saved", args=[saved.id, feed_secret(alice, saved)])
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo and [e.id for e in feed.entries] == ["https://arxiv.org/abs/2611.00001"]
    assert client.get(reverse("frontend:feed-saved", args=[saved.id, "guess"])).status_code == 404
    others = [feed_secret(bob), feed_secret(alice)]  # bob's, and alice's "For you" feed's
    for other in others:
        assert client.get(reverse("frontend:feed-saved", args=[saved.id, other])).status_code == 404


def test_one_click_unsubscribe_works_without_logging_in(client, alice):
    saved = saved_search_create(alice, {"name": "Robots", "q": "robot", "alert": "daily"})
    url = reverse("frontend:unsubscribe", args=[unsubscribe_token(alice.id, [saved.id])])
    page = client.get(url)
    assert page.status_code == 200 and "Robots" in page.content.decode()
    saved.refresh_from_db()
    assert saved.alert == "daily"  # a GET (a link scanner) changes nothing
    client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    saved.refresh_from_db()
    assert saved.alert == "none"


def test_tampered_or_foreign_unsubscribe_links_change_nothing(client, bob_client, alice, bob):
    saved = saved_search_create(alice, {"name": "Robots", "q": "robot", "alert": "daily"})
    token = unsubscribe_token(alice.id, [saved.id])
    tampered = client.post(reverse("frontend:unsubscribe", args=[token[:-3] + "abc"]))
    assert tampered.status_code == 400 and "Nothing was changed" in tampered.content.decode()
    forged = unsubscribe_token(bob.id, [saved.id])  # bob's own link naming alice's search
    client.post(reverse("frontend:unsubscribe", args=[forged]))
    foreign = bob_client.post(reverse("frontend:unsubscribe", args=[token]))
    assert foreign.status_code == 403
    saved.refresh_from_db()
    assert saved.alert == "daily"
