"""Every read of papers, bookmarks and accounts that pages, the API and management
commands share. Writes live in services.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TypeVar

import psycopg
from django.contrib.auth.models import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import (
    Count,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from papers import encoder
from papers.embeddings import EmbeddingStatus, vector_coverage
from papers.filters import Filters
from papers.marks import Arranged, arrange
from papers.models import (
    Bookmark,
    Citation,
    CorpusEpoch,
    Embedding,
    HarvestRun,
    LinkKind,
    Paper,
    PaperLink,
    PaperMark,
    ReadingList,
    Repository,
)
from papers.workers import workers_seen

# A harvest begun this long ago and never finished was killed (harvest_under_way).
HARVEST_STALE = dt.timedelta(hours=6)

# Sort keys that are never NULL, so keyset (cursor) pagination stays exact and undated
# or never-upvoted papers come last in either direction. newest_key is the paper_newest
# index's expression, so "newest first" scans that index and stops early.
PAPER_SORT_KEYS = {
    "newest_key": Coalesce("published", Value(dt.date.min)),
    "oldest_key": Coalesce("published", Value(dt.date.max)),
    "upvotes_key": Coalesce("upvotes", Value(-1)),
    # The paper_most_cited index's expression; papers never counted come last.
    "citations_key": Coalesce("citation_count", Value(-1)),
}
PAPER_ORDERINGS = {
    "newest": ("-newest_key", "-id"),
    "oldest": ("oldest_key", "id"),
    "upvotes": ("-upvotes_key", "-id"),
    "citations": ("-citations_key", "-id"),
}


def papers() -> QuerySet[Paper]:
    return Paper.objects.all()


_PAPER_FIELDS = Paper._meta.concrete_fields
# A paper's links with their repositories' figures, what every card and the API show,
# in one JSON array per paper: [[kind, url, stars, pushed_at, archived], ...].
_LINKS_JSON = (
    "SELECT json_agg(json_build_array(l.kind, l.url, r.stars, r.pushed_at, r.archived) "
    f"ORDER BY l.position) FROM {PaperLink._meta.db_table} l "
    f"LEFT JOIN {Repository._meta.db_table} r ON r.id = l.repository_id "
    "WHERE l.paper_id = {paper}.id"
)
# Only a paper whose row says it has links (one in ten) looks for them.
_PAPERS_BY_ID_SQL = (
    f"SELECT {', '.join('p.' + f.column for f in _PAPER_FIELDS)}, "
    f"CASE WHEN cardinality(p.link_kinds) > 0 THEN ({_LINKS_JSON.format(paper='p')}) END "
    f"FROM {Paper._meta.db_table} p WHERE p.id = ANY(%s)"
)


def papers_by_id(ids: list[int]) -> dict[int, Paper]:
    """{id: paper} of these papers, their links read: a page of search results, which
    every search pays for. One round trip (rows and links together) and `Model.from_db`:
    the ORM's `in_bulk` and prefetch took four times as long (~2 ms a page), a query
    for the rows and one for the links twice as long."""
    names = [f.attname for f in _PAPER_FIELDS]
    found, none = {}, _prefetched([])
    rows = binary_rows(_PAPERS_BY_ID_SQL, [list(ids)])
    for *row, links in rows:
        paper = Paper.from_db(connection.alias, names, row)
        paper._prefetched_objects_cache = {"links": _prefetched(_links(paper.id, links))
                                           if links else none}  # fmt: skip
        found[paper.id] = paper
    return found


def binary_rows(sql: str, params: list, alias: str = DEFAULT_DB_ALIAS,
                first: tuple[str, list] | None = None) -> list[tuple]:  # fmt: skip
    """The rows of one read bound on the server (prepared once the connection has run it
    a few times: config/env.py) and returned in binary, on Django's own connection `alias`
    (its transaction, its errors); `first`, a statement run before it in the same round
    trip (a pipeline). Django's client-side cursor sends the text of every value, parses
    text back and has every query planned anew: a page of 20 papers took 1.0 ms that way
    against 0.6 ms. Not logged as Django's cursor logs its queries."""
    db = connections[alias]
    with db.wrap_database_errors:
        db.ensure_connection()
        with (db.connection.pipeline() if first else nullcontext(),
              psycopg.Cursor(db.connection) as cursor):  # fmt: skip
            if first:
                cursor.execute(*first)
            cursor.execute(sql, params, binary=True)
            return cursor.fetchall()


