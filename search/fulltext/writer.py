"""The one writer of a keyword index directory: builds the index from PostgreSQL and then
follows it, committing changed and deleted papers within seconds.

Layout of a directory (KEYWORD_INDEX_DIR):
    writer.lock        held (flock) by the one writer; a second one is refused
    CURRENT            the name of the generation readers use, replaced atomically
    gen-*/             a generation: Tantivy's files and `watermark.json`

Following uses a watermark on `papers_paper.modified` and on the deletions the trigger of
migration 0005 records. `modified` is the writing transaction's start time, so a long
transaction can commit rows older than a watermark already passed. The watermark therefore
only moves up to the start of the oldest transaction that is still writing (from
pg_stat_activity): everything modified before that is committed and visible, and anything
later is read again on the next step (re-indexing a paper is idempotent).

Tantivy commits atomically (meta.json is replaced), and the watermark is written after the
commit, so a writer killed at any moment leaves a readable index whose watermark is at worst
a little old: the next writer re-reads a few papers and goes on.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from papers.models import Paper, PaperDeletion
from papers.selectors import corpus_epoch
from search.fulltext.schema import SCHEMA_VERSION, document, open_index

logger = logging.getLogger(__name__)

COMMIT_SECONDS = 1.0  # how often a following writer looks for changes (and commits them)
BATCH = 5_000  # papers read from PostgreSQL at a time
WRITER_HEAP_BYTES = 256_000_000
CURRENT = "CURRENT"
WATERMARK = "watermark.json"
_COLUMNS = ("id, title, abstract, authors, categories, published, link_kinds, author_keys, "
            "venue, venue_year")


class WriterBusy(RuntimeError):
    """Another process already writes this index directory."""


def index_dir() -> Path:
    return Path(settings.KEYWORD_INDEX_DIR)


def current_generation(directory: Path) -> Path | None:
    """The generation readers should use, or None when there is none yet."""
    try:
        name = (directory / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    generation = directory / name
    return generation if name and generation.is_dir() else None


def index_age_seconds(directory: Path | None = None) -> float | None:
    """Seconds since the writer last caught up with PostgreSQL (each step rewrites the
    watermark, changes or not); None when there is no index yet."""
    generation = current_generation(directory or index_dir())
    if generation is None:
        return None
    try:
        return max(0.0, time.time() - (generation / WATERMARK).stat().st_mtime)
    except FileNotFoundError:
        return None


@dataclass
class Watermark:
    since: dt.datetime  # papers modified (or deleted) at or after this still need a look
    epoch: str = ""  # the database's CorpusEpoch this generation was built from

    @classmethod
    def read(cls, generation: Path) -> Watermark | None:
        """None for a generation to rebuild: unreadable, or of another schema version."""
        try:
            data = json.loads((generation / WATERMARK).read_text())
            if data.get("schema", 1) != SCHEMA_VERSION:
                return None
            return cls(dt.datetime.fromisoformat(data["since"]), data.get("epoch", ""))
        except (FileNotFoundError, ValueError, KeyError):
            return None

    def write(self, generation: Path) -> None:
        temporary = generation / (WATERMARK + ".tmp")
        data = {"since": self.since.isoformat(), "schema": SCHEMA_VERSION, "epoch": self.epoch}
        temporary.write_text(json.dumps(data))
        os.replace(temporary, generation / WATERMARK)


@dataclass
class StepReport:
    indexed: int = 0
    deleted: int = 0


class KeywordIndexWriter:
    """Holds the directory's writer lock from construction to `close()`."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory or index_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.directory / "writer.lock", "a")  # noqa: SIM115 (held open)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise WriterBusy(f"another writer follows {self.directory}") from None
        self._index = None
        self._writer = None
        self._generation: Path | None = None

    def close(self) -> None:
        self._release_writer()
        fcntl.flock(self._lock, fcntl.LOCK_UN)
        self._lock.close()

    def __enter__(self) -> KeywordIndexWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- building -----------------------------------------------------------------

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """A new generation from every paper, made current when complete; returns how many
        papers it holds. Readers keep the old generation until then."""
        since, epoch = _horizon(), corpus_epoch()
        generation = self.directory / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        generation.mkdir()
        index = open_index(generation)
        writer = index.writer(WRITER_HEAP_BYTES, 0)
        total = 0
        for rows in _papers_in_batches():
            for row in rows:
                writer.add_document(document(*row))
            total += len(rows)
            if progress:
                progress(len(rows))
        writer.commit()
        writer.wait_merging_threads()
        Watermark(since, epoch).write(generation)
        self._switch_to(generation)
        return total

    def _switch_to(self, generation: Path) -> None:
        self._release_writer()
        temporary = self.directory / (CURRENT + ".tmp")
        temporary.write_text(generation.name)
        os.replace(temporary, self.directory / CURRENT)
        for old in self.directory.glob("gen-*"):
            if old != generation:
                # Readers that still map its files keep them until they switch (POSIX).
                shutil.rmtree(old, ignore_errors=True)

    # --- following ------------------------------------------------------------------

    def step(self) -> StepReport:
        """Index what changed since the watermark and commit; build first if there is no
        usable index (a missing or unreadable one is rebuilt, never waited on by readers)."""
        generation = current_generation(self.directory)
        watermark = Watermark.read(generation) if generation else None
        epoch = corpus_epoch()
        # A restored database (a new epoch): its papers' change times say nothing of
        # what this index holds, so it is built again from scratch.
        if (generation is None or watermark is None or self._stale(watermark)
                or watermark.epoch != epoch):  # fmt: skip
            return StepReport(indexed=self.rebuild())
        try:
            writer = self._writer_for(generation)
        except (OSError, ValueError):  # an unreadable index: start again from PostgreSQL
            logger.exception("keyword index %s is unreadable; rebuilding", generation)
            return StepReport(indexed=self.rebuild())
        horizon = _horizon()
        report = StepReport()
        committed = time.monotonic()
        for rows in _changed_papers(watermark.since):
            for row in rows:
                writer.delete_documents_by_term("id", row[0])
                writer.add_document(document(*row))
            report.indexed += len(rows)
            if time.monotonic() - committed > 2 * COMMIT_SECONDS:
                # A large change (a re-import) reaches readers as it goes, not at the end;
                # the watermark only moves once the whole step is done.
                writer.commit()
                committed = time.monotonic()
        for paper_id in _deleted_papers(watermark.since):
            writer.delete_documents_by_term("id", paper_id)
            report.deleted += 1
        if report.indexed or report.deleted:
            writer.commit()
        Watermark(horizon, epoch).write(generation)
        return report

    def follow(self, should_stop: Callable[[], bool], seconds: float = COMMIT_SECONDS) -> None:
        """Step every `seconds` until `should_stop()`; database errors are logged and
        retried (a restarting database delays the index, it does not stop it)."""
        while not should_stop():
            started = time.monotonic()
            try:
                report = self.step()
                if report.indexed or report.deleted:
                    logger.info("keyword index: %d indexed, %d deleted", report.indexed,
                                report.deleted)  # fmt: skip
            except Exception:
                logger.exception("keyword index step failed; retrying")
                connection.close()
                self._release_writer()
            pause = seconds - (time.monotonic() - started)
            while pause > 0 and not should_stop():
                time.sleep(min(pause, 0.1))
                pause -= 0.1

    def _writer_for(self, generation: Path):
        if self._generation != generation:
            self._release_writer()
            self._index = open_index(generation)
            self._writer = self._index.writer(WRITER_HEAP_BYTES, 1)
            self._generation = generation
        return self._writer

    def _release_writer(self) -> None:
        if self._writer is not None:
            self._writer.rollback()  # uncommitted work only; commits are durable
        self._index = self._writer = self._generation = None

    def _stale(self, watermark: Watermark) -> bool:
        """Older than the deletions we keep: a rebuild, or deletions could be missed."""
        kept = dt.timedelta(days=settings.KEYWORD_DELETIONS_KEEP_DAYS)
        return watermark.since < dt.datetime.now(dt.UTC) - kept


def _horizon() -> dt.datetime:
    """The database's now(), or the start of the oldest other transaction in this database
    that has written and is still open: rows modified before it are all committed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT least(now(), (SELECT min(xact_start) FROM pg_stat_activity "
            "WHERE datname = current_database() AND backend_xid IS NOT NULL "
            "AND pid <> pg_backend_pid()))"
        )
        return cursor.fetchone()[0]


def _papers_in_batches() -> Iterator[list[tuple]]:
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_COLUMNS} FROM {Paper._meta.db_table} WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _changed_papers(since: dt.datetime) -> Iterator[list[tuple]]:
    last = (since, 0)
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_COLUMNS}, modified FROM {Paper._meta.db_table} "
                "WHERE modified >= %s AND (modified, id) > (%s, %s) ORDER BY modified, id "
                "LIMIT %s",
                [since, *last, BATCH],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        yield [row[:-1] for row in rows]
        last = (rows[-1][-1], rows[-1][0])


def _deleted_papers(since: dt.datetime) -> list[int]:
    return list(
        PaperDeletion.objects.filter(deleted_at__gte=since).values_list("paper_id", flat=True)
    )
