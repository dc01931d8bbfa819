"""Long listings are paged on PostgreSQL's estimate of their size instead of a count;
short ones are counted exactly."""

import pytest
from django.db import connection

from papers import pagination
from papers.models import Paper
from papers.pagination import EstimatingPaginator, planned_rows
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def test_a_short_listing_is_counted_exactly():
    PaperFactory.create_batch(12)
    paginator = EstimatingPaginator(Paper.objects.order_by("id"), 5)
    assert (paginator.count, paginator.estimated, paginator.num_pages) == (12, False, 3)


def test_a_long_listing_takes_the_planners_estimate(monkeypatch):
    PaperFactory.create_batch(40)
    listing = Paper.objects.order_by("id")
    monkeypatch.setattr(pagination, "EXACT_UP_TO", -1)  # every listing is long
    paginator = EstimatingPaginator(listing, 5)
    assert paginator.count == planned_rows(listing) > 0 and paginator.estimated
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM papers_paper")
        assert cursor.fetchone()[0] == 40  # what a count would have cost a scan for
    # Pages follow the estimate (how good it is depends on the table's statistics).
    assert len(paginator.page(1).object_list) == min(5, paginator.count)
