"""Hugging Face /api/daily_papers JSON, 2024 and 2026 shapes."""

import datetime as dt
import json

import pytest

from tests.papers.helpers import read_all


@pytest.mark.parametrize(
    ("name", "count"),
    [("daily_papers_date_2024-05-29.json", 8), ("daily_papers_date_2026-08-18.json", 29)],
)
def test_every_paper_of_both_shapes(samples, name, count):
    path = samples / "hf_daily_papers" / name
    records, rejected, _ = read_all(path)
    assert rejected == []
    raw = json.loads(path.read_text())
    assert len(records) == count == len(raw)
    for record, item in zip(records, raw, strict=True):
        assert record.arxiv_id == item["paper"]["id"]
        assert record.upvotes == item["paper"]["upvotes"]
        assert record.authors == [a["name"] for a in item["paper"]["authors"]]
        assert record.source == "hf_daily"


def test_2024_fields(samples):
    records, _, _ = read_all(samples / "hf_daily_papers" / "daily_papers_date_2024-05-29.json")
    first = records[0]
    assert (first.arxiv_id, first.title) == ("2405.18407", "Phased Consistency Model")
    assert first.published == dt.date(2024, 5, 28)
    assert first.upvotes == 18


def test_broken_json_names_the_line(tmp_path):
    path = tmp_path / "daily.json"
    path.write_text('[\n  {"paper": {"id": "2405.18407",\n  "title": }\n]')
    records, rejected, _ = read_all(path)
    assert records == []
    assert rejected[0].position == "line 3" and "broken JSON" in rejected[0].reason


def test_bad_items_are_skipped_and_good_ones_kept(tmp_path):
    good = {"paper": {"id": "2405.18407", "title": "T", "summary": "S", "authors": []}}
    bad = {"paper": {"id": "2405.18408", "title": "T", "summary": ""}}
    path = tmp_path / "daily.json"
    path.write_text(json.dumps([bad, "nonsense", good]))
    records, rejected, _ = read_all(path)
    assert [r.arxiv_id for r in records] == ["2405.18407"]
    assert [(r.position, r.reason) for r in rejected] == [
        ("entry 1", "no abstract"),
        ("entry 2", "no 'paper' object"),
    ]