def _links(paper_id: int, rows: list[list]) -> list[PaperLink]:
    """Read-only copies for display: each link with its repository's figures, or none."""
    links = []
    for kind, url, stars, pushed_at, archived in rows:
        link = PaperLink(paper_id=paper_id, kind=kind, url=url)
        link.repository = (
            Repository(stars=stars, archived=archived,
                       pushed_at=dt.datetime.fromisoformat(pushed_at) if pushed_at else None)
            if stars is not None or pushed_at else None
        )  # fmt: skip
        links.append(link)
    return links


# The same links for querysets others evaluate (the API's cursor pages, bookmarks with
# their papers): LINKS as a prefetch; `with_links` for rows already read (listing pages).
LINKS = Prefetch("links", queryset=PaperLink.objects.select_related("repository"))


def with_links(listed: Iterable[Paper]) -> list[Paper]:
    """The papers, each with its links read, as a prefetch of LINKS leaves them: in one
    plain query, and only for those whose row says they have some (one in ten). Django's
    prefetch took 2 ms a search page, more than the rest of hydration."""
    listed = list(listed)
    wanted = [paper.id for paper in listed if paper.link_kinds]
    found: dict[int, list] = {}
    if wanted:
        rows = binary_rows(
            f"SELECT p.id, ({_LINKS_JSON.format(paper='p')}) "
            f"FROM {Paper._meta.db_table} p WHERE p.id = ANY(%s)",
            [wanted],
        )
        found = {paper_id: links for paper_id, links in rows if links}
    # As Django's own prefetch fills it. One empty set for all the papers without links
    # (nine in ten; read-only, as a prefetch is): a queryset each cost 40 µs a paper.
    none = _prefetched([])
    for paper in listed:
        links = _prefetched(_links(paper.id, found[paper.id])) if paper.id in found else none
        paper._prefetched_objects_cache = {"links": links}
    return listed


def _prefetched(links: list[PaperLink]) -> QuerySet[PaperLink]:
    queryset = PaperLink.objects.none()
    queryset._result_cache = links
    return queryset


def paper_by_arxiv_id(arxiv_id: str) -> Paper | None:
    paper = papers().filter(arxiv_id=arxiv_id).first()
    return with_links([paper])[0] if paper else None


def paper_count() -> int:
    return Paper.objects.count()


def paper_ids_by_arxiv_id(arxiv_ids: list[str] | None = None) -> dict[str, int]:
    """{arXiv id: row id} of these papers (of every paper when None), in row-id order."""
    rows = Paper.objects.order_by("id")
    if arxiv_ids is not None:
        rows = rows.filter(arxiv_id__in=arxiv_ids)
    return dict(rows.values_list("arxiv_id", "id"))


def paper_list(filters: Filters | None = None, ordering: str | None = "newest") -> QuerySet[Paper]:
    """Papers passing the filters, in one of PAPER_ORDERINGS (None: left to the caller,
    as cursor pagination orders by the same keys itself)."""
    listing = (filters or Filters()).apply(papers().annotate(**PAPER_SORT_KEYS))
    if ordering is None:
        return listing
    return listing.order_by(*(_order(key) for key in PAPER_ORDERINGS[ordering]))


def venue_years(venue: str | None = None) -> list[tuple[str, int | None, int]]:
    """(venue, year, papers) of every venue and year papers are known at (or one venue's),
    by venue then newest year first."""
    rows = Paper.objects.exclude(venue="")
    if venue is not None:
        rows = rows.filter(venue=venue)
    rows = rows.order_by().values_list("venue", "venue_year").annotate(n=Count("id"))
    return sorted(rows, key=lambda r: (r[0].casefold(), -(r[1] or 0)))


def corpus_version() -> tuple[int | None, dt.datetime | None]:
    """Changes whenever a paper is added or changed: the highest id and the latest
    modification, two walks to the end of an index."""
    found = Paper.objects.aggregate(last=Max("id"), modified=Max("modified"))
    return found["last"], found["modified"]


