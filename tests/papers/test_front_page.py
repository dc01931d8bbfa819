"""The home page's listings are cached for the day and the corpus as they are: a second
view reads one version query, and a new or changed paper, or new citation counts, show at
the next view."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from papers.front_page import front_page
from papers.services import citations_store
from papers.sources.semantic_scholar import CitationRecord
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def titles(front):
    return [p.title for p in front.page().object_list]


def test_a_second_view_is_served_from_the_cache(django_assert_num_queries):
    today = dt.date.today()
    PaperFactory(title="Yesterday's paper", published=today - dt.timedelta(days=1))
    PaperFactory(title="Today's paper", published=today)
    first = front_page(None, None, 1, 25)
    assert titles(first) == ["Today's paper", "Yesterday's paper"]
    assert first.today.count == 1 and [p.title for p in first.today.papers] == ["Today's paper"]
    with django_assert_num_queries(1):  # the listing's version alone
        again = front_page(None, None, 1, 25)
    assert titles(again) == titles(first) and again.page().paginator.count == 2


def test_a_new_paper_shows_at_the_next_view():
    today = dt.date.today()
    PaperFactory(title="First", published=today - dt.timedelta(days=2))
    assert titles(front_page(None, None, 1, 25)) == ["First"]
    PaperFactory(title="Second", published=today)
    front = front_page(None, None, 1, 25)
    assert titles(front) == ["Second", "First"]
    assert front.today.count == 1


def test_a_changed_paper_shows_at_the_next_view():
    paper = PaperFactory(title="Before", published=dt.date.today())
    assert titles(front_page(None, None, 1, 25)) == ["Before"]
    paper.title = "After"
    paper.save()
    assert titles(front_page(None, None, 1, 25)) == ["After"]


def test_pages_and_categories_are_kept_apart():
    for day in range(30):
        PaperFactory(published=dt.date.today() - dt.timedelta(days=day),
                     categories=["cs.CV" if day % 2 else "cs.CL"])  # fmt: skip
    second = front_page(None, None, 2, 25).page()
    assert second.number == 2 and len(second.object_list) == 5 and second.has_previous()
    vision = front_page("cs.CV", None, 1, 25)
    assert vision.count == 15 and {c for p in vision.papers for c in p.categories} == {"cs.CV"}


def test_new_citation_counts_show_at_the_next_view():
    paper = PaperFactory(title="Counted", published=dt.date.today())
    assert front_page(None, None, 1, 25).papers[0].citation_count is None
    citations_store([paper.id], [CitationRecord(42, 0, 1)], timezone.now())
    assert front_page(None, None, 1, 25).papers[0].citation_count == 42
