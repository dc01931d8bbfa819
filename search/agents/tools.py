"""What an agent can do, as plain functions over the services and selectors the pages and
the REST API use: each checks its arguments through the same forms, calls one service or
selector, and shapes the answer (shapes.py). Both MCP transports (server.py) call these.

A bad argument raises ToolError naming it as the tool names it (`query`, not the form's
`q`); the SDK hands the message to the agent as a tool result with isError set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from mcp.server.mcpserver.exceptions import ToolError

from papers.authors import parse_author_query
from papers.daily import daily_listing, parse_daily_query
from papers.library_io import bibtex_entry
from papers.models import Paper
from papers.selectors import (
    paper_by_arxiv_id,
    paper_citers,
    reading_list_bookmarks,
    user_bookmarks,
    with_links,
)
from papers.selectors import paper_references as paper_references_of
from papers.selectors import reading_list as reading_list_named
from papers.services import bookmark_remove, bookmark_save
from papers.sources.record import InvalidRecord, parse_arxiv_id
from search import pipeline
from search.agents import shapes
from search.authors.selectors import author_page, author_summary
from search.following.selectors import SavedSearch, saved_search_fields, user_saved_searches
from search.following.services import new_papers_update, saved_feed_secrets, saved_search_create
from search.params import parse_search_params
from search.recommend.selectors import for_you

T = TypeVar("T")


@dataclass(frozen=True)
class Caller:
    """Who is asking: a user (a token's, or `manage.py mcp --user`'s), or nobody, who
    may read and never write; and the site's address, for links to its pages."""

    user: AbstractBaseUser | None
    site: str


def _checked(call: Callable[[], T], names: Mapping[str, str] = {}) -> T:
    """The call's result; a ValidationError of its form or service as a ToolError naming
    each argument as the tool names it."""
    try:
        return call()
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        raise ToolError("; ".join(
            f"{names.get(field, field)}: {' '.join(messages)}" if field else " ".join(messages)
            for field, messages in fields.items()
        )) from None  # fmt: skip


def _user(caller: Caller, tool: str) -> AbstractBaseUser:
    if caller.user is None:
        raise ToolError(
            f"{tool} needs a user: connect with an API token (Authorization: Bearer <token>, "
            "from your account page), or run `manage.py mcp --user NAME`"
        )
    return caller.user


def _paper(arxiv_id: str) -> Paper:
    try:
        wanted = parse_arxiv_id(arxiv_id)
    except InvalidRecord:
        wanted = arxiv_id.strip()  # ids made from titles ('title:…') are stored as they are
    paper = paper_by_arxiv_id(wanted) if wanted else None
    if paper is None:
        raise ToolError(f"arxiv_id: paper {arxiv_id!r} not found")
    return paper


def _form_data(**values) -> dict:
    """Form parameters of the values given (None: not given), as text."""
    out = {}
    for name, value in values.items():
        if value is None or value == []:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, dt.date | int):
            value = str(value)
        out[name] = value
    return out


# --- Reading the corpus ---------------------------------------------------------------

_SEARCH_NAMES = {"q": "query", "k": "limit", "has_code": "has_code"}


def search_papers(caller: Caller, query: str, mode: str = "hybrid",
                  category: list[str] | None = None, author: str | None = None,
                  after: dt.date | None = None, before: dt.date | None = None,
                  has_code: bool | None = None, venue: str | None = None,
                  person: str | None = None, sort: str = "relevance",
                  limit: int = 10) -> shapes.SearchOut:  # fmt: skip
    data = _form_data(q=query, mode=mode, category=category, author=author, after=after,
                      before=before, has_code=has_code, venue=venue, person=person,
                      sort=sort, k=limit)  # fmt: skip
    data.setdefault("q", "")
    params = _checked(lambda: parse_search_params(data), _SEARCH_NAMES)
    result = pipeline.paper_search(params)
    return {"results": [shapes.hit_out(hit, caller.site) for hit in result.hits],
            "total": result.total, "notices": result.notices}  # fmt: skip


def get_paper(caller: Caller, arxiv_id: str) -> shapes.PaperDetailOut:
    paper = _paper(arxiv_id)
    return {**shapes.paper_out(paper, caller.site), "updated": shapes.iso(paper.updated),
            "abs_url": paper.abs_url, "pdf_url": paper.pdf_url, "upvotes": paper.upvotes,
            "bibtex": bibtex_entry(paper)}  # fmt: skip


def similar_papers(caller: Caller, arxiv_id: str, limit: int = 10) -> shapes.SimilarOut:
    similar = pipeline.similar_papers(_paper(arxiv_id), None, limit)
    return {"by": similar.by, "results": [shapes.hit_out(hit, caller.site) for hit in similar.hits]}


def author_papers(caller: Caller, name: str, order: str = "newest",
                  page: int = 1) -> shapes.AuthorOut:  # fmt: skip
    name, order, page = _checked(lambda: parse_author_query(name, {"order": order, "page": page}))
    found = author_page(name, order, page)
    if found is None:
        raise ToolError(f"name: no papers by {name!r} (page {page})")
    return {**author_summary(found, caller.site),
            "papers": [shapes.paper_out(p, caller.site) for p in found.papers]}


