"""The MCP server: the tools of tools.py with their input schemas, descriptions and hints,
for both transports (http.py serves it at /mcp; `manage.py mcp` over stdio).

Arguments are checked twice, on purpose: the JSON schema states the limits to the agent
(and the SDK enforces it), then the site's own forms apply the site's rules. Either way a
bad argument is a tool result with isError set and a message that names the argument.
"""

# No `from __future__ import annotations`: the SDK reads these signatures at run time.
import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from asgiref.sync import sync_to_async
from django.db import close_old_connections
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.types import ToolAnnotations
from pydantic import Field
from pydantic import ValidationError as ArgumentsError

from papers.filters import MAX_AUTHOR_CHARS, MAX_CATEGORY_CHARS
from papers.models import MAX_NOTE_CHARS, MAX_TAG_CHARS, MAX_TAGS
from search.agents import shapes, tools
from search.agents.tools import Caller
from search.query import MAX_QUERY_CHARS
from search.recommend.selectors import DEFAULT_DAYS

INSTRUCTIONS = """\
Paperscope: semantic search over machine-learning paper abstracts from arXiv.
Find papers (search_papers, daily_papers), read one with its BibTeX and its code, model
and data links (get_paper), find related work (similar_papers), walk the citation graph
(paper_references, paper_citations), read an author's papers (author_papers) and the
reading lists people publish (reading_list), and keep a library (list_library,
save_paper, remove_paper, recommend_papers, saved searches). Papers are
named by arXiv id (2401.12345). Reading needs no account; the library tools act for the
user whose API token the connection carries."""

READ = ToolAnnotations(readOnlyHint=True, openWorldHint=False)
WRITE = ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=True,
                        openWorldHint=False)  # fmt: skip
REMOVE = ToolAnnotations(readOnlyHint=False, destructiveHint=True, idempotentHint=True,
                         openWorldHint=False)  # fmt: skip
CREATE = ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=False,
                         openWorldHint=False)  # fmt: skip

ArxivId = Annotated[str, Field(min_length=1, max_length=200,
                               description="arXiv id (2401.12345) or arxiv.org URL")]  # fmt: skip
Limit50 = Annotated[int, Field(ge=1, le=50, description="how many results (1-50)")]
Offset = Annotated[int, Field(ge=0, le=100_000, description="results to skip (paging)")]
Mode = Literal["hybrid", "semantic", "keyword"]
Categories = Annotated[
    list[Annotated[str, Field(max_length=MAX_CATEGORY_CHARS)]] | None,
    Field(description='any of these arXiv categories, e.g. ["cs.LG"]'),
]
After = Annotated[dt.date | None, Field(description="published on or after (YYYY-MM-DD)")]
Before = Annotated[dt.date | None, Field(description="published on or before (YYYY-MM-DD)")]
HasCode = Annotated[bool | None, Field(description="true: only papers that link their code")]
Tag = Annotated[str | None, Field(max_length=MAX_TAG_CHARS, description="only bookmarks with it")]


class PaperscopeMCP(MCPServer):
    """MCPServer whose argument errors read as sentences naming the argument
    ("limit must be between 1 and 50"), not as pydantic's report."""

    async def call_tool(self, name: str, arguments: dict[str, Any], context=None):
        try:
            return await super().call_tool(name, arguments, context)
        except UnexpectedToolError:
            raise  # a crash: the SDK logs it and tells the agent nothing of its insides
        except ToolError as error:
            raise ToolError(self._readable(name, error)) from None

    def _readable(self, name: str, error: ToolError) -> str:
        if isinstance(error.__cause__, ArgumentsError):
            schema = self._tool_input_schema(name) or {}
            return "; ".join(_argument_error(e, schema) for e in error.__cause__.errors())
        return str(error).removeprefix(f"Error executing tool {name}: ")


