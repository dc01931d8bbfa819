"""Every write: papers, bookmarks, library imports and accounts. Reads live in
selectors.py; pages, the API and management commands share both."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from papers.library_io import LibraryEntry, parse_library
from papers.links import found_links, kinds_of, repository_name
from papers.models import (
    MAX_LIST_DESCRIPTION_CHARS,
    MAX_TAGS,
    Bookmark,
    Citation,
    Paper,
    PaperDeletion,
    PaperLink,
    PaperMark,
    ReadingList,
    Repository,
    clean_note,
    clean_tags,
)
from papers.names import author_keys
from papers.sources.record import PaperRecord
from papers.sources.semantic_scholar import CitationRecord
from papers.venues import (
    VENUE_COLUMNS,
    Venue,
    paper_venue,
    venue_columns,
    venue_of,
)

# Columns a record sets, in COPY order.
_COLUMNS = (
    "arxiv_id",
    "title",
    "abstract",
    "authors",
    "categories",
    "published",
    "updated",
    "abs_url",
    "pdf_url",
    "upvotes",
    "source",
    "comments",
    "source_links",
    "link_kinds",
    "author_keys",
    "journal_ref",
    *VENUE_COLUMNS,
    "record_digest",
)
# Lists travel as one text each, joined by a unit separator, and are split again in SQL:
# psycopg dumps a list element by element in Python (about 2 µs an array, five arrays a
# paper), a text in C. Cleaned text never holds the separator: str.split() counts it as
# whitespace (papers.sources.record).
_LIST_SEPARATOR = "\x1f"
_TYPES = (
    "text",
    "text",
    "text",
    "text",  # authors
    "text",  # categories
    "date",
    "date",
    "text",
    "text",
    "int4",
    "text",
    "text",
    "text",  # source_links
    "text",  # link_kinds
    "text",  # author_keys
    "text",
    "text",
    "int2",
    "text",
    "text",
    "text",
    "bytea",
)
_LISTS = ("authors", "categories", "source_links", "link_kinds", "author_keys")
_SELECTED = [f"string_to_array({c}, E'\\x1f')" if c in _LISTS else c for c in _COLUMNS]

_ROW_KNOWS_MORE = ("(EXCLUDED.comments = '' AND p.comments <> '') OR "
                   "(EXCLUDED.journal_ref = '' AND p.journal_ref <> '') OR p.s2_venue IS NOT NULL")
# A re-import overwrites what the new record says and keeps what it leaves out: a feed
# without dates or upvotes must not erase the ones an earlier source gave. Unchanged rows
# are not written at all (the WHERE clause), so re-importing a file is nearly free and
# `modified` only moves when something did change.
_KEEP_IF_MISSING = {
    "authors": "CASE WHEN cardinality(EXCLUDED.authors) = 0 THEN p.authors "
    "ELSE EXCLUDED.authors END",
    "author_keys": "CASE WHEN cardinality(EXCLUDED.authors) = 0 THEN p.author_keys "
    "ELSE EXCLUDED.author_keys END",
    "categories": "CASE WHEN cardinality(EXCLUDED.categories) = 0 THEN p.categories "
    "ELSE EXCLUDED.categories END",
    "published": "COALESCE(EXCLUDED.published, p.published)",
    "updated": "COALESCE(EXCLUDED.updated, p.updated)",
    "abs_url": "COALESCE(NULLIF(EXCLUDED.abs_url, ''), p.abs_url)",
    "pdf_url": "COALESCE(NULLIF(EXCLUDED.pdf_url, ''), p.pdf_url)",
    "upvotes": "COALESCE(EXCLUDED.upvotes, p.upvotes)",
    "comments": "COALESCE(NULLIF(EXCLUDED.comments, ''), p.comments)",
    "journal_ref": "COALESCE(NULLIF(EXCLUDED.journal_ref, ''), p.journal_ref)",
    # The record's venue (from its own journal-ref and comments) unless the stored row
    # knows more (fields the record leaves out, Semantic Scholar's venue): then the
    # stored venue stays, and is read again from the whole row (paper_bulk_upsert).
    **{column: f"CASE WHEN {_ROW_KNOWS_MORE} THEN p.{column} ELSE EXCLUDED.{column} END"
       for column in VENUE_COLUMNS},
    "source_links": "CASE WHEN cardinality(EXCLUDED.source_links) = 0 THEN p.source_links "
    "ELSE EXCLUDED.source_links END",
    # The record's link kinds (from its own text), unless it leaves out comments or source
    # links the stored row keeps: then the stored kinds stay, and the paper's links are
    # found again from the stored row (paper_bulk_upsert's `from_stored`).
    "link_kinds": "CASE WHEN (EXCLUDED.comments = '' AND p.comments <> '') OR "
    "(cardinality(EXCLUDED.source_links) = 0 AND cardinality(p.source_links) > 0) "
    "THEN p.link_kinds ELSE EXCLUDED.link_kinds END",
}
_UPDATED_COLUMNS = ("title", "abstract", *_KEEP_IF_MISSING)
_NEW_VALUES = [_KEEP_IF_MISSING.get(column, f"EXCLUDED.{column}") for column in _UPDATED_COLUMNS]
_UPSERT_SQL = f"""
    INSERT INTO {Paper._meta.db_table} AS p ({", ".join(_COLUMNS)}, created, modified)
    SELECT {", ".join(_SELECTED)}, now(), now() FROM paper_import
    ORDER BY arxiv_id  -- one lock order for every import: overlapping ones cannot deadlock
    ON CONFLICT (arxiv_id) DO UPDATE SET
        {", ".join(f"{c} = {v}" for c, v in zip(_UPDATED_COLUMNS, _NEW_VALUES, strict=True))},
        record_digest = EXCLUDED.record_digest, modified = now()
    WHERE ({", ".join(f"p.{c}" for c in _UPDATED_COLUMNS)})
        IS DISTINCT FROM ({", ".join(_NEW_VALUES)})
    RETURNING id, (xmax = 0) AS inserted, arxiv_id, comments <> '' AS has_comments,
        cardinality(source_links) > 0 AS has_source_links, comments, journal_ref, s2_venue,
        venue, venue_year, venue_status, venue_source, venue_track
