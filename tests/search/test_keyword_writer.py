"""The keyword index writer as a real process following the test database: inserts, edits
and deletes reach readers in other processes; two directories converge; a writer killed
with SIGKILL leaves a readable index that the next one continues; one writer a directory;
searches answer while it writes, and never take its lock or wait for its commits."""

import json
import threading

import pytest
import tantivy
from django.db import connection

from papers.models import Paper
from papers.services import paper_bulk_upsert
from papers.sources.record import PaperRecord
from search.fulltext.reader import KeywordIndexUnavailable, keyword_reader
from search.fulltext.schema import document, open_index
from search.fulltext.writer import KeywordIndexWriter, WriterBusy, current_generation
from search.query import parse_keyword_query
from tests.factories import PaperFactory
from tests.helpers import index_keywords
from tests.papers.pipeline import wait_for
from tests.search.fulltext_processes import Follower

pytestmark = pytest.mark.django_db(transaction=True)
FRESH = 30  # seconds: generous, for a loaded CI machine (make bench-freshness measures)


@pytest.fixture
def follower(keyword_index_dir, tmp_path):
    process = Follower(keyword_index_dir, tmp_path / "follower.log")
    process.start()
    yield process
    process.stop()


def found(text: str) -> set[int]:
    """What keyword search finds now; nothing while the writer has yet to build the index
    (a busy machine may take a while)."""
    from papers.filters import Filters

    try:
        hits = keyword_reader.search(parse_keyword_query(text), Filters(), 100)
    except KeywordIndexUnavailable:
        return set()
    return {pid for pid, _ in hits}


def indexed_ids(directory) -> set[int]:
    """Every paper id in the directory's current generation, read with Tantivy itself
    (none before the writer's first build)."""
    generation = current_generation(directory)
    if generation is None:
        return set()
    index = open_index(generation)
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), max(searcher.num_docs, 1), count=False)
    return set(searcher.fast_field_values("id", [address for _, address in hits.hits]))


def records(start: int, count: int, word: str = "follower") -> list[PaperRecord]:
    return [
        PaperRecord(arxiv_id=f"2601.{n:05d}", title=f"Paper {n} on {word}s",
                    abstract=f"We study {word} number {n}.", authors=["Ada Lovelace"],
                    categories=["cs.LG"], published=None, updated=None, abs_url="",
                    pdf_url="", source="arxiv_jsonl", upvotes=None, position=f"line {n}")
        for n in range(start, start + count)
    ]  # fmt: skip


class Importing(threading.Thread):
    """Imports `size` papers for each start in `batches` on its own connection (closed when
    done) until the batches run out or `stop()`; `join()` raises what the import raised."""

    def __init__(self, batches: range, size: int):
        super().__init__()
        self.batches, self.size = batches, size
        self.error: BaseException | None = None
        self._stop_asked = threading.Event()

    def run(self) -> None:
        try:
            for start in self.batches:
                if self._stop_asked.is_set():
                    return
                paper_bulk_upsert(records(start, self.size))
        except BaseException as error:  # handed to the test by join()
            self.error = error
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop_asked.set()

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if self.error is not None:
            raise self.error


def uncommitted_segments(directory) -> set[str]:
    """Segment files of the current generation that its meta.json does not list yet: a
    commit (or a merge) the writer is in the middle of."""
    generation = current_generation(directory)
    if generation is None:
        return set()
    try:
        on_disk = {p.stem for p in generation.iterdir() if len(p.stem) == 32 and p.suffix}
        meta = json.loads((generation / "meta.json").read_text())
    except (OSError, ValueError):  # replaced as we read: look again
        return set()
    return on_disk - {segment["segment_id"].replace("-", "") for segment in meta["segments"]}


def test_inserts_edits_and_deletes_reach_readers(follower):
    paper = PaperFactory(title="Quantum annealing schedules", abstract="On annealing.")
    wait_for(lambda: found("annealing") == {paper.id}, FRESH, "the new paper")
    paper.title, paper.abstract = "Tabu search schedules", "On tabu search."
    paper.save()
    wait_for(lambda: found("tabu") == {paper.id} and not found("annealing"), FRESH, "the edit")
    paper.delete()
    wait_for(lambda: not found("tabu"), FRESH, "the deletion")
    assert follower.stop() == 0
    assert "Traceback" not in follower.output()