def _argument_error(error: dict, schema: dict) -> str:
    name = str(error["loc"][0]) if error["loc"] else "arguments"
    limits = schema.get("properties", {}).get(name, {})
    kind, context = error["type"], error.get("ctx", {})
    if kind == "missing":
        return f"{name} is required"
    if kind in ("less_than_equal", "greater_than_equal") and "minimum" in limits:
        return f"{name} must be between {limits['minimum']} and {limits['maximum']}"
    if kind == "literal_error":
        return f"{name} must be one of {context.get('expected')}"
    if kind in ("string_too_long", "too_long"):
        return f"{name} must be at most {context.get('max_length')} long"
    if kind in ("string_too_short", "too_short"):
        return f"{name} must not be empty"
    if kind.startswith("int_"):
        return f"{name} must be a whole number"
    if kind.startswith("date_"):
        return f"{name} must be a date (YYYY-MM-DD)"
    if kind.startswith("bool_"):
        return f"{name} must be true or false"
    return f"{name}: {error['msg']}"


def _runner(own_connections: bool) -> Callable:
    """How a tool's work runs: on a thread Django's ORM may use (sync_to_async). Under
    /mcp that is the request's own thread, with the request's connection
    (`async_to_sync` in http.py hands the work back to it); over stdio, the one thread
    asgiref keeps for such work, which opens and closes its connections as a request
    would (`own_connections`)."""

    async def run(function: Callable, caller: Caller, **arguments):
        def work():
            if own_connections:
                close_old_connections()
            try:
                return function(caller, **arguments)
            finally:
                if own_connections:
                    close_old_connections()

        return await sync_to_async(work, thread_sensitive=True)()

    return run


