"""Each harvest's record (HarvestRun): when it ran, what it brought, how it ended."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from papers.models import HarvestRun
from papers.services import UpsertResult


class RunRecord:
    def __init__(self, run: HarvestRun):
        self.run = run

    def add(self, upserts: UpsertResult, skipped: int) -> None:
        self.totals(created=upserts.created, updated=upserts.updated, skipped=skipped)

    def totals(self, *, created: int = 0, updated: int = 0, skipped: int = 0) -> None:
        """The totals so far (saved as they grow, so a killed harvest still tells)."""
        self.run.created, self.run.updated, self.run.skipped = created, updated, skipped
        self.run.save(update_fields=["created", "updated", "skipped"])


@contextmanager
def recorded_run(source: str) -> Iterator[RunRecord]:
    record = RunRecord(HarvestRun.objects.create(source=source))
    try:
        yield record
    except BaseException as error:
        record.run.status = HarvestRun.Status.FAILED
        record.run.error = str(error) or type(error).__name__
        raise
    else:
        record.run.status = HarvestRun.Status.OK
    finally:
        record.run.finished = timezone.now()
        record.run.save()
