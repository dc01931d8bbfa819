"""OAI-PMH arXivRaw responses: records, resumption tokens, protocol errors."""

import datetime as dt

from tests.papers.helpers import read_all


def test_list_records_with_resumption_token(samples):
    records, rejected, notices = read_all(
        samples / "arxiv_oai_pmh" / "arXivRaw_ListRecordsResponse.xml"
    )
    assert rejected == []
    assert len(records) == 6
    first = records[0]
    assert first.arxiv_id == "0704.0471"
    assert first.title.startswith("Density dependence of the symmetry energy")
    assert "\n" not in first.title
    assert first.authors == ["D.V. Shetty", "S.J. Yennello", "G.A. Souliotis"]
    assert first.categories == ["nucl-ex", "nucl-th"]
    assert first.published == dt.date(2007, 4, 3)
    multi_version = next(r for r in records if r.arxiv_id == "0704.0716")
    assert (multi_version.published, multi_version.updated) == (
        dt.date(2007, 4, 5),
        dt.date(2008, 11, 14),
    )
    assert len(notices) == 1
    assert "726959|1001" in notices[0].message and "58011" in notices[0].message


def test_get_record(samples):
    records, _, _ = read_all(samples / "arxiv_oai_pmh" / "arXivRaw_GetRecordResponse.xml")
    assert [r.arxiv_id for r in records] == ["1302.2146"]


def test_protocol_error_is_reported(samples):
    records, rejected, _ = read_all(
        samples / "arxiv_oai_pmh" / "arXivRaw_ErrorResponseBadResumptionToken.xml"
    )
    assert records == []
    assert len(rejected) == 1 and "badResumptionToken" in rejected[0].reason


def test_no_records_match_is_a_notice_not_a_failure(samples):
    records, rejected, notices = read_all(
        samples / "arxiv_oai_pmh" / "arXivRaw_ErrorResponseNoRecordsMatch.xml"
    )
    assert (records, rejected) == ([], [])
    assert "no records match" in notices[0].message
