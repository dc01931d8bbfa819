"""Public reading lists: alice publishes a tag; anyone reads it (page, Atom, BibTeX, API),
with her notes only when she shows them and nothing else of her account; bob copies it
into his library; unlisted lists stay off the index; revoking makes the URL a 404."""

import bibtexparser
import feedparser
import pytest
from django.urls import reverse

from papers.models import Bookmark
from papers.services import bookmark_save, reading_list_publish
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_tags(alice):
    rl = [PaperFactory(title="Policy gradients"), PaperFactory(title="Q-learning")]
    bookmark_save(alice, rl[0], note="Start here", tags=["rl"])
    bookmark_save(alice, rl[1], note="Secret thought", tags=["rl", "private-stuff"])
    bookmark_save(alice, PaperFactory(title="My private paper"), tags=["private-stuff"])
    return rl


def test_publish_from_the_library_then_anyone_reads_it(alice_client, client, alices_tags):
    library = alice_client.get("/library/", {"tag": "rl"}).content.decode()
    assert "Share “rl”" in library and "Private: only you see it" in library
    response = alice_client.post("/library/publish", {"tag": "rl", "visibility": "public",
                                                       "description": "RL basics"})  # fmt: skip
    assert response.status_code == 302 and response.url == "/lists/alice/rl/"

    page = client.get("/lists/alice/rl/").content.decode()  # signed out
    assert "Policy gradients" in page and "Q-learning" in page and "RL basics" in page
    assert "My private paper" not in page and "private-stuff" not in page
    assert "Start here" not in page and "Secret thought" not in page  # notes not shown
    assert 'href="/lists/alice/rl/"' in client.get("/lists/").content.decode()

    feed = feedparser.parse(client.get("/lists/alice/rl/feed/").content)
    assert not feed.bozo and {e.title for e in feed.entries} == {"Policy gradients", "Q-learning"}
    bib = bibtexparser.parse_string(client.get("/lists/alice/rl/export.bib").content.decode())
    assert len(bib.entries) == 2
    assert all("annote" not in entry.fields_dict for entry in bib.entries)

    data = client.get("/api/v1/lists/alice/rl/").json()
    assert (data["owner"], data["tag"], data["total"]) == ("alice", "rl", 2)
    assert {e["paper"]["title"] for e in data["entries"]} == {"Policy gradients", "Q-learning"}
    assert all(e["note"] is None for e in data["entries"])
    assert [r["slug"] for r in client.get("/api/v1/lists/").json()["results"]] == ["rl"]


def test_notes_shown_when_chosen_and_unlisted_stays_off_the_index(alice, client, alices_tags):
    reading_list_publish(alice, "rl", "unlisted", show_notes=True)
    page = client.get("/lists/alice/rl/").content.decode()
    assert "Start here" in page and '<meta name="robots" content="noindex">' in page
    assert "alice/rl" not in client.get("/lists/").content.decode()
    assert client.get("/api/v1/lists/").json()["results"] == []
    notes = {e["note"] for e in client.get("/api/v1/lists/alice/rl/").json()["entries"]}
    assert notes == {"Start here", "Secret thought"}


def test_private_by_default_and_revoking_makes_it_a_404(alice, alice_client, client, alices_tags):
    for url in ("/lists/alice/rl/", "/lists/alice/rl/feed/", "/lists/alice/rl/export.bib",
                "/api/v1/lists/alice/rl/", "/lists/alice/private-stuff/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    reading_list_publish(alice, "rl", "public")
    assert client.get("/lists/alice/rl/").status_code == 200
    alice_client.post("/library/publish", {"tag": "rl", "action": "revoke"})
    for url in ("/lists/alice/rl/", "/lists/alice/rl/feed/", "/api/v1/lists/alice/rl/"):
        assert client.get(url).status_code == 404, url


def test_bob_copies_it_into_his_library_keeping_his_own(alice, bob, bob_client, alices_tags):
    reading_list_publish(alice, "rl", "unlisted")
    bookmark_save(bob, alices_tags[0], note="Bob's own", tags=["mine"])
    response = bob_client.post("/lists/alice/rl/copy")
    assert response.status_code == 302
    mine = {b.paper.title: b for b in Bookmark.objects.filter(user=bob)}
    assert set(mine) == {"Policy gradients", "Q-learning"}
    assert mine["Policy gradients"].note == "Bob's own"
    assert mine["Policy gradients"].tags == ["mine", "rl"] and mine["Q-learning"].tags == ["rl"]
    assert mine["Q-learning"].note == ""  # alice's notes stay hers


@pytest.mark.parametrize(("data", "field"), [
    ({"tag": "nosuch"}, "tag"),
    ({"tag": "rl", "visibility": "everyone"}, "visibility"),
    ({"tag": "rl", "description": "x" * 2001}, "description"),
])  # fmt: skip
def test_a_bad_publish_says_which_field(alice_client, alices_tags, data, field):
    response = alice_client.post("/library/publish", data, follow=True)
    assert f"Not published: {field}:" in response.content.decode()


def test_copying_needs_an_account_and_publishing_a_post(client, alice, alices_tags):
    reading_list_publish(alice, "rl", "public")
    assert client.post("/lists/alice/rl/copy").url.startswith(reverse("login"))
    assert client.get("/lists/alice/rl/copy").status_code in (302, 405)
