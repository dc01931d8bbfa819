"""A saved search's "N new" is kept with it (services.new_papers_update): each count
judges only what arrived since the last one, and the kept ids make it exact. A new paper
is in the count at the next page view, or once the refresh after an import has run."""

import datetime as dt

import pytest
from django.utils import timezone

from papers.embeddings import embed_papers_now
from papers.models import Paper
from search.following.models import SavedSearch
from search.following.services import (
    COMMIT_LAG,
    new_papers_update,
    new_papers_update_all,
    saved_search_create,
    saved_search_seen,
    saved_search_update,
)
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def vision(title="A vision paper", abstract="Images and pixels."):
    return PaperFactory(title=title, abstract=abstract, categories=["cs.CV"])


def counts(*searches):
    fresh = [SavedSearch.objects.get(id=s.id) for s in searches]
    return {pid: len(ids) for pid, ids in new_papers_update(fresh).items()}


def test_a_new_paper_is_counted_at_the_next_look_and_once(alice):
    search = saved_search_create(alice, {"name": "cv", "category": ["cs.CV"]})
    assert counts(search) == {search.id: 0}  # seen when saved
    first = vision()
    assert counts(search) == {search.id: 1}
    vision("Another vision paper")
    PaperFactory(categories=["cs.CL"])  # not this search's
    assert counts(search) == {search.id: 2}
    kept = SavedSearch.objects.get(id=search.id)
    assert first.id in kept.new_ids and kept.counted_to is not None


def test_the_count_only_judges_papers_since_the_last_count(alice):
    search = saved_search_create(alice, {"name": "cv", "category": ["cs.CV"]})
    vision()
    counts(search)
    kept = SavedSearch.objects.get(id=search.id)
    # A paper that entered long before the last count is not looked at again, though it
    # would pass the rule: the pool starts at counted_to.
    old = vision("An old vision paper")
    Paper.objects.filter(id=old.id).update(created=kept.counted_to - dt.timedelta(days=1))
    assert counts(search) == {search.id: 1}


def test_a_paper_committed_late_within_the_lag_still_counts(alice):
    search = saved_search_create(alice, {"name": "cv", "category": ["cs.CV"]})
    saved = SavedSearch.objects.get(id=search.id)
    saved.seen_at = timezone.now() - dt.timedelta(hours=1)
    saved.save()
    counts(search)
    # Stamped before the last count, committed after it (a long import transaction).
    late = vision("A late vision paper")
    stamped = timezone.now() - COMMIT_LAG / 2
    Paper.objects.filter(id=late.id).update(created=stamped)
    assert counts(search) == {search.id: 1}


def test_words_then_meaning_count_once(alice):
    search = saved_search_create(alice, {"name": "diffusion", "q": "diffusion models"})
    paper = PaperFactory(title="Diffusion models for video",
                         abstract="Diffusion models generate video frames.")  # fmt: skip
    assert counts(search) == {search.id: 1}  # by its words, before it has a vector
    embed_papers_now([paper.id])  # now by meaning too, its vector newer than the count
    assert counts(search) == {search.id: 1}


def test_looking_or_changing_the_search_starts_again(alice):
    search = saved_search_create(alice, {"name": "cv", "category": ["cs.CV"]})
    vision()
    assert counts(search) == {search.id: 1}
    saved_search_seen(SavedSearch.objects.get(id=search.id))
    assert counts(search) == {search.id: 0}
    saved = SavedSearch.objects.get(id=search.id)
    saved.seen_at = timezone.now() - dt.timedelta(days=1)
    saved.save()
    counts(search)
    saved_search_update(SavedSearch.objects.get(id=search.id), {"category": ["cs.CL"]})
    assert SavedSearch.objects.get(id=search.id).new_ids == []
    assert counts(search) == {search.id: 0}


def test_the_refresh_after_an_import_keeps_every_search_current(alice, bob):
    mine = saved_search_create(alice, {"name": "cv", "category": ["cs.CV"]})
    theirs = saved_search_create(bob, {"name": "cl", "category": ["cs.CL"]})
    vision()
    PaperFactory(categories=["cs.CL"])
    PaperFactory(categories=["cs.CL"])
    assert new_papers_update_all(chunk=1) == 2
    assert len(SavedSearch.objects.get(id=mine.id).new_ids) == 1
    assert len(SavedSearch.objects.get(id=theirs.id).new_ids) == 2
