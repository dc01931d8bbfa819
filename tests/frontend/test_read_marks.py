"""Suggestions that never repeat themselves, for alice and bob over three simulated days
(the days move by moving the stored days back): a saved search's page and For you leave
out what each user opened or marked read, sink what they were shown on three days without
a click, and "show read" brings it back. Each user's marks are their own."""

import datetime as dt

import pytest
from django.db.models import F

from papers.embeddings import embed_papers_now
from papers.models import PaperMark
from papers.services import bookmark_save
from search.following.services import saved_search_create
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


def next_day() -> None:
    PaperMark.objects.update(last_shown=F("last_shown") - dt.timedelta(days=1))


def titles(client, path: str, **params) -> list[str]:
    import re

    html = client.get(path, params).content.decode()
    return re.findall(r'class="paper-title tex"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def searches(alice, bob):
    papers = {name: PaperFactory(title=f"Graph {name}", abstract="Graph networks, again.",
                                 published=dt.date(2026, 1, n + 1))
              for n, name in enumerate(["one", "two", "three", "four"])}  # fmt: skip
    index_keywords()
    pages = {user.username: saved_search_create(user, {"name": "Graphs", "q": "graph",
                                                       "mode": "keyword"}).id
             for user in (alice, bob)}  # fmt: skip
    return papers, pages


def test_two_users_three_days(alice_client, bob_client, searches):
    papers, pages = searches
    alice_page, bob_page = f"/saved/{pages['alice']}/", f"/saved/{pages['bob']}/"
    # Day 1: both see everything (ranked alike); alice opens "Graph four", marks "Graph
    # three" read.
    everything = titles(alice_client, alice_page)
    assert sorted(everything) == ["Graph four", "Graph one", "Graph three", "Graph two"]
    assert titles(bob_client, bob_page) == everything
    rest = [t for t in everything if t not in ("Graph four", "Graph three")]
    alice_client.get(f"/papers/{papers['four'].arxiv_id}/")
    alice_client.post(f"/papers/{papers['three'].arxiv_id}/read", {"next": alice_page})
    assert titles(alice_client, alice_page) == rest  # a reload, day 1
    assert titles(bob_client, bob_page) == everything  # bob's marks are his own

    # Day 2: the same for alice; bob has now seen everything on two days.
    next_day()
    assert titles(alice_client, alice_page) == rest
    assert titles(bob_client, bob_page) == everything
    bob_client.get(f"/papers/{papers['three'].arxiv_id}/")

    # Day 3: for bob, what he saw three days running without opening sinks, after the
    # rest (nothing is left above it but what he opened: gone); reloads count no more.
    next_day()
    assert titles(bob_client, bob_page) == [t for t in everything if t != "Graph three"]
    page = bob_client.get(bob_page).content.decode()
    assert "1 paper you opened or marked read is hidden" in page
    assert PaperMark.objects.get(user__username="bob", paper=papers["one"]).shown == 3
    # alice's "show read" brings hers back, in place and labelled.
    shown = alice_client.get(alice_page, {"show": "read"}).content.decode()
    assert sorted(titles(alice_client, alice_page, show="read")) == sorted(everything)
    assert shown.count('class="read-label"') == 2
    # Marked unread, it comes back for good.
    alice_client.post(f"/papers/{papers['three'].arxiv_id}/read", {"read": "false"})
    assert "Graph three" in titles(alice_client, alice_page)


def test_sinking_puts_the_often_ignored_after_the_new(alice_client, alice, searches):
    _, pages = searches
    page = f"/saved/{pages['alice']}/"
    first = titles(alice_client, page)
    for _ in range(2):
        next_day()
        titles(alice_client, page)
    next_day()
    PaperFactory(title="Graph five", abstract="Graph networks, again.",
                 published=dt.date(2026, 1, 9))  # fmt: skip
    index_keywords()
    # Graph five is newest and unseen; the four shown on three days sit below it in order.
    assert titles(alice_client, page) == ["Graph five", *first]
    assert "4 shown on several visits without a click sit at the end" in (
        alice_client.get(page).content.decode())


def test_for_you_leaves_out_what_was_opened(alice_client, alice):
    recent = dt.date.today() - dt.timedelta(days=3)
    saved = PaperFactory(title="Denoising diffusion probabilistic models",
                         abstract="Image generation by reversing a noising process.",
                         published=dt.date(2020, 1, 1))  # fmt: skip
    new = [PaperFactory(title=t, abstract=a, published=recent) for t, a in [
        ("Faster diffusion sampling", "We speed up the reverse noising process of diffusion."),
        ("Video diffusion models", "Diffusion models generate video by reversing noise."),
    ]]  # fmt: skip
    embed_papers_now([saved.id, *(p.id for p in new)])
    index_keywords()
    bookmark_save(alice, saved)
    before = titles(alice_client, "/for-you/")
    assert set(before) >= {"Faster diffusion sampling", "Video diffusion models"}
    alice_client.get(f"/papers/{new[0].arxiv_id}/")
    after = titles(alice_client, "/for-you/")
    assert "Faster diffusion sampling" not in after and "Video diffusion models" in after
    assert "Faster diffusion sampling" in titles(alice_client, "/for-you/", show="read")
