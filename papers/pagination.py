"""Paging long listings without counting them: a category holds ~450k of 1M papers, and
counting them for the pager took 1.3 s. Above EXACT_UP_TO papers the pager uses
PostgreSQL's own estimate of the listing's rows (from the table's statistics), and says
"about"."""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet

EXACT_UP_TO = 10_000


def planned_rows(queryset: QuerySet) -> int:
    """How many rows PostgreSQL's planner expects the queryset to return."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):  # a driver that hands JSON back as text
        import json

        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatingPaginator(Paginator):
    """Counts exactly up to EXACT_UP_TO rows (as the planner expects them), else takes the
    planner's estimate; `estimated` says which."""

    estimated = False

    @cached_property
    def count(self) -> int:
        expected = planned_rows(self.object_list)
        if expected <= EXACT_UP_TO:
            return super().count
        self.estimated = True
        return expected


class CountedPaginator(Paginator):
    """A paginator told its count (kept elsewhere), so paging never counts."""

    def __init__(self, object_list, per_page: int, count: int, estimated: bool = False):
        super().__init__(object_list, per_page)
        self.count = count  # a cached_property on Paginator: set, not computed
        self.estimated = estimated
