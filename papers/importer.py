"""Import files of papers: parse, validate, upsert in batches, queue their embedding.
The keyword index follows PostgreSQL by itself (search/fulltext/writer.py).

Parsing (Python) and writing (PostgreSQL) overlap: a writer thread upserts batch N while
the main thread parses batch N+1, so both cores work. A bad record never costs a good one:
records that fail validation are reported and skipped, and a batch the database rejects
is split until the offending records are found and reported.
"""

from __future__ import annotations

import functools
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DataError, IntegrityError, connection

from papers.services import UpsertResult, paper_bulk_upsert
from papers.sources import UnknownFormat, read_file
from papers.sources.record import Notice, PaperRecord, Rejected
from papers.tasks import enqueue_embedding

DEFAULT_BATCH_SIZE = 5000


@dataclass
class ImportReport:
    upserts: UpsertResult = field(default_factory=UpsertResult)
    rejected: list[str] = field(default_factory=list)  # "path: line 3: reason"
    notices: list[str] = field(default_factory=list)
    seconds_storing: float = 0.0
    queued_for_embedding: int = 0
    embedding_deferred: bool = False  # the broker was unreachable; the sweeper will catch up

    @property
    def skipped(self) -> int:
        return len(self.rejected)

    @property
    def records(self) -> int:
        u = self.upserts
        return u.created + u.updated + u.unchanged + u.duplicates

    def summary(self) -> str:
        u = self.upserts
        return (
            f"created {u.created}, updated {u.updated}, unchanged {u.unchanged}, "
            f"skipped {self.skipped}"
            + (f", repeated ids {u.duplicates} (the later record won)" if u.duplicates else "")
        )


def import_files(
    paths: Iterable[Path],
    format_name: str | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_rejected: Callable[[str], None] = lambda message: None,
    on_notice: Callable[[str], None] = lambda message: None,
    on_progress: Callable[[int], None] = lambda count: None,
) -> ImportReport:
    report = ImportReport()

    def reject(message: str) -> None:
        report.rejected.append(message)
        on_rejected(message)

    writer = _BatchWriter(report, reject)
    started = time.perf_counter()
    try:
        for path in paths:
            _read_into(
                path, format_name, batch_size, writer, report, reject, on_notice, on_progress
            )
    finally:
        writer.close()
    report.seconds_storing = time.perf_counter() - started
    return report


def _read_into(path, format_name, batch_size, writer, report, reject, on_notice, on_progress):
    batch: list[PaperRecord] = []
    first_seen: dict[str, str] = {}  # id -> where it first appeared in this file

    def notice(message: str) -> None:
        report.notices.append(f"{path}: {message}")
        on_notice(f"{path}: {message}")

    try:
        for item in read_file(path, format_name):
            if isinstance(item, PaperRecord):
                earlier = first_seen.setdefault(item.arxiv_id, item.position)
                if earlier != item.position:
                    notice(f"{item.position}: repeats {item.arxiv_id} from {earlier}; "
                           "the later record wins")  # fmt: skip
                batch.append(item)
                if len(batch) >= batch_size:
                    writer.put(path, batch)
                    on_progress(len(batch))
                    batch = []
            elif isinstance(item, Rejected):
                reject(f"{path}: {item}")
            elif isinstance(item, Notice):
                notice(item.message)
    except (UnknownFormat, OSError) as error:
        reject(f"{path}: {error}")
    if batch:
        writer.put(path, batch)
        on_progress(len(batch))


class _BatchWriter:
    """Upserts batches on a thread of its own, at most two batches behind the reader."""

    def __init__(self, report: ImportReport, reject: Callable[[str], None]):
        self._report = report
        self._reject = reject
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="paper-writer", daemon=True)
        self._thread.start()

    def put(self, path: Path, batch: list[PaperRecord]) -> None:
        if self._error:
            raise self._error
        self._queue.put((path, batch))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error:
            raise self._error

    def _run(self) -> None:
        try:
            while (job := self._queue.get()) is not None:
                path, batch = job
                reject = functools.partial(self._reject_in, path)
                result = upsert_isolating_failures(batch, reject)
                self._report.upserts.add(result)
                self._queue_embedding(result.changed_ids)
        except BaseException as error:  # surfaced in the main thread by put()/close()
            self._error = error
            while self._queue.get() is not None:  # unblock the reader until it closes
                pass
        finally:
            connection.close()

    def _reject_in(self, path: Path, message: str) -> None:
        self._reject(f"{path}: {message}")

    def _queue_embedding(self, paper_ids: list[int]) -> None:
        # After the batch's commit, so a worker never looks for papers not yet visible.
        # One failed attempt is enough: papers are stored either way, the sweeper finds them.
        if not paper_ids or self._report.embedding_deferred:
            return
        if enqueue_embedding(paper_ids):
            self._report.queued_for_embedding += len(paper_ids)
        else:
            self._report.embedding_deferred = True


def upsert_isolating_failures(
    batch: list[PaperRecord], reject: Callable[[str], None]
) -> UpsertResult:
    """Upsert the batch; a record the database refuses is found by halving, reported with
    its position, and skipped, while the rest land."""
    try:
        return paper_bulk_upsert(batch)
    except (DataError, IntegrityError) as error:
        if len(batch) == 1:
            reject(f"{batch[0].position}: rejected by the database ({error})")
            return UpsertResult()
    result = UpsertResult()
    middle = len(batch) // 2
    for half in (batch[:middle], batch[middle:]):
        result.add(upsert_isolating_failures(half, reject))
    return result
