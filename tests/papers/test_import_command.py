"""manage.py import_papers against the real database: upserts, reports, summaries.

transactional_db: the importer writes from a thread of its own, on its own connection,
so its rows must really commit.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from papers.models import Paper
from search.params import parse_search_params
from search.pipeline import paper_search
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db(transaction=True)


def run_import(*paths, **options):
    out, err = StringIO(), StringIO()
    call_command("import_papers", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def paper(n, **fields):
    return {
        "id": f"2501.{n:05d}",
        "title": f"Paper {n}",
        "abstract": f"Abstract of paper {n} about transformers.",
        "authors": ["Alice Author", "Bob Writer"],
        "categories": ["cs.LG", "cs.CL"],
        "published": "2025-01-15",
        **fields,
    }


def test_every_sample_format_imports(samples, shared):
    out, err = run_import(
        *sorted((samples / "arxiv_atom").glob("*.xml")),
        *sorted((samples / "arxiv_oai_pmh").glob("*.xml")),
        *sorted((samples / "hf_daily_papers").glob("*.json")),
        samples / "kaggle_arxiv_snapshot" / "arxiv-metadata-oai-snapshot.first50.jsonl",
        shared / "seeds" / "000_f0c7d5477d2e123d.txt",
    )
    assert Paper.objects.filter(source="hf_daily").count() == 37
    assert Paper.objects.filter(source="listing").count() == 65
    assert Paper.objects.filter(arxiv_id="1707.08567").get().authors[33]
    assert "skipped 2" in out  # the arXiv error feed and the bad resumption token
    assert "arXiv API error: incorrect id format for abc" in err
    assert "badResumptionToken" in err
    assert "726959|1001" in err  # the resumption token is shown


def test_reimport_changes_nothing_and_never_duplicates(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [paper(n) for n in range(30)])
    out, _ = run_import(path)
    assert "created 30, updated 0, unchanged 0, skipped 0" in out
    modified = dict(Paper.objects.values_list("arxiv_id", "modified"))

    out, _ = run_import(path)
    assert "created 0, updated 0, unchanged 30, skipped 0" in out
    assert Paper.objects.count() == 30
    assert dict(Paper.objects.values_list("arxiv_id", "modified")) == modified


def test_changed_fields_are_updated(tmp_path):
    run_import(write_jsonl(tmp_path / "a.jsonl", [paper(1), paper(2)]))
    changed = paper(2, abstract="A rewritten abstract about diffusion models.")
    out, _ = run_import(write_jsonl(tmp_path / "b.jsonl", [paper(1), changed]))
    assert "created 0, updated 1, unchanged 1" in out
    updated = Paper.objects.get(arxiv_id="2501.00002")
    assert updated.abstract == "A rewritten abstract about diffusion models."
    # The keyword index follows the new text, not the old.
    index_keywords()
    assert keyword_ids("diffusion") == [updated.id]
    assert keyword_ids("transformer") == [Paper.objects.get(arxiv_id="2501.00001").id]


def test_a_source_missing_a_field_does_not_erase_it(samples, tmp_path):
    run_import(write_jsonl(tmp_path / "a.jsonl", [paper(1)]))
    # The same paper from a source with no categories and no date keeps both.
    feed = [{"paper": {"id": "2501.00001", "title": "Paper 1", "summary": "New.", "upvotes": 7}}]
    (tmp_path / "daily.json").write_text(json.dumps(feed))
    run_import(tmp_path / "daily.json")
    stored = Paper.objects.get(arxiv_id="2501.00001")
    assert stored.categories == ["cs.LG", "cs.CL"]
    assert stored.published.isoformat() == "2025-01-15"
    assert stored.authors == ["Alice Author", "Bob Writer"]
    assert (stored.abstract, stored.upvotes) == ("New.", 7)


def test_mixed_file_imports_every_good_record_and_names_each_bad_one(tmp_path):
    lines = [
        json.dumps(paper(1)),
        "{not json",
        json.dumps(paper(2, title="")),
        json.dumps(paper(3)),
        json.dumps(paper(4, published="2025-13-45")),
        json.dumps(paper(5, id="not-an-id")),
        json.dumps(paper(6)),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    out, err = run_import(path, batch_size=2)
    assert sorted(Paper.objects.values_list("arxiv_id", flat=True)) == [
        "2501.00001",
        "2501.00003",
        "2501.00006",
    ]
    assert "created 3, updated 0, unchanged 0, skipped 4" in out
    for line, reason in [
        (2, "broken JSON"),
        (3, "no title"),
        (5, "is not a valid date"),
        (6, "is not an arXiv id"),
    ]:
        assert f"mixed.jsonl: line {line}: " in err and reason in err


def test_repeated_id_in_one_file_lands_once_with_the_later_record(tmp_path):
    path = write_jsonl(tmp_path / "dup.jsonl", [paper(1), paper(1, title="Second version")])
    out, err = run_import(path)
    assert Paper.objects.get().title == "Second version"
    assert "repeated ids 1" in out
    assert "dup.jsonl: line 2: repeats 2501.00001 from line 1; the later record wins" in (out + err)


def test_repeats_are_named_across_batches(tmp_path):
    records = [paper(n) for n in range(1, 8)] + [paper(3, title="Again")]
    path = write_jsonl(tmp_path / "far.jsonl", records)
    out, err = run_import(path, batch_size=2)
    assert "line 8: repeats 2501.00003 from line 3" in out + err
    assert Paper.objects.get(arxiv_id="2501.00003").title == "Again"
    assert Paper.objects.count() == 7


def test_an_absurdly_long_line_is_skipped_unread(tmp_path):
    path = tmp_path / "long.jsonl"
    with path.open("w") as out:
        out.write(json.dumps(paper(1)) + "\n")
        out.write('{"id": "2501.00002", "abstract": "' + "x" * (50 << 20) + '"}\n')
        out.write(json.dumps(paper(3)) + "\n")
    _, err = run_import(path)
    assert "long.jsonl: line 2: longer than 1048576 bytes" in err
    assert Paper.objects.count() == 2


def test_imported_papers_are_keyword_searchable(tmp_path):
    run_import(write_jsonl(tmp_path / "a.jsonl", [paper(1)]))
    index_keywords()
    assert keyword_ids("transformer") == [Paper.objects.get().id]


def keyword_ids(text: str) -> list[int]:
    params = parse_search_params({"q": text, "mode": "keyword"})
    return [hit.paper.id for hit in paper_search(params).hits]


def test_a_file_with_only_bad_records_fails(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n")
    with pytest.raises(CommandError, match="every record was skipped"):
        run_import(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "nope.jsonl")
