"""An evaluation analyzes the tables it has just loaded, so that the planner's choice
between the HNSW index and a full scan (and with it the figures) never waits on
autovacuum."""

import pytest
from django.db import connection

from papers.models import Embedding, Paper
from search.management.commands.evaluate import analyze_tables
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def _estimated_rows() -> dict[str, float]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN (%s, %s)",
            [Paper._meta.db_table, Embedding._meta.db_table],
        )
        return dict(cursor.fetchall())


def test_the_loaded_tables_have_statistics():
    PaperFactory.create_batch(3)
    analyze_tables()
    estimates = _estimated_rows()
    # This transaction's own rows count as live to ANALYZE (a table never analyzed: -1).
    assert estimates == {Paper._meta.db_table: Paper.objects.count(),
                         Embedding._meta.db_table: Embedding.objects.count()}  # fmt: skip