def listing_version() -> tuple[int | None, dt.datetime | None, dt.datetime | None]:
    """corpus_version, and also changes when a citation harvest stores counts (which
    leave `modified` alone): three walks to the end of an index, one query. For listings
    whose cards show "Cited by"; the search trend keys on corpus_version, as counts do
    not move it."""
    found = Paper.objects.aggregate(last=Max("id"), modified=Max("modified"),
                                    counted=Max("citations_checked"))  # fmt: skip
    return found["last"], found["modified"], found["counted"]


def harvest_under_way() -> dt.datetime | None:
    """When the harvest under way began, if one is (one begun over HARVEST_STALE ago and
    never finished was killed: it no longer counts)."""
    since = timezone.now() - HARVEST_STALE
    return (HarvestRun.objects.filter(status=HarvestRun.Status.RUNNING, started__gte=since)
            .order_by("started").values_list("started", flat=True).first())  # fmt: skip


def newest_vector() -> dt.datetime | None:
    """When the active model's latest vector was written (an index walk)."""
    vectors = Embedding.objects.filter(model_name=encoder.model_name())
    return vectors.aggregate(newest=Max("created"))["newest"]


def _order(key: str):
    return F(key[1:]).desc() if key.startswith("-") else F(key).asc()


@dataclass(frozen=True)
class CorpusSummary:
    first: dt.date | None
    last: dt.date | None
    categories: list[tuple[str, int]]  # the most common, with their paper counts


def corpus_summary(top_categories: int = 20) -> CorpusSummary:
    dates = Paper.objects.aggregate(first=Min("published"), last=Max("published"))
    rows = (
        Paper.objects.annotate(category=Func("categories", function="unnest"))
        .values("category")
        .annotate(count=Count("id"))
        .order_by("-count")[:top_categories]
    )
    return CorpusSummary(
        dates["first"], dates["last"], [(row["category"], row["count"]) for row in rows]
    )


def last_harvests(private: bool = True) -> list[HarvestRun]:
    """The latest run of each harvest source, most recent first. Without `private`, a
    failed run's error text (a host, a path, a provider's message) is left out."""
    runs = HarvestRun.objects.order_by("source", "-started").distinct("source")
    runs = sorted(runs, key=lambda run: run.started, reverse=True)
    for run in runs if not private else ():
        run.error = ""  # these instances are for reading only, never saved
    return runs


@dataclass(frozen=True)
class CorpusStatus:
    embedding: EmbeddingStatus
    workers: int  # workers that answered a ping
    worker_names: list[str] | None  # their host names, for staff only
    harvests: list[HarvestRun]


def embedding_progress() -> EmbeddingStatus:
    """Papers and how many have a vector, as of a few seconds ago (`vector_coverage`):
    cheap enough for every page view. `embeddings.embedding_status` is the exact count
    (stale vectors too), which hashes every paper's text."""
    coverage = vector_coverage()
    current = encoder.described()
    return EmbeddingStatus(coverage.papers, coverage.embedded, current.model_name,
                           current.device, current.dtype)  # fmt: skip


def corpus_status(private: bool) -> CorpusStatus:
    """What the stats API and the about page show, cheaply, and no host names or error
    texts unless `private` (staff)."""
    names = workers_seen(wait=False)
    return CorpusStatus(
        embedding=embedding_progress(),
        workers=len(names),
        worker_names=names if private else None,
        harvests=last_harvests(private),
    )


# --- Bookmarks ----------------------------------------------------------------------


def user_bookmarks(user: AbstractBaseUser, tag: str | None = None) -> QuerySet[Bookmark]:
    """The user's bookmarks, newest first, with their papers."""
    bookmarks = (
        Bookmark.objects.filter(user=user)
        .select_related("paper")
        .prefetch_related(Prefetch("paper__links", LINKS.queryset))
        .order_by("-created", "-id")
    )
    return bookmarks.filter(tags__contains=[tag.strip().lower()]) if tag else bookmarks


def user_bookmark(user: AbstractBaseUser, arxiv_id: str) -> Bookmark | None:
    """The user's bookmark of this paper, if any (None for anonymous users)."""
    if not user.is_authenticated:
        return None
    return user_bookmarks(user).filter(paper__arxiv_id=arxiv_id).first()


def user_bookmark_count(user: AbstractBaseUser) -> int:
    return Bookmark.objects.filter(user=user).count()


