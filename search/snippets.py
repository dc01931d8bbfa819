"""Snippets: the window of an abstract richest in the query's words, those words marked.

Both the query's terms and the abstract's words go through the keyword index's own
analysis (search/fulltext/schema.py), so a marked word is always a word that matched.
"""

from __future__ import annotations

import html
from itertools import islice

from search.fulltext.schema import word_term, word_texts, words

SNIPPET_WORDS = 40


def snippet(text: str, terms: set[str], length: int = SNIPPET_WORDS) -> str:
    """HTML: the `length`-word window with the most matches, matches in <mark>, everything
    else escaped; "" when no word matches."""
    # Analysing every word costs ~100 µs an abstract; a stem keeps its word's first two
    # letters, so only words that start like a term need it.
    starts = {term[:2] for term in terms}
    hits = [w[:2].lower() in starts and word_term(w) in terms for w in word_texts(text)]
    if not any(hits):
        return ""
    best, count = 0, sum(hits[:length])
    running = count
    for start in range(1, max(1, len(hits) - length + 1)):
        running += hits[start + length - 1] - hits[start - 1]
        if running > count:
            best, count = start, running
    window = list(islice(words(text), best, best + length))
    begin, end = window[0].start(), window[-1].end()
    while begin > 0 and not text[begin - 1].isspace():  # whole words: keep "(" or "<"
        begin -= 1
    while end < len(text) and not text[end].isspace():  # and the closing punctuation
        end += 1
    parts, position = [], begin
    for token, hit in zip(window, hits[best : best + length], strict=True):
        if hit:
            parts.append(html.escape(text[position : token.start()]))
            parts.append(f"<mark>{html.escape(token.group())}</mark>")
            position = token.end()
    parts.append(html.escape(text[position:end]))
    return ("… " if begin > 0 else "") + "".join(parts) + (" …" if end < len(text) else "")
