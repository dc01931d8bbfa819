"""A re-import skips the records it already stored: each row keeps the digest of the record
it was written from, and a record with that digest costs one lookup, no derivation and no
write. A changed record, a row written since by anything else, and rows stored before the
digest existed are written (or stamped) as before."""

import dataclasses
import datetime as dt

import pytest
from django.db import connection

from papers.models import Paper
from papers.services import paper_bulk_upsert
from papers.sources.record import build_record

pytestmark = pytest.mark.django_db


def record(number: int, **fields):
    values = {"position": f"line {number}", "source": "arxiv_jsonl",
              "arxiv_id": f"2405.{number:05d}", "title": f"Paper {number}",
              "abstract": "Code at https://github.com/lab/tool.", "authors": ["Ada Lovelace"],
              "categories": ["cs.LG"], "published": "2024-05-01"}  # fmt: skip
    return build_record(**{**values, **fields})


def modified() -> dict[str, dt.datetime]:
    return dict(Paper.objects.values_list("arxiv_id", "modified"))


def test_the_digest_is_what_the_record_says_wherever_it_stands():
    first = record(1)
    assert dataclasses.replace(first, position="line 99").digest() == first.digest()
    for change in ({"title": "Other"}, {"abstract": "Other."}, {"authors": ["Bob"]},
                   {"categories": ["cs.CL"]}, {"published": dt.date(2024, 5, 2)},
                   {"comments": "ICML 2024"}, {"journal_ref": "JMLR 25"}, {"upvotes": 3},
                   {"source": "hf_daily"}, {"source_links": ["https://x.org"]}):  # fmt: skip
        assert dataclasses.replace(first, **change).digest() != first.digest(), change


def test_a_second_import_of_the_same_records_reads_their_digests_and_writes_nothing(
    django_assert_num_queries,
):
    batch = [record(n) for n in range(1, 6)]
    assert paper_bulk_upsert(batch).created == 5
    before = modified()
    with django_assert_num_queries(1):  # the digests of the batch's ids, nothing else
        again = paper_bulk_upsert([dataclasses.replace(r, position="x") for r in batch])
    assert (again.created, again.updated, again.unchanged, again.changed_ids) == (0, 0, 5, [])
    assert modified() == before


def test_a_changed_record_is_written_and_keeps_its_new_digest():
    paper_bulk_upsert([record(1), record(2)])
    changed = record(2, abstract="A new version of the abstract.")
    result = paper_bulk_upsert([record(1), changed])
    assert (result.updated, result.unchanged) == (1, 1)
    stored = Paper.objects.get(arxiv_id="2405.00002")
    assert stored.abstract == "A new version of the abstract."
    assert bytes(stored.record_digest) == changed.digest()


def test_a_row_saved_since_is_written_again_by_the_record():
    paper_bulk_upsert([record(1)])
    paper = Paper.objects.get(arxiv_id="2405.00001")
    paper.title = "Edited by hand"
    paper.save()
    assert paper.record_digest is None
    assert paper_bulk_upsert([record(1)]).updated == 1
    assert Paper.objects.get(arxiv_id="2405.00001").title == "Paper 1"


def test_a_save_of_some_fields_clears_the_digest_and_keeps_derived_columns_in_step():
    paper_bulk_upsert([record(1)])
    paper = Paper.objects.get(arxiv_id="2405.00001")
    paper.authors, paper.journal_ref = ["Grace Hopper"], "TMLR 2024"
    paper.save(update_fields=["authors", "journal_ref"])
    stored = Paper.objects.get(arxiv_id="2405.00001")
    assert stored.record_digest is None
    assert stored.author_keys == paper.author_keys and "hopper g" in " ".join(stored.author_keys)
    assert (stored.venue, stored.venue_year) == ("TMLR", 2024)
    assert paper_bulk_upsert([record(1)]).updated == 1


def test_rows_stored_before_digests_get_theirs_without_counting_as_changed():
    paper_bulk_upsert([record(1), record(2)])
    Paper.objects.update(record_digest=None)  # as every row was before migration 0021
    before = modified()
    result = paper_bulk_upsert([record(1), record(2)])
    assert (result.updated, result.unchanged) == (0, 2)
    assert modified() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM papers_paper WHERE record_digest IS NULL")
        assert cursor.fetchone()[0] == 0
