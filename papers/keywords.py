"""The full-text search vector of each paper: one SQL expression, kept in step two ways.

- A trigger (migration 0002) computes it whenever a paper's title or abstract is written
  (ORM saves, admin), from the same expression as SEARCH_VECTOR_SQL below.
- Bulk imports set `paperscope.defer_search_vector` for their transaction: the trigger then
  only clears the vector of new or changed text (cheap), and `fill_search_vectors` computes
  the missing ones afterwards over several connections at once. to_tsvector costs about
  150 us a paper here, several times the rest of an import, so it must run in parallel.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from papers.models import Paper

# Title above abstract: weights A and B.
SEARCH_VECTOR_SQL = (
    "setweight(to_tsvector('english', coalesce({row}title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce({row}abstract, '')), 'B')"
)
DEFER_SETTING = "paperscope.defer_search_vector"


def defer_search_vectors() -> None:
    """Within the current transaction, leave new or changed papers' vectors NULL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [DEFER_SETTING])


def fill_search_vectors(workers: int = 2, batch_size: int = 2000) -> int:
    """Compute every missing search vector, `workers` connections at a time; returns how
    many were filled. Safe to run concurrently with itself (rows are claimed with SKIP
    LOCKED) and with imports."""
    if workers <= 1:
        return _fill(batch_size)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(lambda _: _fill_in_thread(batch_size), range(workers)))


def _fill_in_thread(batch_size: int) -> int:
    try:
        return _fill(batch_size)
    finally:
        connection.close()  # each thread has its own connection; don't leak it


def _fill(batch_size: int) -> int:
    table = Paper._meta.db_table
    filled = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                -- `modified` stays: a derived column is no change to the paper. Keyword
                -- indexes still see this write, through the table's statistics counters
                -- (search/keyword.py's _corpus_signature).
                UPDATE {table} SET search_vector = {SEARCH_VECTOR_SQL.format(row="")}
                WHERE id IN (
                    SELECT id FROM {table} WHERE search_vector IS NULL
                    LIMIT %s FOR UPDATE SKIP LOCKED
                )
                """,
                [batch_size],
            )
            if cursor.rowcount == 0:
                return filled
            filled += cursor.rowcount
