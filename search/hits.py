"""Hydrating ranked ids into results: papers from PostgreSQL, snippets, why each matched."""

from __future__ import annotations

import html
from dataclasses import dataclass

from papers.models import Paper
from papers.selectors import papers_by_id
from search.snippets import snippet


@dataclass
class Hit:
    paper: Paper
    score: float
    semantic_similarity: float | None = None
    keyword_rank: int | None = None  # 1 = the best keyword match passing the filters
    snippet: str = ""  # HTML-safe; <mark> is the only markup
    reason: str = ""


# Each ranked entry: (paper id, score, cosine or None, keyword rank or None).
Ranked = list[tuple[int, float, float | None, int | None]]


def hydrate(ranked: Ranked, marks: set[str]) -> list[Hit]:
    """The ranked papers as hits, in order, their snippets marking these terms."""
    if not ranked:
        return []
    by_id = papers_by_id([r[0] for r in ranked])
    hits = []
    for pid, score, similarity, rank in ranked:
        paper = by_id.get(pid)
        if paper is None:  # deleted since the index saw it
            continue
        marked = snippet(paper.abstract, marks) if marks else ""
        text_snippet = marked or html.escape(_shorten(paper.abstract))
        hits.append(Hit(paper, score, similarity, rank, text_snippet, _reason(similarity, rank)))
    return hits


def _shorten(text: str, words: int = 40) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _reason(similarity: float | None, rank: int | None) -> str:
    reasons = []
    if similarity is not None:
        reasons.append(f"meaning similarity {similarity:.2f}")
    if rank is not None:
        reasons.append(f"keyword match #{rank}")
    return "; ".join(reasons)
