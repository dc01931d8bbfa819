"""The cap of MAX_SAVED_SEARCHES a user holds even when creates arrive at once: the count
and the insert are one step for the database, not two."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from search.following.models import MAX_SAVED_SEARCHES, SavedSearch
from search.following.services import saved_search_create

pytestmark = pytest.mark.django_db(transaction=True)
AT_ONCE = 8


def test_creates_at_once_never_pass_the_cap(alice):
    for n in range(MAX_SAVED_SEARCHES - 3):
        SavedSearch.objects.create(user=alice, name=f"old {n}", q="x", seen_at="2026-01-01T00:00Z")
    start = threading.Barrier(AT_ONCE)
    outcomes: list[str] = []

    def create(n: int) -> None:
        try:
            start.wait()  # all at once
            saved_search_create(alice, {"name": f"new {n}", "category": "cs.LG"})
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(" ".join(error.message_dict["name"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("saved") == 3
    assert all("the most one account keeps" in o for o in outcomes if o != "saved")
    assert SavedSearch.objects.filter(user=alice).count() == MAX_SAVED_SEARCHES
