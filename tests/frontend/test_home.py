"""The home page lists the newest papers, by category, page by page."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def test_newest_papers_first_with_undated_last(client):
    PaperFactory(title="Old paper", published=dt.date(2001, 1, 1))
    PaperFactory(title="Undated paper", published=None)
    PaperFactory(title="New paper", published=dt.date(2026, 7, 1))
    html = client.get(reverse("frontend:home")).content.decode()
    assert html.index("New paper") < html.index("Old paper") < html.index("Undated paper")


def test_category_filter(client):
    PaperFactory(title="Vision paper", categories=["cs.CV"])
    PaperFactory(title="Language paper", categories=["cs.CL", "cs.LG"])
    html = client.get(reverse("frontend:home"), {"category": "cs.CL"}).content.decode()
    assert "Language paper" in html and "Vision paper" not in html


def test_pagination_and_bad_page_numbers(client):
    PaperFactory.create_batch(30)
    first = client.get(reverse("frontend:home")).content.decode()
    newest = first.split("Newest papers", 1)[1]  # after the latest day's top papers
    assert newest.count('class="paper"') == 25
    second = client.get(reverse("frontend:home"), {"page": 2}).content.decode()
    assert "Papers of" not in second  # the day leads the first page only
    assert second.count('class="paper"') == 5
    for page in ("0", "-1", "abc", "999"):
        assert client.get(reverse("frontend:home"), {"page": page}).status_code == 200


def test_titles_are_text_never_markup(client):
    PaperFactory(title="<script>alert(1)</script> $\\mathcal{O}(n)$")
    html = client.get(reverse("frontend:home")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_empty_corpus_says_how_to_import(client):
    assert "import_papers" in client.get(reverse("frontend:home")).content.decode()
