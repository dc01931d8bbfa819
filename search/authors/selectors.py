"""An author's page, for the site, the API and MCP alike: their papers (papers.authors)
with a page of them read in full, and the map regions they publish in."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.urls import reverse

from papers.authors import AuthorPapers, author_papers
from papers.models import Paper
from papers.selectors import papers_by_id
from search.map.selectors import MapRegion, papers_regions

PAGE_SIZE = 25


@dataclass
class AuthorPage:
    author: AuthorPapers
    papers: list[Paper]  # this page's, in order
    page: int
    pages: int
    regions: list[tuple[MapRegion, int]]


def author_page(name: str, order: str = "newest", page: int = 1,
                page_size: int = PAGE_SIZE) -> AuthorPage | None:  # fmt: skip
    """None when no paper has this author (or the page is past the last)."""
    author = author_papers(name, order)
    if author is None:
        return None
    pages = max(1, math.ceil(len(author.paper_ids) / page_size))
    if page > pages:
        return None
    ids = author.paper_ids[(page - 1) * page_size : page * page_size]
    by_id = papers_by_id(ids)
    return AuthorPage(author, [by_id[i] for i in ids if i in by_id], page, pages,
                      papers_regions(author.paper_ids))  # fmt: skip


def author_summary(found: AuthorPage, site: str) -> dict:
    """An author's page for the API and MCP alike, but for its papers, which each gives
    in its own shape."""
    a = found.author
    return {
        "name": a.name, "url": site + reverse("frontend:author", args=[a.name]),
        "total": len(a.paper_ids), "page": found.page, "pages": found.pages,
        "citations": a.citations, "cited_papers": a.cited_papers,
        "spellings": [{"name": s, "papers": n} for s, n in a.spellings],
        "coauthors": [{"name": s, "papers": n} for s, n in a.coauthors],
        "years": [{"year": y, "papers": n} for y, n in a.years],
        "regions": [{"id": r.id, "label": r.label, "papers": n} for r, n in found.regions],
        "same_initials": a.same_initials, "initials_left_out": a.initials_left_out,
        "circles": [{"papers": c.papers, "coauthors": c.coauthors, "category": c.category}
                    for c in a.circles],
    }  # fmt: skip
