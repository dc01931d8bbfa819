"""The keyword index's schema and its one text analysis, shared by indexing, query
parsing and snippet highlighting, so that a marked word is always a matched word.

One text field, `text`: the title (twice), then the abstract, as search reads them: TeX's
math in Unicode and by its commands' names, NFKC-folded (papers/tex.py), so that "L2",
"L₂" and "$L_2$" are one word; queries are read the same way. One field, so that each
query term is looked up and scored once (per-field scoring took twice the lookups, and its
title boost cost prose queries quality: docs/guide/search.md, issue 20). Tantivy's simple
tokenizer (runs of letters and digits), tokens over 40 characters dropped, lower case,
English stop words removed, the Snowball English stemmer. Positions are kept, so quoted
phrases match as phrases; a stop word leaves its position empty, as it does in the
documents.

Filters are fields too: `authors` (whole words of the names, lower case, accents folded),
`categories` (exact), `links` (the kinds of link the paper gives: code, model, …, exact),
`people` (the authors' keys, papers/names.py, exact), `venue` (its name, and its name and
year: papers/venues.py, exact),
`published` (days since 1970-01-01) and `id` (the paper's row id, a fast field, which is
how results map back to PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import tantivy
from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

from papers.tex import searchable_text
from papers.venues import venue_label

TEXT_ANALYZER = "paperscope_en"
NAME_ANALYZER = "paperscope_name"
EPOCH = dt.date(1970, 1, 1)
# Tantivy's simple tokenizer: maximal runs of alphanumeric characters.
WORD = re.compile(r"[^\W_]+")


def _text_analyzer() -> tantivy.TextAnalyzer:
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(40))
        .filter(Filter.lowercase())
        .filter(Filter.stopword("english"))
        .filter(Filter.stemmer("english"))
        .build()
    )


def _name_analyzer() -> tantivy.TextAnalyzer:
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .build()
    )


_TEXT = _text_analyzer()
_NAME = _name_analyzer()


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    builder.add_text_field("text", tokenizer_name=TEXT_ANALYZER)
    builder.add_text_field("authors", tokenizer_name=NAME_ANALYZER)
    builder.add_text_field("categories", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("links", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("people", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("venue", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("published", indexed=True, fast=True)
    return builder.build()


SCHEMA = build_schema()
# Bumped with every change above: an index of another version is rebuilt by the writer
# (search/fulltext/writer.py), and readers do without it meanwhile.
SCHEMA_VERSION = 4


def open_index(path: Path) -> tantivy.Index:
    """The index at `path` (created when the folder is empty), with our analysers."""
    index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
    index.register_tokenizer(TEXT_ANALYZER, _text_analyzer())
    index.register_tokenizer(NAME_ANALYZER, _name_analyzer())
    return index


def document(paper_id: int, title: str, abstract: str, authors: list[str],
             categories: list[str], published: dt.date | None,
             link_kinds: list[str] = (), author_keys: list[str] = (), venue: str = "",
             venue_year: int | None = None) -> tantivy.Document:  # fmt: skip
    # The title twice, so its words count a little more than the abstract's (where a
    # title boost per field cost a lookup per term); gaps so no phrase runs across.
    title, abstract = searchable_text(title), searchable_text(abstract)
    doc = tantivy.Document(id=paper_id, text=f"{title} {FIELD_GAP} {title} {FIELD_GAP} {abstract}")
    for author in authors:
        doc.add_text("authors", author)
    for category in categories:
        doc.add_text("categories", category)
    for kind in link_kinds:
        doc.add_text("links", kind)
    for key in author_keys:
        doc.add_text("people", key)
    if venue:
        doc.add_text("venue", venue)
        doc.add_text("venue", venue_label(venue, venue_year))
    if published is not None:
        doc.add_integer("published", day_number(published))
    return doc


# Words the analyser drops (stop words) but counts as positions.
FIELD_GAP = " ".join(["the"] * 3)


def day_number(date: dt.date) -> int:
    return (date - EPOCH).days


@functools.lru_cache(maxsize=200_000)
def word_term(word: str) -> str | None:
    """The index term of one word of text, or None (a stop word, or too long). Cached:
    words follow Zipf's law, so highlighting and query parsing mostly hit the cache."""
    terms = _TEXT.analyze(word)
    return terms[0] if terms else None


def words(text: str) -> Iterator[re.Match]:
    """The words of a text as the tokenizer sees them, with their offsets."""
    return WORD.finditer(text)


def word_texts(text: str) -> list[str]:
    """The words of a text as the tokenizer sees them (faster than `words`)."""
    return WORD.findall(text)


def positioned_terms(text: str) -> list[tuple[int, str]]:
    """(position, term) of each indexed word of `text`, positions as the index counts
    them (a stop word takes a position but leaves no term), of the text as search reads it
    (TeX's math in Unicode and by name, compatibility characters folded: papers/tex.py)."""
    out = []
    for position, match in enumerate(WORD.finditer(searchable_text(text))):
        term = word_term(match.group())
        if term:
            out.append((position, term))
    return out


def name_terms(name: str) -> list[str]:
    """The words of an author name as the `authors` field indexes them."""
    return _NAME.analyze(name)
