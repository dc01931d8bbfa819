"""What the MCP tools return: typed dictionaries (their JSON schemas are the tools' output
schemas) and the conversions from our models. No logic: the services decided everything."""

from __future__ import annotations

from django.urls import reverse
from typing_extensions import TypedDict  # pydantic reads TypedDicts from here before 3.12

from papers.models import Bookmark, Citation, Paper, PaperLink
from search.hits import Hit


class LinkOut(TypedDict):
    kind: str  # code, model, data, demo or project
    url: str
    stars: int | None  # GitHub stars, when known
    pushed_at: str | None  # the repository's last push, when known


class PaperOut(TypedDict):
    arxiv_id: str
    title: str  # as written, TeX and all
    title_text: str  # plain text: TeX math in Unicode ("$L_2$" as "L₂")
    authors: list[str]
    published: str | None  # YYYY-MM-DD
    categories: list[str]
    abstract: str
    abstract_text: str
    venue: str  # where accepted or published: "Accepted at NeurIPS 2024"; "" not known
    url: str  # the paper's page on this site
    links: list[LinkOut]
    citation_count: int | None  # cited by, worldwide (Semantic Scholar); None: not known


class HitOut(PaperOut):
    score: float
    reason: str  # why it ranked: which side found it, and how well


class SearchOut(TypedDict):
    results: list[HitOut]
    total: int  # results found, ranked at most 100 deep
    notices: list[str]  # what the search changed or could not do


class PaperDetailOut(PaperOut):
    updated: str | None
    abs_url: str
    pdf_url: str
    upvotes: int | None
    bibtex: str


class SimilarOut(TypedDict):
    by: str  # "meaning" (its vector's neighbours), or "words" while it has no vector yet
    results: list[HitOut]


class DailyOut(TypedDict):
    date: str | None  # the day listed (the first of the week or month); None: no papers
    end: str | None
    count: int  # papers in the period
    results: list[PaperOut]


class ReferenceOut(TypedDict):
    position: int  # in the paper's reference list, from 0
    title: str
    year: int | None
    arxiv_id: str  # "" when the work has none
    doi: str  # "" when the work has none
    held: bool  # whether the paper is on this site (then `url` is its page here)
    url: str  # its page here, else its arXiv or DOI page ("" when it has neither)
    citation_count: int | None  # when held here and known


class ReferencesOut(TypedDict):
    reference_count: int | None  # Semantic Scholar's count; None: not harvested yet
    total: int  # references stored
    results: list[ReferenceOut]


class CitationsOut(TypedDict):
    citation_count: int | None  # cited by, worldwide; None: not harvested yet
    total: int  # citing papers held here
    results: list[PaperOut]


class BookmarkOut(TypedDict):
    arxiv_id: str
    title: str
    tags: list[str]
    note: str
    saved_at: str  # ISO 8601


class LibraryOut(TypedDict):
    results: list[BookmarkOut]
    total: int  # bookmarks (with the tag, when one is given)


class RemovedOut(TypedDict):
    removed: bool  # False: the paper was not in the library


class RecommendationOut(PaperOut):
    score: float
    because: list[str]  # arXiv ids of the library papers it is closest to
    terms: list[str]  # words it shares with them (stemmed)


class RecommendationsOut(TypedDict):
    results: list[RecommendationOut]


class CountOut(TypedDict):
    name: str
    papers: int


class CircleOut(TypedDict):
    papers: int
    coauthors: list[str]
    category: str


class AuthorOut(TypedDict):
    name: str  # as most often written, "First Last"
    url: str  # the author's page here
    total: int  # papers counted as theirs
    page: int
    pages: int
    citations: int  # summed where Semantic Scholar's counts were harvested
    cited_papers: int
    spellings: list[CountOut]  # how the name is written, most used first
    coauthors: list[CountOut]
    years: list[dict]  # {"year": 2024, "papers": 3}, oldest first
    regions: list[dict]  # {"id", "label", "papers"}: where on the map, most first
    # Doubts, said rather than guessed: other full names the initials may stand for, the
    # initials-only papers not counted for that reason, co-author circles in other fields.
    same_initials: list[str]
    initials_left_out: int
    circles: list[CircleOut]
    papers: list[PaperOut]  # this page's


class ListEntryOut(TypedDict):
    paper: PaperOut
    note: str | None  # the owner's note, where the owner shows notes


class ReadingListOut(TypedDict):
    owner: str
    tag: str
    visibility: str  # unlisted (by link) or public
    description: str
    url: str
    total: int
    entries: list[ListEntryOut]


class SavedSearchOut(TypedDict):
    id: int
    name: str
    query: str
    mode: str
    category: list[str]
    author: list[str]
    after: str | None
    before: str | None
    alert: str  # none, daily or weekly
    new_count: int  # papers new since the user last looked (at most 1,000)
    url: str  # the saved search's page
    feed_url: str  # its private Atom feed (a secret URL)


class SavedSearchesOut(TypedDict):
    results: list[SavedSearchOut]


def iso(value) -> str | None:
    """A date or datetime as ISO 8601 (None stays None)."""
    return value.isoformat() if value else None


def paper_out(paper: Paper, site: str) -> PaperOut:
    return {
        "arxiv_id": paper.arxiv_id, "title": paper.title, "title_text": paper.title_text,
        "authors": list(paper.authors), "published": iso(paper.published),
        "categories": list(paper.categories), "abstract": paper.abstract,
        "abstract_text": paper.abstract_text, "venue": paper.venue_badge,
        "url": site + reverse("frontend:paper", args=[paper.arxiv_id]),
        "links": [link_out(link) for link in paper.links.all()],
        "citation_count": paper.citation_count,
    }  # fmt: skip


def reference_out(citation: Citation, site: str) -> ReferenceOut:
    cited = citation.cited
    if cited:
        url = site + reverse("frontend:paper", args=[cited.arxiv_id])
    elif citation.arxiv_id:
        url = f"https://arxiv.org/abs/{citation.arxiv_id}"
    else:
        url = f"https://doi.org/{citation.doi}" if citation.doi else ""
    return {"position": citation.position, "title": cited.title if cited else citation.title,
            "year": citation.year, "arxiv_id": citation.arxiv_id, "doi": citation.doi,
            "held": cited is not None, "url": url,
            "citation_count": cited.citation_count if cited else None}  # fmt: skip


def link_out(link: PaperLink) -> LinkOut:
    repository = link.repository
    return {"kind": link.kind, "url": link.url,
            "stars": repository.stars if repository else None,
            "pushed_at": iso(repository.pushed_at) if repository else None}  # fmt: skip


def hit_out(hit: Hit, site: str) -> HitOut:
    return {**paper_out(hit.paper, site), "score": round(hit.score, 6), "reason": hit.reason}


def bookmark_out(bookmark: Bookmark) -> BookmarkOut:
    return {"arxiv_id": bookmark.paper.arxiv_id, "title": bookmark.paper.title,
            "tags": list(bookmark.tags), "note": bookmark.note,
            "saved_at": bookmark.created.isoformat()}  # fmt: skip
