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


@dataclass(frozen=True)
class Ranked:
    """A paper's place in a ranking, before its row is loaded."""

    paper_id: int
    score: float
    cosine: float | None = None  # None: the meaning side did not score it
    keyword_rank: int | None = None  # None: not among the best keyword matches


def hydrate(ranked: list[Ranked], marks: set[str],
            loaded: dict[int, Paper] | None = None) -> list[Hit]:  # fmt: skip
    """The ranked papers as hits, in order, their snippets marking these terms (`loaded`:
    papers already read, for those of them ranked here)."""
    if not ranked:
        return []
    by_id = loaded if loaded is not None else papers_by_id([r.paper_id for r in ranked])
    hits = []
    for r in ranked:
        paper = by_id.get(r.paper_id)
        if paper is None:  # deleted since the index saw it
            continue
        text = paper.abstract_text  # a snippet shows no markup: TeX in Unicode
        marked = snippet(text, marks) if marks else ""
        text_snippet = marked or html.escape(_shorten(text))
        hits.append(Hit(paper, r.score, r.cosine, r.keyword_rank, text_snippet,
                        _reason(r.cosine, r.keyword_rank)))  # fmt: skip
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
