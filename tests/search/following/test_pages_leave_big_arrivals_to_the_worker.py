"""A page counts a saved search's new papers itself only while few arrived since the last
count (PAGE_JUDGES_AT_MOST): after a harvest it shows the kept count, and the worker's
count after the import or the embedding batch brings it up to date."""

import pytest

from search.following.models import SavedSearch
from search.following.services import (
    PAGE_JUDGES_AT_MOST,
    new_papers_update,
    new_papers_update_all,
    saved_search_create,
)
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def page_count(search, at_most: int = PAGE_JUDGES_AT_MOST) -> int:
    fresh = SavedSearch.objects.get(id=search.id)
    return len(new_papers_update([fresh], at_most)[search.id])


def test_a_page_counts_a_few_arrivals_and_leaves_many_to_the_worker(alice, client):
    search = saved_search_create(alice, {"name": "cv", "category": ["cs.CV"]})
    PaperFactory(categories=["cs.CV"])
    assert page_count(search, at_most=2) == 1  # one arrival: the page judges it
    for _ in range(3):
        PaperFactory(categories=["cs.CV"])
    assert page_count(search, at_most=2) == 1  # three: the kept count, as it was
    assert new_papers_update_all() == 1  # the worker, after the import
    assert page_count(search, at_most=2) == 4
    client.force_login(alice)
    assert "4 new" in client.get("/library/").content.decode()
