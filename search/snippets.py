"""Snippets: the passage of an abstract richest in the query's words, those words marked.

Both the query's terms and the abstract's words go through the keyword index's own
analysis (search/fulltext/schema.py), so a marked word is always a word that matched.
"""

from __future__ import annotations

import functools
import html
from bisect import bisect_left, bisect_right

from search.fulltext.schema import WORD, word_term

SNIPPET_CHARS = 280  # about 40 words of an abstract
# Up to this many terms, the abstract is searched for their prefixes; above it, every
# word is analysed instead. The prefixes' search grows with the terms: for a title's ~10
# it took 0.5 ms a page of 20 against a word pass's 1.0 ms, for prose's ~300, 4.0 ms
# against 1.9 ms.
PREFIX_SCAN_TERMS = 50


@functools.lru_cache(maxsize=1024)
def _prefixes(terms: frozenset[str]) -> tuple[str, ...]:
    """What a word that may be one of these terms starts with, in lower-case text: as the
    term does. A stem keeps its word's letters but perhaps the last ("studi" of "study"),
    so all but the last (at least two) are asked for; the analysis then says which
    candidates match. A prefix that starts with another is left out: the other one finds
    its words, and no word is found twice."""
    kept: list[str] = []
    for prefix in sorted({term[: max(2, len(term) - 1)] for term in terms}):
        if not kept or not prefix.startswith(kept[-1]):  # sorted: right after its prefix
            kept.append(prefix)
    return tuple(kept)


def _prefix_matches(lower: str, terms: set[str]) -> list[tuple[int, int]]:
    """(start, end) of each word of the lower-case text whose term is one of `terms`, in
    order. Each prefix is found by `str.find`: an alternation of them in one pattern took
    16-24 µs an abstract to scan, the finds ~10 µs."""
    found = []
    for prefix in _prefixes(frozenset(terms)):
        start = lower.find(prefix)
        while start >= 0:
            if start == 0 or not lower[start - 1].isalnum():  # isalnum() is [^\W_]
                end = WORD.match(lower, start).end()
                if word_term(lower[start:end]) in terms:
                    found.append((start, end))
            start = lower.find(prefix, start + 1)
    found.sort()
    return found


def snippet(text: str, terms: set[str], length: int = SNIPPET_CHARS) -> str:
    """HTML: the first passage of about `length` characters (whole words) with the most
    matches, matches in <mark>, everything else escaped; "" when no word matches."""
    # A window counted in words cost a pass of the word pattern over every abstract on
    # the page (~1.5 ms a search); characters need only the matches, found in C.
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer: offsets would move
        lower = text
    if len(terms) > PREFIX_SCAN_TERMS:  # a pasted abstract's hundreds of terms
        words = WORD.finditer(lower)
        found = [(m.start(), m.end()) for m in words if word_term(m.group()) in terms]
    else:
        found = _prefix_matches(lower, terms)
    if not found:
        return ""
    # The first window with the most matches starts at 0 or where a match enters it.
    starts, ends = [s for s, _ in found], [e for _, e in found]
    best, count = 0, 0
    last_start = max(0, len(text) - length)
    for start in sorted({0, *(min(max(end - length, 0), last_start) for end in ends)}):
        inside = bisect_right(ends, start + length) - bisect_left(starts, start)
        if inside > count:
            best, count = start, inside
    begin, end = best, min(len(text), best + length)
    while begin > 0 and not text[begin - 1].isspace():  # whole words: keep "(" or "<"
        begin -= 1
    while end < len(text) and not text[end].isspace():  # and the closing punctuation
        end += 1
    parts, position = [], begin
    for s, e in found:
        if begin <= s and e <= end:
            parts.append(html.escape(text[position:s]))
            parts.append(f"<mark>{html.escape(text[s:e])}</mark>")
            position = e
    parts.append(html.escape(text[position:end]))
    return ("… " if begin > 0 else "") + "".join(parts) + (" …" if end < len(text) else "")