def reading_list(caller: Caller, owner: str, slug: str, limit: int = 50,
                 offset: int = 0) -> shapes.ReadingListOut:  # fmt: skip
    found = reading_list_named(owner, slug)
    if found is None:
        raise ToolError(f"slug: no reading list {owner}/{slug} (or it is private)")
    bookmarks = reading_list_bookmarks(found)
    shown = list(bookmarks[offset : offset + limit])
    with_links([b.paper for b in shown])
    return {"owner": owner, "tag": found.tag, "visibility": found.visibility,
            "description": found.description, "total": bookmarks.count(),
            "url": caller.site + reverse("frontend:list", args=[owner, found.slug]),
            "entries": [{"paper": shapes.paper_out(b.paper, caller.site),
                         "note": b.note if found.show_notes else None} for b in shown]}  # fmt: skip


def daily_papers(caller: Caller, date: dt.date | None = None, period: str = "day",
                 category: str | None = None, sort: str = "trending",
                 has_code: bool | None = None, limit: int = 20) -> shapes.DailyOut:  # fmt: skip
    data = _form_data(date=date, period=period, category=category, sort=sort,
                      has_code=has_code)  # fmt: skip
    listing = daily_listing(_checked(lambda: parse_daily_query(data)))
    return {"date": shapes.iso(listing.start), "end": shapes.iso(listing.end),
            "count": listing.papers.count(),
            "results": [shapes.paper_out(p, caller.site)
                        for p in with_links(listing.papers[:limit])]}  # fmt: skip


def paper_references(caller: Caller, arxiv_id: str, limit: int = 50,
                     offset: int = 0) -> shapes.ReferencesOut:  # fmt: skip
    paper = _paper(arxiv_id)
    references = paper_references_of(paper)
    return {"reference_count": paper.reference_count, "total": references.count(),
            "results": [shapes.reference_out(r, caller.site)
                        for r in references[offset : offset + limit]]}  # fmt: skip


def paper_citations(caller: Caller, arxiv_id: str, sort: str = "newest", limit: int = 20,
                    offset: int = 0) -> shapes.CitationsOut:  # fmt: skip
    paper = _paper(arxiv_id)
    citers = paper_citers(paper, ordering=sort)
    return {"citation_count": paper.citation_count, "total": citers.count(),
            "results": [shapes.paper_out(p, caller.site)
                        for p in with_links(citers[offset : offset + limit])]}  # fmt: skip


# --- A user's library ------------------------------------------------------------------


def list_library(caller: Caller, tag: str | None = None, limit: int = 50) -> shapes.LibraryOut:
    bookmarks = user_bookmarks(_user(caller, "list_library"), tag)
    return {"results": [shapes.bookmark_out(b) for b in bookmarks[:limit]],
            "total": bookmarks.count()}  # fmt: skip


def save_paper(caller: Caller, arxiv_id: str, tags: list[str] | None = None,
               note: str | None = None) -> shapes.BookmarkOut:  # fmt: skip
    user = _user(caller, "save_paper")
    bookmark, _ = _checked(lambda: bookmark_save(user, _paper(arxiv_id), note, tags))
    return shapes.bookmark_out(bookmark)


def remove_paper(caller: Caller, arxiv_id: str) -> shapes.RemovedOut:
    return {"removed": bookmark_remove(_user(caller, "remove_paper"), _paper(arxiv_id))}


def recommend_papers(caller: Caller, tag: str | None = None, days: int = 30,
                     limit: int = 20) -> shapes.RecommendationsOut:  # fmt: skip
    found = for_you(_user(caller, "recommend_papers"), tag or None, days, limit)
    return {"results": [{
        **shapes.paper_out(r.paper, caller.site), "score": round(r.score, 6),
        "because": [p.arxiv_id for p in r.because_papers], "terms": r.terms,
    } for r in found]}  # fmt: skip


# --- Saved searches --------------------------------------------------------------------


def _saved_out(caller: Caller, searches: list[SavedSearch]) -> list[shapes.SavedSearchOut]:
    counts = new_papers_update(searches)
    secrets = saved_feed_secrets(caller.user, searches)
    out = []
    for saved in searches:
        fields = saved_search_fields(saved)
        out.append({
            "id": saved.id, "name": saved.name, "query": saved.q, "mode": saved.mode,
            "category": fields["category"], "author": fields["author"],
            "after": shapes.iso(saved.after), "before": shapes.iso(saved.before),
            "alert": saved.alert, "new_count": len(counts[saved.id]),
            "url": caller.site + reverse("frontend:saved-search", args=[saved.id]),
            "feed_url": caller.site + reverse("frontend:feed-saved",
                                              args=[saved.id, secrets[saved.id]]),
        })  # fmt: skip
    return out


def list_saved_searches(caller: Caller) -> shapes.SavedSearchesOut:
    searches = list(user_saved_searches(_user(caller, "list_saved_searches")))
    return {"results": _saved_out(caller, searches)}


def save_search(caller: Caller, name: str, query: str = "", mode: str = "hybrid",
                category: list[str] | None = None, author: list[str] | None = None,
                after: dt.date | None = None, before: dt.date | None = None,
                alert: str = "none") -> shapes.SavedSearchOut:  # fmt: skip
    user = _user(caller, "save_search")
    data = {"name": name, "q": query, "mode": mode, "category": category or [],
            "author": author or [], "after": after, "before": before, "alert": alert}  # fmt: skip
    saved = _checked(lambda: saved_search_create(user, data), {"q": "query"})
    return _saved_out(caller, [saved])[0]