"""
# The rows the upsert left alone (what the record says, they hold) keep its digest too,
# without `modified` moving: the next import of the record skips it.
_DIGESTS_SQL = f"""
    UPDATE {Paper._meta.db_table} p SET record_digest = i.record_digest FROM paper_import i
    WHERE p.arxiv_id = i.arxiv_id AND i.arxiv_id = ANY(%s)
"""
_KNOWN_DIGESTS_SQL = (f"SELECT arxiv_id, record_digest FROM {Paper._meta.db_table} "
                      "WHERE arxiv_id = ANY(%s) AND record_digest IS NOT NULL")  # fmt: skip


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # records that repeated an id earlier in the same batch
    changed_ids: list[int] = field(default_factory=list)  # created or updated papers

    def add(self, other: UpsertResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.duplicates += other.duplicates
        self.changed_ids.extend(other.changed_ids)


def paper_bulk_upsert(records: Sequence[PaperRecord]) -> UpsertResult:
    """Insert or update papers by arXiv id in one transaction: COPY into a temporary table,
    then one INSERT ... ON CONFLICT. Within the batch, the last record of an id wins; a
    record the paper was last written from is skipped before anything is derived."""
    latest = {record.arxiv_id: record for record in records}
    result = UpsertResult(duplicates=len(records) - len(latest))
    digests = {arxiv_id: record.digest() for arxiv_id, record in latest.items()}
    with connection.cursor() as cursor:
        cursor.execute(_KNOWN_DIGESTS_SQL, [list(latest)])
        for arxiv_id, stored in cursor.fetchall():
            if bytes(stored) == digests[arxiv_id]:  # written from this very record
                del latest[arxiv_id]
                result.unchanged += 1
    if not latest:
        return result
    # Links from each record's own text, here in Python: written with the row, no second
    # write of it (finding them afterwards from the stored rows slowed imports by half).
    links = {r.arxiv_id: found_links(r.abstract, r.comments, r.source_links)
             for r in latest.values()}  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS paper_import ("
            + ", ".join(f"{c} {t}" for c, t in zip(_COLUMNS, _TYPES, strict=True))
            + ") ON COMMIT DELETE ROWS"
        )
        # Empty already unless an enclosing transaction upserted before (rows are deleted
        # on commit, not at the end of a savepoint).
        cursor.execute("TRUNCATE paper_import")
        # Binary COPY with declared types: about 4x less Python time than text COPY, and
        # this runs beside the parser, competing with it for the GIL.
        copy_sql = f"COPY paper_import ({', '.join(_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
        joined = _LIST_SEPARATOR.join
        with cursor.copy(copy_sql) as copy:
            copy.set_types(_TYPES)
            for r in latest.values():
                venue = venue_columns(venue_of(r.journal_ref, r.comments))
                copy.write_row((r.arxiv_id, r.title, r.abstract, joined(r.authors),
                                joined(r.categories), r.published, r.updated, r.abs_url,
                                r.pdf_url, r.upvotes, r.source, r.comments,
                                joined(r.source_links), joined(kinds_of(links[r.arxiv_id])),
                                joined(author_keys(r.authors)), r.journal_ref, *venue,
                                digests[r.arxiv_id]))  # fmt: skip
        cursor.execute(_UPSERT_SQL)
        upserted = cursor.fetchall()
        left_alone = set(latest).difference(row[2] for row in upserted)
        if left_alone:
            cursor.execute(_DIGESTS_SQL, [list(left_alone)])
        found, created, updated, from_stored, revenue = {}, [], [], [], {}
        for (paper_id, inserted, arxiv_id, has_comments, has_source_links, comments,
             journal_ref, s2_venue, *venue) in upserted:  # fmt: skip
            result.changed_ids.append(paper_id)
            if inserted:
                result.created += 1
                created.append(paper_id)
            else:
                result.updated += 1
                updated.append(paper_id)
            record = latest[arxiv_id]
            # The stored fields the record left out, or Semantic Scholar's venue, count
            # too: the venue is read again from the whole row.
            if s2_venue or (comments, journal_ref) != (record.comments, record.journal_ref):
                stored = paper_venue(journal_ref, comments, _stored_json(s2_venue))
                if venue_columns(stored) != tuple(venue):
                    revenue[paper_id] = stored
            if (has_comments and not record.comments) or (has_source_links
                                                          and not record.source_links):  # fmt: skip
                from_stored.append(paper_id)  # its stored comments or source links count
            else:
                found[paper_id] = links[arxiv_id]
        _venues_store(cursor, revenue)
        # In the same transaction: no reader ever sees a paper without its links.
        _links_replace(found, replace=updated)
        links_refresh(from_stored)
        citations_link(created)  # edges harvested before these papers arrived
    result.unchanged += len(latest) - result.created - result.updated
    return result


_VENUES_SQL = f"""
    UPDATE {Paper._meta.db_table} p SET venue = v.venue, venue_year = v.venue_year,
        venue_status = v.venue_status, venue_source = v.venue_source,
        venue_track = v.venue_track, modified = now()
    FROM unnest(%s::int8[], %s::text[], %s::int2[], %s::text[], %s::text[], %s::text[])
        AS v(id, venue, venue_year, venue_status, venue_source, venue_track)
    WHERE p.id = v.id