def build_server(caller_of: Callable[[Context], Caller], *, in_request: bool = False) -> MCPServer:
    """The server with every tool; `caller_of` says who asks (a token's user, the stdio
    command's --user, or nobody) and where the site is; `in_request`: served inside a
    Django request (http.py), whose thread and connection the tools use."""
    _run = _runner(own_connections=not in_request)
    server = PaperscopeMCP("paperscope", title="Paperscope", instructions=INSTRUCTIONS,
                           version="1")  # fmt: skip

    @server.tool(annotations=READ)
    async def search_papers(
        ctx: Context,
        query: Annotated[
            str,
            Field(
                max_length=MAX_QUERY_CHARS,
                description=(
                    'words, "a phrase", -excluded, or the syntax author:"Name" cat:cs.LG '
                    'after:2025-01-01 before:2026-01-01 has:code has:model has:data '
                    'venue:"NeurIPS 2024"; an arXiv id '
                    "finds that paper, then its nearest; a pasted abstract finds related work"
                ),
            ),
        ],
        mode: Annotated[
            Mode,
            Field(
                description="hybrid (default: meaning and keywords), "
                "semantic (meaning) or keyword (BM25)"
            ),
        ] = "hybrid",
        category: Categories = None,
        author: Annotated[
            str | None, Field(max_length=MAX_AUTHOR_CHARS, description="part of an author's name")
        ] = None,
        after: After = None,
        before: Before = None,
        has_code: HasCode = None,
        venue: Annotated[str | None, Field(max_length=100, description=(
            'accepted or published at this venue: "NeurIPS", "ICLR 2025"'))] = None,
        person: Annotated[str | None, Field(max_length=MAX_AUTHOR_CHARS, description=(
            "one author's papers, the name read as a person (as author_papers reads it)"))
        ] = None,
        sort: Annotated[
            Literal["relevance", "newest", "citations"],
            Field(
                description="relevance (default), or the best matches newest first or "
                "most cited first"
            ),
        ] = "relevance",
        limit: Limit50 = 10,
    ) -> shapes.SearchOut:
        """Search the papers as the site's search does (same ranking, same filters).
        Results best first, each with its score and why it ranked; `total` counts the
        results found (ranked at most 100 deep). Read-only."""
        return await _run(tools.search_papers, caller_of(ctx), query=query, mode=mode,
                    category=category, author=author, after=after, before=before,
                    has_code=has_code, venue=venue, person=person, sort=sort,
                    limit=limit)  # fmt: skip

    @server.tool(annotations=READ)
    async def get_paper(ctx: Context, arxiv_id: ArxivId) -> shapes.PaperDetailOut:
        """One paper: title, authors, abstract, dates, arXiv and PDF links, its code,
        model, data and project links (`links`), and a BibTeX entry. An unknown id is an
        error saying "not found". Read-only."""
        return await _run(tools.get_paper, caller_of(ctx), arxiv_id=arxiv_id)

    @server.tool(annotations=READ)
    async def similar_papers(
        ctx: Context, arxiv_id: ArxivId, limit: Limit50 = 10
    ) -> shapes.SimilarOut:
        """Papers nearest in meaning to this one (its abstract's embedding), the paper
        itself left out: "more like this". While the paper awaits its embedding, the
        papers sharing its most distinctive words instead (`by` says which). Read-only."""
        return await _run(tools.similar_papers, caller_of(ctx), arxiv_id=arxiv_id, limit=limit)

    @server.tool(annotations=READ)
    async def author_papers(
        ctx: Context,
        name: Annotated[str, Field(min_length=1, max_length=200, description=(
            'an author as written on papers: "Yoshua Bengio", "Bengio, Yoshua" or '
            '"Y. Bengio" alike'))],
        order: Literal["newest", "cited"] = "newest",
        page: Annotated[int, Field(ge=1, le=10_000, description="25 papers a page")] = 1,
    ) -> shapes.AuthorOut:
        """One author's papers (newest or most cited first), their co-authors, papers per
        year, citations and map regions. Names are read as people: order, case, accents,
        "Jr." and initials fold together, another first name is another person. Where
        the name may be more than one person, `same_initials`, `initials_left_out` and
        `circles` say so. Read-only."""
        return await _run(tools.author_papers, caller_of(ctx), name=name, order=order,
                          page=page)  # fmt: skip

    @server.tool(annotations=READ)
    async def reading_list(
        ctx: Context,
        owner: Annotated[str, Field(min_length=1, max_length=150, description="its owner's "
                                    "user name, as in /lists/<owner>/<slug>/")],
        slug: Annotated[str, Field(min_length=1, max_length=60, description="the list's "
                                   "slug, as in its URL")],
        limit: Limit50 = 50,
        offset: Offset = 0,
    ) -> shapes.ReadingListOut:
        """A reading list someone published (public, or unlisted: its link is the key):
        its papers, newest bookmark first, with the notes its owner chose to show. Page
        with `offset`. A private or revoked list is an error. Read-only."""
        return await _run(tools.reading_list, caller_of(ctx), owner=owner, slug=slug,
                          limit=limit, offset=offset)  # fmt: skip

    @server.tool(annotations=READ)
    async def paper_references(
        ctx: Context, arxiv_id: ArxivId, limit: Limit50 = 50, offset: Offset = 0
    ) -> shapes.ReferencesOut:
        """What a paper cites (from Semantic Scholar), in its reference list's order: each
        work's title, year, arXiv id and DOI; `held` ones are on this site (`url` is their
        page here). Page with `offset`. Empty until the citations are harvested. Read-only."""
        return await _run(tools.paper_references, caller_of(ctx), arxiv_id=arxiv_id,
                          limit=limit, offset=offset)  # fmt: skip

    @server.tool(annotations=READ)
    async def paper_citations(
        ctx: Context,
        arxiv_id: ArxivId,
        sort: Annotated[
            Literal["newest", "citations"],
            Field(description="newest first (default) or most cited first"),
        ] = "newest",
        limit: Limit50 = 20,
        offset: Offset = 0,
    ) -> shapes.CitationsOut:
        """The papers on this site that cite this one; `citation_count` is the worldwide
        count (Semantic Scholar), `total` those held here. Page with `offset`. Read-only."""
        return await _run(tools.paper_citations, caller_of(ctx), arxiv_id=arxiv_id, sort=sort,
                          limit=limit, offset=offset)  # fmt: skip

    @server.tool(annotations=READ)
    async def daily_papers(
        ctx: Context,
        date: Annotated[
            dt.date | None,
            Field(description="a day (YYYY-MM-DD); default: the latest day with papers"),
        ] = None,
        category: Annotated[
            str | None,
            Field(description="one of cs.LG, cs.CL, cs.CV, cs.AI, stat.ML, cs.IR, cs.RO, cs.NE"),
        ] = None,
        sort: Annotated[
            Literal["trending", "newest", "citations"],
            Field(
                description="trending (default: Hugging Face upvotes decayed by age), "
                "newest, or citations (most cited first)"
            ),
        ] = "trending",
        period: Annotated[
            Literal["day", "week", "month"],
            Field(description="the day (default), its week (from Monday) or its month"),
        ] = "day",
        has_code: HasCode = None,
        limit: Limit50 = 20,
    ) -> shapes.DailyOut:
        """The daily listing: papers first published on a day (or in its week or month),
        as the site's daily page lists them. `count` is the period's whole count.
        Read-only."""
        return await _run(tools.daily_papers, caller_of(ctx), date=date, period=period,
                    category=category, sort=sort, has_code=has_code, limit=limit)  # fmt: skip

    @server.tool(annotations=READ)
    async def list_library(
        ctx: Context,
        tag: Tag = None,
        limit: Annotated[int, Field(ge=1, le=200, description="how many (1-200)")] = 50,
    ) -> shapes.LibraryOut:
        """The user's bookmarked papers, newest bookmark first, with tags and notes.
        Needs an API token. Read-only."""
        return await _run(tools.list_library, caller_of(ctx), tag=tag, limit=limit)

    @server.tool(annotations=WRITE)
    async def save_paper(
        ctx: Context,
        arxiv_id: ArxivId,
        tags: Annotated[
            list[Annotated[str, Field(max_length=MAX_TAG_CHARS)]] | None,
            Field(
                max_length=MAX_TAGS,
                description=f"at most {MAX_TAGS}, lower-cased; given, they "
                "replace the bookmark's tags; left out, the tags stay",
            ),
        ] = None,
        note: Annotated[
            str | None,
            Field(
                max_length=MAX_NOTE_CHARS,
                description=("a private note; given, it replaces the bookmark's note"),
            ),
        ] = None,
    ) -> shapes.BookmarkOut:
        """Bookmark a paper in the user's library, or change the tags or note of one
        already there (the site's rules apply). Needs an API token. Saving the same
        again changes nothing."""
        return await _run(tools.save_paper, caller_of(ctx), arxiv_id=arxiv_id, tags=tags, note=note)

    @server.tool(annotations=REMOVE)
    async def remove_paper(ctx: Context, arxiv_id: ArxivId) -> shapes.RemovedOut:
        """Remove a paper from the user's library, its tags and note with it. `removed`
        is false when it was not there. Needs an API token."""
        return await _run(tools.remove_paper, caller_of(ctx), arxiv_id=arxiv_id)

    @server.tool(annotations=READ)
    async def recommend_papers(
        ctx: Context,
        tag: Tag = None,
        days: Annotated[
            int,
            Field(
                ge=1, le=365, description=(f"how recent, in days (1-365, default {DEFAULT_DAYS})")
            ),
        ] = DEFAULT_DAYS,
        limit: Limit50 = 20,
    ) -> shapes.RecommendationsOut:
        """Recent papers the user's library suggests ("For you"), each with `because`:
        the library papers it is closest to. Bookmarked and dismissed papers never
        appear. Needs an API token. Read-only."""
        return await _run(tools.recommend_papers, caller_of(ctx), tag=tag, days=days, limit=limit)

    @server.tool(annotations=READ)
    async def list_saved_searches(ctx: Context) -> shapes.SavedSearchesOut:
        """The user's saved searches, each with how many papers are new since the user
        last looked (`new_count`) and its private Atom feed (`feed_url`). Needs an API
        token. Read-only."""
        return await _run(tools.list_saved_searches, caller_of(ctx))

    @server.tool(annotations=CREATE)
    async def save_search(
        ctx: Context,
        name: Annotated[str, Field(min_length=1, max_length=200, description="a name for it")],
        query: Annotated[
            str, Field(max_length=MAX_QUERY_CHARS, description="as search_papers takes it")
        ] = "",
        mode: Mode = "hybrid",
        category: Categories = None,
        author: Annotated[
            list[Annotated[str, Field(max_length=MAX_AUTHOR_CHARS)]] | None,
            Field(description="parts of authors' names, each needed"),
        ] = None,
        after: After = None,
        before: Before = None,
        alert: Annotated[
            Literal["none", "daily", "weekly"],
            Field(description="none (default), or mail the new papers daily or weekly"),
        ] = "none",
    ) -> shapes.SavedSearchOut:
        """Save a search to follow: the site then counts its new papers, serves its
        private feed and, with `alert`, mails them. A query the search would reject is
        rejected here too. Needs an API token; at most 50 saved searches."""
        return await _run(tools.save_search, caller_of(ctx), name=name, query=query, mode=mode,
                    category=category, author=author, after=after, before=before,
                    alert=alert)  # fmt: skip

    return server