def user_tags(user: AbstractBaseUser) -> list[tuple[str, int]]:
    """Each tag the user has used, with how many bookmarks carry it, most used first."""
    rows = (
        Bookmark.objects.filter(user=user)
        .annotate(tag=Func("tags", function="unnest"))
        .values("tag")
        .annotate(count=Count("id"))
        .order_by("-count", "tag")
    )
    return [(row["tag"], row["count"]) for row in rows]


def bookmarked_ids(user: AbstractBaseUser, papers: list[Paper]) -> set[int]:
    """Which of these papers the user has bookmarked (for toggles on result lists)."""
    if not user.is_authenticated or not papers:
        return set()
    return set(
        Bookmark.objects.filter(user=user, paper__in=papers).values_list("paper_id", flat=True)
    )


T = TypeVar("T")


def arranged(user: AbstractBaseUser, items: Iterable[T], paper_id: Callable[[T], int],
             show_done: bool = False) -> Arranged[T]:  # fmt: skip
    """Suggestions as the user's marks arrange them (papers/marks.py): one read of the
    marks, for For you and a saved search's page alike."""
    items = list(items)
    marks = {}
    if user.is_authenticated and items:
        found = PaperMark.objects.filter(user=user, paper_id__in=[paper_id(i) for i in items])
        marks = {m.paper_id: m for m in found}
    return arrange(items, paper_id, marks, show_done)


# --- Reading lists ------------------------------------------------------------------


def reading_list(username: str, slug: str) -> ReadingList | None:
    """A published list by its owner's name and its slug (unlisted ones too: the link is
    the key); None when there is none, or it was revoked."""
    return (ReadingList.objects.select_related("user")
            .filter(user__username=username, slug=slug).first())  # fmt: skip


def reading_list_bookmarks(found: ReadingList) -> QuerySet[Bookmark]:
    """The list's bookmarks (its owner's, under its tag), newest first, with papers."""
    return user_bookmarks(found.user, found.tag)


def public_lists() -> QuerySet[ReadingList]:
    return (ReadingList.objects.filter(visibility=ReadingList.Visibility.PUBLIC)
            .select_related("user").order_by("-updated", "id"))  # fmt: skip


def user_reading_lists(user: AbstractBaseUser) -> dict[str, ReadingList]:
    """{tag: its list} of the user's published tags."""
    return {found.tag: found for found in ReadingList.objects.filter(user=user)}


# --- Accounts -----------------------------------------------------------------------


def user_api_token(user: AbstractBaseUser) -> Token | None:
    return Token.objects.filter(user=user).first()


@dataclass(frozen=True)
class ArrivedPaper:
    """A paper as the new-paper rule reads it."""

    id: int
    created: dt.datetime
    embedded: dt.datetime | None  # when its vector of the active model was written
    title: str
    abstract: str
    categories: list[str]
    authors: list[str]
    published: dt.date | None
    link_kinds: list[str]
    venue: str
    venue_year: int | None


def papers_arrived(since: dt.datetime, late: dt.timedelta, limit: int) -> list[ArrivedPaper]:
    """Papers that entered the corpus after `since`, or entered up to `late` before it and
    gained their vector after it; the newest arrival (or vector) first, `limit` at most."""
    rows = (
        _arrived(since, late)
        .order_by(Greatest("created", Coalesce("embedded", "created")).desc(), "-id")
        .values_list("id", "created", "embedded", "title", "abstract", "categories",
                     "authors", "published", "link_kinds", "venue", "venue_year")[:limit]
    )  # fmt: skip
    return [ArrivedPaper(*row) for row in rows]


def arrived_count(since: dt.datetime, late: dt.timedelta, at_most: int) -> int:
    """How many papers papers_arrived would give, counted up to `at_most` + 1."""
    return _arrived(since, late).values("id")[: at_most + 1].count()


def _arrived(since: dt.datetime, late: dt.timedelta) -> QuerySet[Paper]:
    embedded = (Embedding.objects.filter(paper=OuterRef("pk"), model_name=encoder.model_name())
                .values("created")[:1])  # fmt: skip
    return (Paper.objects.filter(created__gt=since - late).annotate(embedded=Subquery(embedded))
            .filter(Q(created__gt=since) | Q(embedded__gt=since)))  # fmt: skip


