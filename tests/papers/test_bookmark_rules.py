"""One rule for notes and tags, whichever way a bookmark is written: the page's form,
the API and a library import all refuse the same things with the same message."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from papers.models import MAX_TAG_CHARS, MAX_TAGS, Bookmark, clean_note, clean_tags
from papers.services import library_import
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
LONGEST = "x" * MAX_TAG_CHARS
TOO_LONG = "x" * (MAX_TAG_CHARS + 1)


def test_the_rule():
    assert clean_tags("RL, rl  to-read,") == ["rl", "to-read"]
    assert clean_tags([LONGEST]) == [LONGEST]
    assert clean_tags([f"t{n}" for n in range(MAX_TAGS)])
    for bad in ([TOO_LONG], [f"t{n}" for n in range(MAX_TAGS + 1)], [5]):
        with pytest.raises(Exception, match="tag"):
            clean_tags(bad)
    with pytest.raises(Exception, match="note"):
        clean_note("n" * 10_001)


def test_every_way_in_takes_a_50_character_tag_and_refuses_51(client, alice):
    paper = PaperFactory(arxiv_id="2501.00001")
    token = Token.objects.create(user=alice).key
    api = {"HTTP_AUTHORIZATION": f"Token {token}", "content_type": "application/json"}

    def by_api(tag: str) -> int:
        body = {"paper_id": paper.arxiv_id, "tags": [tag]}
        return client.post("/api/v1/bookmarks/", body, **api).status_code

    def by_form(tag: str) -> bool:
        client.force_login(alice)
        client.post(reverse("frontend:bookmark", args=[paper.arxiv_id]), {"tags": tag})
        return Bookmark.objects.filter(user=alice, tags=[tag]).exists()

    def by_import(tag: str) -> bool:
        report = library_import(alice, [{"id": paper.arxiv_id, "tags": [tag]}])
        return not report.invalid

    assert by_api(TOO_LONG) == 400 and not by_form(TOO_LONG) and not by_import(TOO_LONG)
    assert by_api(LONGEST) in (200, 201) and by_form(LONGEST) and by_import(LONGEST)
    assert Bookmark.objects.get(user=alice).tags == [LONGEST]
