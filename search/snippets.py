"""Snippets: the passage of an abstract richest in the query's words, those words marked.

Both the query's terms and the abstract's words go through the keyword index's own
analysis (search/fulltext/schema.py), so a marked word is always a word that matched.
"""

from __future__ import annotations

import functools
import html
import re
from bisect import bisect_left, bisect_right

from search.fulltext.schema import WORD, word_term

SNIPPET_CHARS = 280  # about 40 words of an abstract
# Up to this many terms, the abstract is scanned for their prefixes; above it, every word
# is analysed instead. The prefixes' alternation grows with the terms: for a title's ~10
# it took 0.5 ms a page of 20 against a word pass's 1.0 ms, for prose's ~300, 4.0 ms
# against 1.9 ms.
PREFIX_SCAN_TERMS = 50


@functools.lru_cache(maxsize=1024)
def _candidates(terms: frozenset[str]) -> re.Pattern:
    """Where a word that may be one of these terms starts, in lower-case text: as the term
    does. A stem keeps its word's letters but perhaps the last ("studi" of "study"), so
    all but the last (at least two) are asked for; the analysis then says which
    candidates match. Case-sensitive, with no look-behind for the word's start: either
    would cost the engine its fast scan for the prefixes' first letters."""
    prefixes = sorted({re.escape(term[: max(2, len(term) - 1)]) for term in terms}, key=len)
    return re.compile(rf"(?:{'|'.join(reversed(prefixes))})[^\W_]*")


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
        found = [
            (m.start(), m.end())
            for m in _candidates(frozenset(terms)).finditer(lower)
            if (m.start() == 0 or not WORD.match(lower, m.start() - 1))
            and word_term(m.group()) in terms
        ]
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