"""


def _stored_json(text: str | None) -> dict | None:
    """A jsonb column as Django's connection reads it: its text, for JSONField to parse."""
    return json.loads(text) if text else None


def _s2_venues_store(cursor, given: dict[int, dict]) -> None:
    """Keep what Semantic Scholar says of where these papers appeared, and read each
    one's venue again where that changes it."""
    cursor.execute(f"SELECT id, journal_ref, comments, s2_venue, {', '.join(VENUE_COLUMNS)} "
                   f"FROM {Paper._meta.db_table} WHERE id = ANY(%s)", [list(given)])  # fmt: skip
    changed, venues = {}, {}
    for pid, journal_ref, comments, stored, *columns in cursor.fetchall():
        s2 = given[pid] or None
        if s2 == _stored_json(stored):
            continue
        changed[pid] = s2
        found = paper_venue(journal_ref, comments, s2)
        if venue_columns(found) != tuple(columns):
            venues[pid] = found
    if changed:
        cursor.execute(f"UPDATE {Paper._meta.db_table} p SET s2_venue = v.s2::jsonb "
                       "FROM unnest(%s::int8[], %s::text[]) AS v(id, s2) WHERE p.id = v.id",
                       [list(changed), [json.dumps(v) if v else None
                                        for v in changed.values()]])  # fmt: skip
    _venues_store(cursor, venues)


