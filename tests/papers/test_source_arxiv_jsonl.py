"""arXiv JSON lines: the shared layout and the bulk-snapshot (Kaggle) layout."""

import datetime as dt
import gzip
import json

from papers.sources import read_file
from tests.papers.helpers import read_all


def test_snapshot_layout_sample(samples):
    records, rejected, _ = read_all(
        samples / "kaggle_arxiv_snapshot" / "arxiv-metadata-oai-snapshot.first50.jsonl"
    )
    assert len(records) == 50 and rejected == []
    first = records[0]
    assert first.arxiv_id == "0704.0001"
    assert first.title == (
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert first.abstract.startswith("A fully differential calculation in perturbative")
    assert first.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"]
    assert first.categories == ["hep-ph"]
    assert first.published == dt.date(2007, 4, 2)  # first version
    assert first.updated == dt.date(2008, 11, 26)  # update_date
    assert first.source == "arxiv_snapshot"


def test_shared_layout_first_lines(shared):
    path = shared / "data" / "arxiv-ml-106k.jsonl.gz"
    with gzip.open(path, "rt") as lines:
        expected = [json.loads(next(lines)) for _ in range(3)]
    items = read_file(path)
    records = [next(items) for _ in range(3)]
    for record, raw in zip(records, expected, strict=True):
        assert record.arxiv_id == raw["id"]
        assert record.title == " ".join(raw["title"].split())
        assert record.authors == raw["authors"]
        assert record.categories == raw["categories"]
        assert record.published.isoformat() == raw["published"]
        assert record.source == "arxiv_jsonl"


def test_bad_lines_are_reported_with_line_number_and_reason(tmp_path):
    good = {"id": "2501.00001", "title": "Good", "abstract": "Fine.", "published": "2025-01-02"}
    lines = [
        json.dumps(good),
        '{"id": "2501.00002", "title": "Broken',
        json.dumps({**good, "id": "2501.00003", "title": ""}),
        json.dumps({**good, "id": "2501.00004", "abstract": None}),
        json.dumps({**good, "id": "2501.00005", "published": "2025-02-30"}),
        "",
        json.dumps([1, 2]),
        json.dumps({**good, "id": "2501.00006"}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe not utf8\n")
    records, rejected, _ = read_all(path)
    assert [r.arxiv_id for r in records] == ["2501.00001", "2501.00006"]
    assert [(r.position, r.reason.split(" (")[0]) for r in rejected] == [
        ("line 2", "broken JSON"),
        ("line 3", "no title"),
        ("line 4", "no abstract"),
        ("line 5", "published: '2025-02-30' is not a valid date"),
        ("line 7", "expected a JSON object, got list"),
        ("line 9", "not valid UTF-8"),
    ]


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    body = "".join(
        json.dumps({"id": f"2501.{n:05d}", "title": f"T{n}", "abstract": "A" * 200}) + "\n"
        for n in range(2000)
    )
    compressed = gzip.compress(body.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(compressed[: len(compressed) // 2])
    records, rejected, _ = read_all(path)
    assert 0 < len(records) < 2000
    assert len(rejected) == 1 and "truncated" in rejected[0].reason
