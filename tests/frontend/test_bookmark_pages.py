"""Bookmarking from pages: toggles (with and without JavaScript), notes and tags, login,
CSRF, and alice's bookmarks out of bob's reach."""

import pytest
from django.test import Client
from django.urls import reverse

from papers.models import Bookmark

pytestmark = pytest.mark.django_db


def url(paper_id):
    return reverse("frontend:bookmark", args=[paper_id])


def test_anonymous_bookmarking_goes_to_the_login_page(client, corpus):
    response = client.post(url("2501.00001"), {"action": "add"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    json_response = client.post(
        url("2501.00001"), {"action": "add"}, HTTP_ACCEPT="application/json"
    )
    assert json_response.status_code == 401
    assert not Bookmark.objects.exists()


def test_toggle_from_results_returns_to_the_results(alice_client, alice, corpus):
    back = "/search?q=agents"
    response = alice_client.post(url("2501.00001"), {"action": "add", "next": back})
    assert response.status_code == 302 and response.url == back
    assert Bookmark.objects.get(user=alice).paper.arxiv_id == "2501.00001"
    html = alice_client.get("/search", {"q": "policy"}).content.decode()
    assert 'aria-pressed="true"' in html
    alice_client.post(url("2501.00001"), {"action": "remove", "next": back})
    assert not Bookmark.objects.exists()


def test_toggle_by_script_answers_json(alice_client, corpus):
    on = alice_client.post(url("2501.00002"), {"action": "add"}, HTTP_ACCEPT="application/json")
    assert on.json() == {"paper": "2501.00002", "bookmarked": True}
    off = alice_client.post(url("2501.00002"), {"action": "remove"},
                            HTTP_ACCEPT="application/json")  # fmt: skip
    assert off.json()["bookmarked"] is False


def test_note_and_tags_from_the_paper_page(alice_client, alice, corpus):
    alice_client.post(url("2501.00003"), {"action": "save", "note": "Read §3 <b>first</b>",
                                           "tags": "Diffusion, to-read diffusion"})  # fmt: skip
    bookmark = Bookmark.objects.get(user=alice)
    assert bookmark.note == "Read §3 <b>first</b>" and bookmark.tags == ["diffusion", "to-read"]
    html = alice_client.get(reverse("frontend:paper", args=["2501.00003"])).content.decode()
    assert "In your library" in html and "Read §3 &lt;b&gt;first&lt;/b&gt;" in html
    # A toggle from a result list keeps the note and tags.
    alice_client.post(url("2501.00003"), {"action": "add"})
    assert Bookmark.objects.get(user=alice).tags == ["diffusion", "to-read"]


def test_bad_tags_are_refused_with_a_message(alice_client, corpus):
    response = alice_client.post(url("2501.00003"), {"tags": "x" * 51}, follow=True)
    assert "at most 50 characters" in response.content.decode()
    assert not Bookmark.objects.exists()


def test_unsafe_next_urls_are_ignored(alice_client, corpus):
    response = alice_client.post(url("2501.00001"), {"next": "https://evil.example/"})
    assert response.url == "/papers/2501.00001/"


def test_unknown_paper_is_a_404(alice_client, corpus):
    assert alice_client.post(url("0000.00000"), {"action": "add"}).status_code == 404


def test_forms_need_a_csrf_token(alice, corpus):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(url("2501.00001"), {"action": "add"})
    assert response.status_code == 403 and "That form expired" in response.content.decode()
    assert not Bookmark.objects.exists()


def test_bob_cannot_touch_alices_bookmarks(alice_client, bob_client, alice, corpus):
    alice_client.post(url("2501.00001"), {"note": "mine", "tags": "secret"})
    bob_client.post(url("2501.00001"), {"action": "remove"})
    bob_client.post(url("2501.00001"), {"note": "overwritten?"})
    assert Bookmark.objects.get(user=alice).note == "mine"
    library = bob_client.get(reverse("frontend:library")).content.decode()
    assert "mine" not in library and "secret" not in library
    export = bob_client.get(reverse("frontend:library-export", args=["json"])).json()
    assert [b["note"] for b in export] == ["overwritten?"]
