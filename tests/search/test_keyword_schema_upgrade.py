"""An index written under an older schema (title and abstract as two fields) is rebuilt by
the writer's next step; until then readers report it unavailable, and search answers by
meaning, never with an error."""

import json

import pytest
import tantivy

from papers.filters import Filters
from search.fulltext.reader import KeywordIndexUnavailable, keyword_reader
from search.fulltext.writer import CURRENT, WATERMARK, KeywordIndexWriter
from search.query import parse_keyword_query
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def old_generation(directory) -> None:
    """What the writer wrote before schema version 2 (per-field text, no version)."""
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    builder.add_text_field("title")
    builder.add_text_field("abstract")
    generation = directory / "gen-old"
    generation.mkdir(parents=True)
    index = tantivy.Index(builder.build(), path=str(generation))
    writer = index.writer()
    writer.add_document(tantivy.Document(id=1, title="old", abstract="index"))
    writer.commit()
    writer.wait_merging_threads()
    (generation / WATERMARK).write_text(json.dumps({"since": "2026-12-01T00:00:00+00:00"}))
    (directory / CURRENT).write_text("gen-old")


def test_an_index_of_an_older_schema_is_rebuilt_and_never_read(keyword_index_dir, client):
    paper = PaperFactory(title="Graph attention networks")
    old_generation(keyword_index_dir)
    keyword_reader.reset()
    with pytest.raises(KeywordIndexUnavailable):
        keyword_reader.searcher()
    response = client.get("/api/v1/search/", {"q": "graph attention", "mode": "keyword"})
    assert response.status_code == 200
    assert "Keyword matching is unavailable" in " ".join(response.json()["notices"])

    with KeywordIndexWriter() as writer:
        assert writer.step().indexed == 1  # a rebuild from PostgreSQL
    keyword_reader.reset()
    query = parse_keyword_query("graph attention")
    assert [pid for pid, _ in keyword_reader.search(query, Filters(), 10)] == [paper.id]
    assert not (keyword_index_dir / "gen-old").exists()
