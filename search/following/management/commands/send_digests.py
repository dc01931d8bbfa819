"""manage.py send_digests — mail every due digest (daily and weekly saved-search alerts).

Idempotent: a digest already sent for this day (daily) or week (weekly) is not sent
again; --force sends now anyway (papers already mailed for a saved search still never go
out twice). Exit status 1 when a message could not be sent after its retries (the next
run tries it again)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from search.following.digests import send_digests
from search.following.models import Alert


class Command(BaseCommand):
    help = "Send every due email digest of saved searches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--frequency", choices=[Alert.DAILY, Alert.WEEKLY],
                            help="only this frequency (default: both)")  # fmt: skip
        parser.add_argument("--force", action="store_true",
                            help="send now even when this period's digest went out")  # fmt: skip

    def handle(self, *args, frequency: str | None, force: bool, **options) -> None:
        frequencies = (frequency,) if frequency else (Alert.DAILY, Alert.WEEKLY)
        report = send_digests(frequencies, force=force)
        self.stdout.write(
            f"sent {report.sent}, already sent {report.already_sent}, nothing new "
            f"{report.nothing_new}, failed {len(report.failed)} in {report.seconds:.1f}s"
        )
        if report.failed:
            raise CommandError("could not send: " + "; ".join(report.failed[:10]), returncode=1)