def _venues_store(cursor, venues: dict[int, Venue | None]) -> None:
    """Write these papers' venues (`modified` moves: the keyword index filters by venue)."""
    if venues:
        columns = list(zip(*(venue_columns(v) for v in venues.values()), strict=True))
        cursor.execute(_VENUES_SQL, [list(venues), *map(list, columns)])


# Papers whose text may hold a link (a scheme, `www.`, or a host written bare, as in
# `github.com/a/b`): the rest, most papers, are not read back at all.
_MAY_LINK = r"(://|www\.|\.[a-z]{2,6}/)"
_LINK_CANDIDATES_SQL = f"""
    SELECT id, abstract, comments, source_links, link_kinds FROM {Paper._meta.db_table}
    WHERE id = ANY(%s) AND (abstract ~* %s OR comments ~* %s OR cardinality(source_links) > 0
                            OR cardinality(link_kinds) > 0)
"""


def links_refresh(paper_ids: Sequence[int]) -> int:
    """Find these papers' links again (papers.links) from their stored abstract, comments
    and source links; replace their PaperLink rows and the row's `link_kinds`. A change
    of kinds moves `modified`, so the keyword index re-reads the paper. Returns how many
    papers have links."""
    if not paper_ids:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_LINK_CANDIDATES_SQL, [list(paper_ids), _MAY_LINK, _MAY_LINK])
        rows = cursor.fetchall()
        found, kinds_changed = {}, []
        for paper_id, abstract, comments, source_links, old_kinds in rows:
            found[paper_id] = found_links(abstract, comments, source_links)
            kinds = kinds_of(found[paper_id])
            if kinds != list(old_kinds):
                kinds_changed.append((paper_id, kinds))
        _links_replace(found, replace=list(found))
        for kinds, ids in _grouped(kinds_changed).items():
            Paper.objects.filter(id__in=ids).update(link_kinds=list(kinds), modified=Now())
    return sum(1 for links in found.values() if links)


_LINKS_INSERT_SQL = f"""
    INSERT INTO {PaperLink._meta.db_table} (paper_id, kind, url, origin, position, repository_id)
    SELECT * FROM unnest(%s::int8[], %s::text[], %s::text[], %s::text[], %s::int2[], %s::int8[])
"""


