"""BibTeX entries for papers, as arXiv's own export writes them (@misc with eprint)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from papers.models import Paper

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards"}


def bibtex(papers: Iterable[Paper]) -> str:
    """Entries for these papers, with keys made unique by a letter (smith2024deep,
    smith2024deepb)."""
    seen: dict[str, int] = {}
    entries = []
    for paper in papers:
        key = citation_key(paper)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += "abcdefghijklmnopqrstuvwxyz"[min(seen[key], 26) - 1]
        entries.append(bibtex_entry(paper, key))
    return "\n".join(entries)


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    fields = [("title", "{" + _value(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_value(a) for a in paper.authors)))
    if paper.published:
        fields.append(("year", str(paper.published.year)))
    if not paper.arxiv_id.startswith("title:"):
        fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
        if paper.categories:
            fields.append(("primaryClass", _value(paper.categories[0])))
    if paper.abs_url:
        fields.append(("url", _value(paper.abs_url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or citation_key(paper)},\n{body}\n}}\n"


def citation_key(paper: Paper) -> str:
    surname = paper.authors[0].split()[-1] if paper.authors and paper.authors[0].split() else ""
    words = [w for w in _WORD.findall(_ascii(paper.title).lower()) if w not in _STOPWORDS]
    year = str(paper.published.year) if paper.published else ""
    key = _ascii(surname).lower() + year + (words[0] if words else "")
    key = re.sub(r"[^a-z0-9]", "", key)
    return key or "arxiv" + re.sub(r"[^0-9a-z]", "", paper.arxiv_id.lower())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _value(text: str) -> str:
    """A field value that cannot end its entry early: LaTeX is kept (that is what BibTeX
    readers expect), but unbalanced braces are escaped and control characters dropped."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", r"\{").replace("}", r"\}")
    return text
