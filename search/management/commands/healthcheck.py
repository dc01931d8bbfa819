"""manage.py healthcheck indexer|beat — exit 0 when that service is doing its job, else 1
with the reason (docker-compose.yml's healthchecks run it; web's asks /healthz and the
workers answer `celery inspect ping`).

- indexer: the keyword index caught up with PostgreSQL within the last --max-age seconds
  (its writer rewrites the watermark every second, changes or not).
- beat: a worker heartbeat, which only beat schedules, came within --max-age seconds.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from papers.models import WorkerHeartbeat
from search.fulltext.writer import index_age_seconds


class Command(BaseCommand):
    help = "Exit 0 when the keyword index writer or beat is doing its job."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("service", choices=("indexer", "beat"))
        parser.add_argument("--max-age", type=float, default=None,
                            help="seconds (default: 120 for the indexer, three heartbeat "
                                 "periods for beat)")  # fmt: skip

    def handle(self, *args, service: str, max_age: float | None, **options) -> None:
        if service == "indexer":
            limit = max_age or 120.0
            age = index_age_seconds()
            if age is None:
                raise CommandError("no keyword index yet (the writer builds it at its start)")
        else:
            limit = max_age or 3.0 * settings.HEARTBEAT_SECONDS
            seen = WorkerHeartbeat.objects.order_by("-seen").values_list("seen", flat=True)
            latest = seen.first()
            if latest is None:
                raise CommandError("no heartbeat yet: beat schedules one every "
                                   f"{settings.HEARTBEAT_SECONDS} s")  # fmt: skip
            age = (timezone.now() - latest).total_seconds()
        if age > limit:
            raise CommandError(f"{service}: last sign of work {age:.0f} s ago (limit {limit:.0f})")
        self.stdout.write(f"{service}: ok ({age:.0f} s ago)")
