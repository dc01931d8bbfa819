"""The library: newest first, tags, search within, edit, export and import."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from papers.models import Bookmark, Paper
from papers.services import bookmark_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved(alice, corpus):
    for paper, tags in zip(corpus[:3], [["rl"], ["vision"], ["vision", "generative"]],
                           strict=True):  # fmt: skip
        bookmark_save(alice, paper, note=f"about {paper.title}", tags=tags)
    return corpus


def test_library_needs_login(client):
    assert client.get(reverse("frontend:library")).url.startswith("/accounts/login/")


def test_newest_first_with_tags(alice_client, saved):
    html = alice_client.get(reverse("frontend:library")).content.decode()
    assert (
        html.index("Denoising diffusion")
        < html.index("Image transformers")
        < html.index("Proximal policy")
    )
    assert "3 bookmarks" in html
    vision = alice_client.get(reverse("frontend:library"), {"tag": "vision"}).content.decode()
    assert "Proximal policy" not in vision and "Image transformers" in vision


def test_search_within_my_bookmarks_only(alice_client, saved):
    html = alice_client.get(reverse("frontend:library"), {"q": "generating pictures"}).content
    html = html.decode()
    assert html.index("Denoising diffusion") < html.index("Proximal policy")
    assert "Software agents" not in html  # in the corpus, not in the library


def test_exports(alice_client, saved):
    bib = alice_client.get(reverse("frontend:library-export", args=["bib"]), {"tag": "vision"})
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert bib.content.decode().count("@misc{") == 2
    data = alice_client.get(reverse("frontend:library-export", args=["json"])).json()
    assert [b["id"] for b in data] == ["2501.00003", "2501.00002", "2501.00001"]
    assert data[0]["tags"] == ["vision", "generative"]


def test_import_round_trip_and_unknown_ids_reported(alice_client, bob_client, bob, saved):
    export = alice_client.get(reverse("frontend:library-export", args=["json"])).content
    upload = SimpleUploadedFile("library.json", export, content_type="application/json")
    response = bob_client.post(reverse("frontend:library-import"), {"file": upload}, follow=True)
    assert "Imported 3 new" in response.content.decode()
    assert Bookmark.objects.filter(user=bob).count() == 3
    text = "https://arxiv.org/abs/cs/9311102v2, 2607.99999\nnot-an-id"
    html = bob_client.post(reverse("frontend:library-import"), {"text": text},
                           follow=True).content.decode()  # fmt: skip
    assert "Imported 1 new" in html
    assert "Not in Paperscope (1): 2607.99999" in html
    assert "line 2: id: &#x27;not-an-id&#x27; is not an arXiv id" in html


def test_import_refuses_empty_and_broken_input(alice_client, saved):
    empty = alice_client.post(reverse("frontend:library-import"), {"text": " "})
    assert empty.status_code == 400 and "paste some ids" in empty.content.decode()
    broken = alice_client.post(reverse("frontend:library-import"), {"text": "[{"})
    assert broken.status_code == 400 and "not valid JSON" in broken.content.decode()


def test_edit_and_remove_from_the_library(alice_client, alice, saved):
    paper = Paper.objects.get(arxiv_id="2501.00001")
    alice_client.post(reverse("frontend:bookmark", args=[paper.arxiv_id]),
                      {"note": "edited", "tags": "rl, classic", "next": "/library/"})  # fmt: skip
    bookmark = Bookmark.objects.get(user=alice, paper=paper)
    assert (bookmark.note, bookmark.tags) == ("edited", ["rl", "classic"])
    alice_client.post(reverse("frontend:bookmark", args=[paper.arxiv_id]), {"action": "remove"})
    assert not Bookmark.objects.filter(user=alice, paper=paper).exists()
    export = alice_client.get(reverse("frontend:library-export", args=["json"])).content
    assert json.loads(export)[0]["id"] != paper.arxiv_id


def test_library_search_without_the_model_says_so(alice_client, saved, monkeypatch):
    def broken(text):
        raise RuntimeError("no model")

    monkeypatch.setattr("search.pipeline.query_vector", broken)
    response = alice_client.get(reverse("frontend:library"), {"q": "pictures"})
    assert response.status_code == 200
    assert "Searching by meaning is unavailable" in response.content.decode()
