"""The home page's listings are cached for the day and the corpus as they are: a second
view reads two small queries, and a new or changed paper, or new citation counts, show at
the next view; while a harvest is under way, once a minute (its batches do not turn the
cache over) and at the next view once it ends."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from papers import front_page as front_pages
from papers.front_page import front_page
from papers.models import HarvestRun
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
    with django_assert_num_queries(2):  # a harvest under way, and the listing's version
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


def test_during_a_harvest_the_page_holds_until_the_minute_turns_or_the_harvest_ends(
    monkeypatch,
):
    today = dt.date.today()
    PaperFactory(title="Before", published=today - dt.timedelta(days=1))
    run = HarvestRun.objects.create(source="arxiv")
    assert titles(front_page(None, None, 1, 25)) == ["Before"]
    PaperFactory(title="First batch", published=today)
    assert titles(front_page(None, None, 1, 25)) == ["Before"]  # a batch: no new build
    monkeypatch.setattr(front_pages, "HARVEST_REFRESH_SECONDS", 1e-6)  # the minute turns
    assert titles(front_page(None, None, 1, 25)) == ["First batch", "Before"]
    monkeypatch.undo()
    PaperFactory(title="Second batch", published=today)
    run.status, run.finished = HarvestRun.Status.OK, timezone.now()
    run.save()
    assert titles(front_page(None, None, 1, 25))[0] == "Second batch"


def test_a_harvest_killed_long_ago_holds_nothing():
    HarvestRun.objects.filter(id=HarvestRun.objects.create(source="arxiv").id).update(
        started=timezone.now() - dt.timedelta(days=1)
    )
    PaperFactory(title="First", published=dt.date.today())
    assert titles(front_page(None, None, 1, 25)) == ["First"]
    PaperFactory(title="Second", published=dt.date.today())
    assert titles(front_page(None, None, 1, 25)) == ["Second", "First"]
