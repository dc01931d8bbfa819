"""Format detection on the real samples, gzip by content, and the --format override."""

import gzip

import pytest

from papers.sources import UnknownFormat, detect_format, sniff


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("arxiv_atom/api2026_search_testing_start20_max10.xml", "arxiv-atom"),
        ("arxiv_atom/legacy2016_id_list_1111.2011v2.xml", "arxiv-atom"),
        ("arxiv_oai_pmh/arXivRaw_ListRecordsResponse.xml", "arxiv-oai"),
        ("arxiv_oai_pmh/arXivRaw_ErrorResponseNoRecordsMatch.xml", "arxiv-oai"),
        ("hf_daily_papers/daily_papers_date_2024-05-29.json", "hf-daily"),
        ("kaggle_arxiv_snapshot/arxiv-metadata-oai-snapshot.first50.jsonl", "arxiv-jsonl"),
    ],
)
def test_each_sample_is_detected(samples, sample, expected):
    assert sniff(samples / sample) == expected


def test_listing_page_and_gzipped_jsonl_are_detected(shared):
    assert sniff(shared / "seeds" / "000_f0c7d5477d2e123d.txt") == "listing"
    assert sniff(shared / "data" / "arxiv-ml-106k.jsonl.gz") == "arxiv-jsonl"


def test_gzip_is_recognised_by_content_not_name(tmp_path):
    path = tmp_path / "feed.data"
    path.write_bytes(gzip.compress(b'[{"paper": {}}]'))
    assert sniff(path) == "hf-daily"


def test_unknown_xml_and_empty_files_are_refused(tmp_path):
    with pytest.raises(UnknownFormat, match="neither"):
        detect_format(b"<html><body>hi</body></html>")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(UnknownFormat, match="empty"):
        sniff(empty)
