"""Snippets: the window of an abstract richest in the query's words, those words marked.

The query's words are PostgreSQL's own lexemes (the keyword parser's analysis); the
abstract's words are stemmed with the same Snowball English stemmer PostgreSQL uses
(libstemmer, through PyStemmer): ~50 µs an abstract, where ts_headline took ~200 µs
because it re-parses every abstract for every query.
"""

from __future__ import annotations

import html
import re

import Stemmer  # PyStemmer: libstemmer's C code, the Snowball stemmers PostgreSQL uses

SNIPPET_WORDS = 40
_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits, as PostgreSQL's parser splits
_stemmer = Stemmer.Stemmer("english")


def snippet(text: str, lexemes: set[str], words: int = SNIPPET_WORDS) -> str:
    """HTML: the `words`-word window with the most matches, matches in <mark>, everything
    else escaped; "" when no word matches."""
    stems = _stemmer.stemWords([word.casefold() for word in _WORD.findall(text)])
    hits = [stem in lexemes for stem in stems]
    if not any(hits):
        return ""
    best, count = 0, sum(hits[:words])
    running = count
    for start in range(1, max(1, len(hits) - words + 1)):
        running += hits[start + words - 1] - hits[start - 1]
        if running > count:
            best, count = start, running
    tokens = _WORD.finditer(text)
    window = [token for _, token in zip(range(best + words), tokens, strict=False)][best:]
    begin, end = window[0].start(), window[-1].end()
    while begin > 0 and not text[begin - 1].isspace():  # whole words: keep "(" or "<"
        begin -= 1
    while end < len(text) and not text[end].isspace():  # and the closing punctuation
        end += 1
    parts, position = [], begin
    for token, hit in zip(window, hits[best : best + words], strict=True):
        if hit:
            parts.append(html.escape(text[position : token.start()]))
            parts.append(f"<mark>{html.escape(token.group())}</mark>")
            position = token.end()
    parts.append(html.escape(text[position:end]))
    return ("… " if begin > 0 else "") + "".join(parts) + (" …" if end < len(text) else "")
