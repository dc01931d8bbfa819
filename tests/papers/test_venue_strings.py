"""Venue and acceptance read from arXiv's comments and journal-ref (papers/venues.py):
a table of the ways authors write them (tests/papers/data/venue_strings.tsv), plans and
refusals among them, which give nothing."""

from pathlib import Path

import pytest

from papers.venues import Source, Venue, venue_from_text

TABLE = Path(__file__).parent / "data" / "venue_strings.tsv"
FIELDS = {"c": Source.COMMENTS, "j": Source.JOURNAL_REF}


def cases() -> list[tuple]:
    rows = []
    for line in TABLE.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        field, text, *expected = line.split("\t")
        expected = [e for e in expected]
        rows.append(pytest.param(FIELDS[field], text, expected, id=text[:60]))
    return rows


def expected_venue(source: str, expected: list[str]) -> Venue | None:
    if not expected or not expected[0]:
        return None
    name, *rest = expected
    year = int(rest[0]) if rest and rest[0].isdigit() else None
    if year is not None:
        rest = rest[1:]
    status, track = rest[0], (rest[1] if len(rest) > 1 else "")
    return Venue(name, year, status, source, track)


def test_the_table_is_large_and_holds_negatives():
    table = cases()
    assert len(table) >= 100
    negatives = [c for c in table if not c.values[2] or not c.values[2][0]]
    assert len(negatives) >= 20


@pytest.mark.parametrize(("source", "text", "expected"), cases())
def test_each_string(source, text, expected):
    assert venue_from_text(text, source) == expected_venue(source, expected)
