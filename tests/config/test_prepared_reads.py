"""Reads bound on the server are prepared once a connection has run them a few times
(config/env.py's PREPARE_THRESHOLD), whichever way the database is configured: a search
page's read of its papers is not planned anew for every search."""

import pytest
from django.db import connection

from config.env import PREPARE_THRESHOLD, database_of
from papers.selectors import _PAPERS_BY_ID_SQL, papers_by_id
from tests.factories import PaperFactory


def test_a_database_url_prepares_and_keeps_its_own_options():
    config = database_of("DATABASE_URL", "postgres://u:p@db:5432/papers?sslmode=require")
    assert config["OPTIONS"] == {"sslmode": "require", "prepare_threshold": PREPARE_THRESHOLD}


@pytest.mark.django_db
def test_the_page_read_is_prepared_after_a_few_searches():
    papers = PaperFactory.create_batch(3)
    ids = [p.id for p in papers]
    for _ in range(PREPARE_THRESHOLD + 1):
        found = papers_by_id(ids)
    assert sorted(found) == sorted(ids)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    # psycopg sends the statement with $1 for %s.
    assert _PAPERS_BY_ID_SQL.replace("%s", "$1") in prepared
