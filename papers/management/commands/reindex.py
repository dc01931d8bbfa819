"""manage.py reindex — rebuild the HNSW index (after bulk loads) with enough memory."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

INDEX = "embedding_vector_hnsw"


class Command(BaseCommand):
    help = "Rebuild the HNSW vector index; fast after bulk loads, and it never blocks reads."

    def add_arguments(self, parser):
        parser.add_argument("--memory", default="2GB", help="maintenance_work_mem for the build")

    def handle(self, *args, memory: str, **options) -> None:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('maintenance_work_mem', %s, false)", [memory])
            cursor.execute("SET max_parallel_maintenance_workers = 1")
            cursor.execute(f"REINDEX INDEX CONCURRENTLY {INDEX}")
            cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s::regclass))", [INDEX])
            (size,) = cursor.fetchone()
        self.stdout.write(f"rebuilt {INDEX} in {time.perf_counter() - started:.1f}s ({size})")