def test_two_directories_following_one_database_converge(tmp_path, keyword_index_dir):
    other_dir = tmp_path / "other-index"
    followers = [Follower(keyword_index_dir, tmp_path / "a.log"),
                 Follower(other_dir, tmp_path / "b.log")]  # fmt: skip
    for process in followers:
        process.start()
    try:
        paper_bulk_upsert(records(0, 300))
        edited = records(0, 50, word="converge")  # new text for fifty of them
        paper_bulk_upsert(edited)
        Paper.objects.filter(arxiv_id__in=[f"2601.{n:05d}" for n in range(250, 300)]).delete()
        expected = set(Paper.objects.values_list("id", flat=True))
        assert len(expected) == 250
        for directory in (keyword_index_dir, other_dir):
            wait_for(lambda d=directory: indexed_ids(d) == expected, FRESH, f"{directory}")
        keyword_reader.reset()
        assert len(found("converge")) == 50
    finally:
        for process in followers:
            process.stop()


def test_a_writer_killed_mid_commit_leaves_a_readable_index(tmp_path, keyword_index_dir):
    first = Follower(keyword_index_dir, tmp_path / "first.log")
    first.start()
    batches = Importing(range(0, 200_000, 1000), 1000)  # until the kill, at most 200k
    batches.start()
    in_flight: set[str] = set()
    try:
        while not in_flight and batches.is_alive():  # watch as closely as Python can
            in_flight = uncommitted_segments(keyword_index_dir)
        assert in_flight, "the import ended before the writer was caught mid-commit"
        first.kill()  # SIGKILL, with segments written that no commit lists yet
    finally:
        batches.stop()
        batches.join()
    searcher = open_index(current_generation(keyword_index_dir)).searcher()
    searcher.search(tantivy.Query.all_query(), 10, count=False)  # readable, whatever it holds
    second = Follower(keyword_index_dir, tmp_path / "second.log")
    second.start()
    try:
        expected = set(Paper.objects.values_list("id", flat=True))
        wait_for(lambda: indexed_ids(keyword_index_dir) == expected, 120, "the second writer")
    finally:
        second.stop()


def test_one_writer_a_directory(keyword_index_dir, follower):
    with pytest.raises(WriterBusy):
        KeywordIndexWriter(keyword_index_dir)


def test_searches_answer_throughout_an_import(follower):
    PaperFactory(title="Steady searching", abstract="Searches during writes.")
    wait_for(lambda: found("steady"), FRESH, "the first paper")
    writes = Importing(range(0, 5000, 500), 500)
    searches = 0
    writes.start()
    while writes.is_alive():
        assert found("steady")  # every search answers, from the last commit
        searches += 1
    writes.join()
    assert searches > 1  # they ran while the writer took the import in
    # How long they took is a figure of make bench-freshness, not a test.


def test_a_reader_never_takes_the_writer_lock_or_waits_for_a_commit(keyword_index_dir):
    """A writer holds the directory's lock, with documents added and not committed: a
    reader answers all the same, from the last commit."""
    committed = PaperFactory(title="Committed shearwaters", abstract="Seabirds.")
    index_keywords()
    with KeywordIndexWriter(keyword_index_dir):  # the writer's flock, held
        pending = open_index(current_generation(keyword_index_dir)).writer(50_000_000, 1)
        pending.add_document(document(10**9, "Uncommitted shearwaters", "", [], [], None))
        answers: list[set[int]] = []
        reader = threading.Thread(target=lambda: answers.append(found("shearwaters")))
        reader.start()
        reader.join(timeout=60)  # a reader waiting on the lock or the commit never returns
        alive = reader.is_alive()
        pending.rollback()
    assert not alive, "the reader waited on the writer"
    assert answers == [{committed.id}]