def paper_texts(paper_ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, title, abstract) of these papers."""
    return list(Paper.objects.filter(id__in=paper_ids).values_list("id", "title", "abstract"))


def published_span() -> tuple[dt.date | None, dt.date | None]:
    """The first and last publication dates in the corpus."""
    span = Paper.objects.aggregate(first=Min("published"), last=Max("published"))
    return span["first"], span["last"]


def published_of(filters: Filters) -> dict[int, dt.date | None]:
    """{paper id: published date or None} of every paper that passes the filters."""
    return dict(filters.apply(Paper.objects.all()).values_list("id", "published"))


def papers_passing(paper_ids: list[int], filters: Filters) -> list[int]:
    """Those of these papers that pass the filters."""
    found = filters.apply(Paper.objects.filter(id__in=paper_ids))
    return list(found.values_list("id", flat=True))


@dataclass
class IdBatches:
    """Every paper's id, `size` at a time in id order (a walk of the primary key)."""

    size: int
    total: int

    def __iter__(self) -> Iterator[list[int]]:
        last = 0
        while ids := list(Paper.objects.filter(id__gt=last).order_by("id")
                          .values_list("id", flat=True)[:self.size]):  # fmt: skip
            yield ids
            last = ids[-1]


def paper_id_batches(size: int) -> IdBatches:
    return IdBatches(size, Paper.objects.count())


def link_counts() -> dict[str, int]:
    """Papers in all, and papers with each kind of link."""
    counts = {"papers": Paper.objects.count()}
    for kind in LinkKind.values:
        counts[kind] = Paper.objects.filter(link_kinds__contains=[kind]).count()
    return counts


def repositories_due(age: dt.timedelta, limit: int | None = None) -> list[Repository]:
    """Repositories never asked about, then those asked longest ago (before `age` ago)."""
    due = Repository.objects.filter(
        Q(checked_at__isnull=True) | Q(checked_at__lt=timezone.now() - age)
    ).order_by(F("checked_at").asc(nulls_first=True), "id")
    return list(due[:limit] if limit else due)


def papers_due_for_citations(after_id: int, started: dt.datetime, *, since: dt.date | None,
                             refresh: bool, unknown_since: dt.date,
                             limit: int) -> list[tuple[int, str]]:  # fmt: skip
    """(id, arXiv id) of the next `limit` papers after `after_id` (id order) that a
    citation harvest started at `started` asks about: those never asked; with `since`,
    those published since then; with `refresh`, every paper Semantic Scholar knew, and
    those it did not while they are young (published since `unknown_since`). Papers
    without an arXiv id cannot be asked."""
    due = Q(citations_checked__isnull=True)
    asked_before = Q(citations_checked__lt=started)
    if since:
        due |= asked_before & Q(published__gte=since)
    if refresh:
        due |= asked_before & (Q(citation_count__isnull=False) | Q(published__gte=unknown_since))
    rows = (Paper.objects.filter(due, id__gt=after_id).exclude(arxiv_id__startswith="title:")
            .order_by("id").values_list("id", "arxiv_id"))  # fmt: skip
    return list(rows[:limit])


def paper_references(paper: Paper) -> QuerySet[Citation]:
    """What the paper cites, in its reference list's order, with the papers held here."""
    return Citation.objects.filter(citing=paper).select_related("cited").order_by("position", "id")


def paper_citers(paper: Paper, ordering: str | None = "newest") -> QuerySet[Paper]:
    """The papers held here that cite it (through the index on Citation.cited), in one
    of PAPER_ORDERINGS (None: left to cursor pagination)."""
    citers = papers().annotate(**PAPER_SORT_KEYS).filter(references__cited=paper)
    if ordering is None:
        return citers
    return citers.order_by(*(_order(key) for key in PAPER_ORDERINGS[ordering]))


def citation_edges(paper_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(citing, cited) for every citation among these papers."""
    ids = list(paper_ids)
    edges = Citation.objects.filter(citing_id__in=ids, cited_id__in=ids)
    return list(edges.values_list("citing_id", "cited_id"))


def corpus_epoch() -> str:
    """The token a restore gives the database ("" before any): see CorpusEpoch."""
    return CorpusEpoch.objects.filter(id=1).values_list("token", flat=True).first() or ""