def _links_replace(found: dict[int, list], replace: list[int]) -> None:
    """Store these papers' links (papers.links.FoundLink), those of `replace` dropped
    first. One INSERT of arrays: the ORM's bulk_create took ~100 µs a link (1.4 s of a
    106k-paper import)."""
    if replace:
        PaperLink.objects.filter(paper_id__in=replace).delete()
    rows = [(paper_id, link.kind, link.url, link.origin, position)
            for paper_id, links in found.items()
            for position, link in enumerate(links)]  # fmt: skip
    if not rows:
        return
    names = [repository_name(url) for _, _, url, _, _ in rows]
    repositories = _repository_ids({name for name in names if name})
    columns = [list(column) for column in zip(*rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(_LINKS_INSERT_SQL, [*columns, [repositories.get(n) for n in names]])


def _repository_ids(names: set[str]) -> dict[str, int]:
    """The Repository row of each GitHub repository (made when first linked), which the
    optional star refresh (papers/github.py) fills in."""
    if not names:
        return {}
    Repository.objects.bulk_create([Repository(full_name=n) for n in sorted(names)],
                                   ignore_conflicts=True)  # fmt: skip
    return dict(Repository.objects.filter(full_name__in=names).values_list("full_name", "id"))


def repository_checked(repository: Repository) -> None:
    """GitHub answered 304: as it was."""
    Repository.objects.filter(id=repository.id).update(checked_at=timezone.now())


def repository_missing(repository: Repository) -> None:
    Repository.objects.filter(id=repository.id).update(missing=True, checked_at=timezone.now())


def repository_update(repository: Repository, *, stars: int, pushed_at: dt.datetime | None,
                      archived: bool, etag: str) -> None:  # fmt: skip
    Repository.objects.filter(id=repository.id).update(
        stars=stars,
        pushed_at=pushed_at,
        archived=archived,
        etag=etag[:200],
        missing=False,
        checked_at=timezone.now(),
    )


def _grouped(pairs: list[tuple[int, list[str]]]) -> dict[tuple[str, ...], list[int]]:
    out: dict[tuple[str, ...], list[int]] = {}
    for paper_id, kinds in pairs:
        out.setdefault(tuple(kinds), []).append(paper_id)
    return out


def prune_deletions() -> int:
    """Forget deleted papers older than any keyword index watermark may be (a writer that
    far behind rebuilds instead: search/fulltext/writer.py)."""
    kept = dt.timedelta(days=settings.KEYWORD_DELETIONS_KEEP_DAYS)
    deleted, _ = PaperDeletion.objects.filter(deleted_at__lt=timezone.now() - kept).delete()
    return deleted


# --- Bookmarks ----------------------------------------------------------------------


def bookmark_save(
    user: AbstractBaseUser, paper: Paper, note: str | None = None, tags=None
) -> tuple[Bookmark, bool]:
    """Bookmark a paper (or update the bookmark); a None note or tags keeps what is there.
    Raises ValidationError naming `note` or `tags` when one breaks the bookmark rules."""
    errors = {}
    try:
        note = None if note is None else clean_note(note)
    except ValidationError as error:
        errors["note"] = error.messages
    try:
        tags = None if tags is None else clean_tags(tags)
    except ValidationError as error:
        errors["tags"] = error.messages
    if errors:
        raise ValidationError(errors)
    bookmark, created = Bookmark.objects.get_or_create(user=user, paper=paper)
    changed = []
    if note is not None and note != bookmark.note:
        bookmark.note, changed = note, [*changed, "note"]
    if tags is not None and tags != bookmark.tags:
        bookmark.tags, changed = tags, [*changed, "tags"]
    if changed:
        bookmark.save(update_fields=changed)
    return bookmark, created


def bookmark_remove(user: AbstractBaseUser, paper: Paper) -> bool:
    deleted, _ = Bookmark.objects.filter(user=user, paper=paper).delete()
    return bool(deleted)


@dataclass
class ImportReport:
    format: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # valid arXiv ids not in the corpus
    invalid: list[str] = field(default_factory=list)  # "line 3: reason"


def library_import(user: AbstractBaseUser, data: str | list | dict) -> ImportReport:
    """Bookmarks from an export in any format we read (papers.library_io), in one
    transaction. Nothing is dropped silently: unknown and invalid entries are reported.
    Input in no format we read raises UnreadableLibrary before anything is written."""
    parsed = parse_library(data)
    report = ImportReport(parsed.format, invalid=parsed.invalid)
    entries: dict[str, LibraryEntry] = {e.arxiv_id: e for e in parsed.entries}
    papers = Paper.objects.in_bulk(list(entries), field_name="arxiv_id")
    with transaction.atomic():
        for arxiv_id, entry in entries.items():
            paper = papers.get(arxiv_id)
            if paper is None:
                report.unknown.append(arxiv_id)
                continue
            _, created = bookmark_save(user, paper, entry.note, entry.tags)
            (report.added if created else report.updated).append(arxiv_id)
    return report


# --- Accounts -----------------------------------------------------------------------


def account_email_change(user: AbstractBaseUser, email: str) -> None:
    """The address digests go to ('' for none: no mail is sent)."""
    user.email = email
    user.save(update_fields=["email"])


def api_token_replace(user: AbstractBaseUser) -> Token:
    """A new API token for the user; the old one stops working at once."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def api_token_revoke(user: AbstractBaseUser) -> bool:
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)


def account_delete(user: AbstractBaseUser) -> None:
    """The account and everything it keeps (bookmarks, token: on_delete=CASCADE)."""
    user.delete()


# --- Citations (papers.harvest.citations) ----------------------------------------------

_CITATION_TABLE = Citation._meta.db_table
_CITATION_IMPORT_COLUMNS = ("citing_id", "work", "arxiv_id", "doi", "title", "year", "position")
_CITATION_IMPORT_TYPES = ("int8", "text", "text", "text", "text", "int2", "int2")
_CITATIONS_UPSERT_SQL = f"""
    INSERT INTO {_CITATION_TABLE} AS c ({", ".join(_CITATION_IMPORT_COLUMNS)}, cited_id)
    SELECT i.citing_id, i.work, i.arxiv_id, i.doi, i.title, i.year, i.position, p.id
    FROM citation_import i
    LEFT JOIN {Paper._meta.db_table} p ON i.arxiv_id <> '' AND p.arxiv_id = i.arxiv_id
        AND p.id <> i.citing_id  -- a list naming the paper itself links nothing
    ON CONFLICT (citing_id, work) DO UPDATE SET
        arxiv_id = excluded.arxiv_id, doi = excluded.doi, title = excluded.title,
        year = excluded.year, position = excluded.position, cited_id = excluded.cited_id
    WHERE (c.arxiv_id, c.doi, c.title, c.year, c.position, c.cited_id)
        IS DISTINCT FROM (excluded.arxiv_id, excluded.doi, excluded.title, excluded.year,
                          excluded.position, excluded.cited_id)
"""
_CITATIONS_GONE_SQL = f"""
    DELETE FROM {_CITATION_TABLE} c WHERE c.citing_id = ANY(%s) AND NOT EXISTS (
        SELECT 1 FROM citation_import i WHERE i.citing_id = c.citing_id AND i.work = c.work)
"""
_COUNTS_SQL = f"""
    UPDATE {Paper._meta.db_table} p SET citation_count = v.cited,
        reference_count = v.refs, influential_citation_count = v.influential,
        citations_checked = %s
    FROM unnest(%s::int8[], %s::int4[], %s::int4[], %s::int4[]) AS v(id, cited, refs, influential)
    WHERE p.id = v.id
"""


@dataclass
class CitationsStored:
    known: int = 0
    unknown: int = 0
    edges: int = 0  # references stored (of the known papers)
    in_corpus: int = 0  # of them, to papers held here


def citations_store(paper_ids: Sequence[int], records: Sequence[CitationRecord | None],
                    checked: dt.datetime) -> CitationsStored:  # fmt: skip
    """Store one batch's answers (records[i] is paper_ids[i]'s; None: Semantic Scholar
    does not know it) in one transaction: counts, when asked, and the references, each
    linked to the paper held here with its arXiv id. Edges a paper no longer lists go;
    the counts of a paper asked before and unknown now stay as they were. Its own row's
    `modified` stays: counts are not words for the keyword index."""
    known = [(pid, r) for pid, r in zip(paper_ids, records, strict=True) if r is not None]
    unknown = [pid for pid, r in zip(paper_ids, records, strict=True) if r is None]
    stored = CitationsStored(known=len(known), unknown=len(unknown))
    with transaction.atomic(), connection.cursor() as cursor:
        if unknown:
            Paper.objects.filter(id__in=unknown).update(citations_checked=checked)
        if not known:
            return stored
        cursor.execute(_COUNTS_SQL, [
            checked, [pid for pid, _ in known], [r.citation_count for _, r in known],
            [r.reference_count for _, r in known], [r.influential_citation_count for _, r in known],
        ])  # fmt: skip
        _s2_venues_store(cursor, {pid: r.venue for pid, r in known})
        with_ids = [(pid, r.author_ids) for pid, r in known if any(r.author_ids)]
        if with_ids:
            cursor.execute(f"UPDATE {Paper._meta.db_table} p SET s2_author_ids = "
                           "string_to_array(v.ids, ',') FROM unnest(%s::int8[], %s::text[]) "
                           "AS v(id, ids) WHERE p.id = v.id",
                           [[pid for pid, _ in with_ids],
                            [",".join(ids) for _, ids in with_ids]])  # fmt: skip
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS citation_import ("
            + ", ".join(f"{c} {t}" for c, t in zip(_CITATION_IMPORT_COLUMNS,
                                                   _CITATION_IMPORT_TYPES, strict=True))
            + ") ON COMMIT DELETE ROWS"
        )  # fmt: skip
        cursor.execute("TRUNCATE citation_import")  # a caller's transaction may hold a batch
        copy_sql = (f"COPY citation_import ({', '.join(_CITATION_IMPORT_COLUMNS)}) "
                    "FROM STDIN (FORMAT BINARY)")  # fmt: skip
        with cursor.copy(copy_sql) as copy:
            copy.set_types(_CITATION_IMPORT_TYPES)
            for pid, record in known:
                for position, w in enumerate(record.references[:32767]):
                    copy.write_row((pid, w.work, w.arxiv_id, w.doi, w.title, w.year, position))
        cursor.execute(_CITATIONS_GONE_SQL, [[pid for pid, _ in known]])
        cursor.execute(_CITATIONS_UPSERT_SQL)
        cursor.execute(
            f"SELECT count(*), count(cited_id) FROM {_CITATION_TABLE} WHERE citing_id = ANY(%s)",
            [[pid for pid, _ in known]],
        )
        stored.edges, stored.in_corpus = cursor.fetchone()
    return stored


def citations_link(paper_ids: Sequence[int]) -> int:
    """Link the edges that cite these papers by arXiv id but were stored before they
    arrived. Returns how many were linked."""
    if not paper_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_CITATION_TABLE} c SET cited_id = p.id FROM {Paper._meta.db_table} p"
            " WHERE p.id = ANY(%s) AND c.cited_id IS NULL AND c.arxiv_id <> ''"
            " AND c.arxiv_id = p.arxiv_id",
            [list(paper_ids)],
        )
        return cursor.rowcount


# --- Reading lists ------------------------------------------------------------------


def reading_list_publish(user: AbstractBaseUser, tag: str, visibility: str = "unlisted",
                         show_notes: bool = False,
                         description: str = "") -> ReadingList:  # fmt: skip
    """Publish one of the user's tags as a reading list (or change how it is published).
    Raises ValidationError naming the field at fault."""
    errors = {}
    try:
        (tag,) = clean_tags([tag]) or [""]
    except ValidationError as error:
        errors["tag"] = error.messages
    else:
        if not tag or not Bookmark.objects.filter(user=user, tags__contains=[tag]).exists():
            errors["tag"] = ["one of your tags, on at least one bookmark"]
    if visibility not in ReadingList.Visibility.values:
        errors["visibility"] = [f"one of {', '.join(ReadingList.Visibility.values)}"]
    if not isinstance(description, str) or len(description) > MAX_LIST_DESCRIPTION_CHARS:
        errors["description"] = [f"text of at most {MAX_LIST_DESCRIPTION_CHARS:,} characters"]
    if errors:
        raise ValidationError(errors)
    found = ReadingList.objects.filter(user=user, tag=tag).first()
    if found is None:
        found = ReadingList(user=user, tag=tag, slug=_free_slug(user, tag))
    found.visibility, found.show_notes, found.description = visibility, show_notes, description
    found.save()
    return found


def reading_list_revoke(user: AbstractBaseUser, tag: str) -> bool:
    """Make the tag private again: its list's URL is a 404 from now on."""
    deleted, _ = ReadingList.objects.filter(user=user, tag=tag).delete()
    return bool(deleted)


def reading_list_copy(user: AbstractBaseUser, reading_list: ReadingList) -> int:
    """Bookmark the list's papers into the user's library under the list's tag, keeping
    the user's own notes and tags; how many papers were new to the library."""
    added = 0
    with transaction.atomic():
        for bookmark in Bookmark.objects.filter(user=reading_list.user,
                                                tags__contains=[reading_list.tag]):  # fmt: skip
            mine, created = Bookmark.objects.get_or_create(user=user, paper_id=bookmark.paper_id)
            added += created
            if reading_list.tag not in mine.tags and len(mine.tags) < MAX_TAGS:
                mine.tags = [*mine.tags, reading_list.tag]
                mine.save(update_fields=["tags"])
    return added


def _free_slug(user: AbstractBaseUser, tag: str) -> str:
    base = slugify(tag)[:50] or "list"
    slug, n = base, 1
    while ReadingList.objects.filter(user=user, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- What a user has seen -----------------------------------------------------------

_SHOWN_SQL = f"""
    INSERT INTO {PaperMark._meta.db_table} AS m (user_id, paper_id, shown, last_shown, read)
    SELECT %s, id, 1, %s, false FROM unnest(%s::int8[]) AS v(id)
    ON CONFLICT (user_id, paper_id) DO UPDATE SET
        shown = m.shown + CASE WHEN m.last_shown IS DISTINCT FROM EXCLUDED.last_shown
                               THEN 1 ELSE 0 END,
        last_shown = EXCLUDED.last_shown
"""


def marks_shown(user: AbstractBaseUser, paper_ids: Sequence[int],
                day: dt.date | None = None) -> None:  # fmt: skip
    """These papers were shown to the user today: each counts one more day shown (a
    reload the same day counts once)."""
    if paper_ids and user.is_authenticated:
        with connection.cursor() as cursor:
            cursor.execute(_SHOWN_SQL, [user.pk, day or timezone.localdate(), list(paper_ids)])


def mark_opened(user: AbstractBaseUser, paper: Paper) -> None:
    """The user opened the paper's page: it leaves their suggestions."""
    if user.is_authenticated:
        mark, _ = PaperMark.objects.get_or_create(user=user, paper=paper)
        if mark.opened is None:
            mark.opened = timezone.now()
            mark.save(update_fields=["opened"])


def mark_read(user: AbstractBaseUser, paper: Paper, read: bool = True) -> None:
    """Marked read (or unread: then opening it no longer counts either)."""
    mark, _ = PaperMark.objects.get_or_create(user=user, paper=paper)
    mark.read = read
    if not read:
        mark.opened = None
    mark.save(update_fields=["read", "opened"])
