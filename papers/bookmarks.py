"""Bookmarks, a user's library: the writes and reads that pages, the API and imports share."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Func, QuerySet

from papers.models import Bookmark, Paper
from papers.sources.record import InvalidRecord, parse_arxiv_id

MAX_TAGS = 20
MAX_TAG_CHARS = 50
MAX_NOTE_CHARS = 10_000
MAX_IMPORT_ENTRIES = 5_000
_TAG_SEPARATORS = re.compile(r"[,\s]+")


def parse_tags(value: str | list[str]) -> list[str]:
    """Tags from 'a, b c' or a list: lower case, no blanks or repeats, order kept."""
    parts = _TAG_SEPARATORS.split(value) if isinstance(value, str) else value
    tags = []
    for part in parts:
        tag = str(part).strip().lower()
        if not tag:
            continue
        if len(tag) > MAX_TAG_CHARS:
            raise ValueError(f"a tag has at most {MAX_TAG_CHARS} characters")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValueError(f"at most {MAX_TAGS} tags")
    return tags


def bookmark_save(
    user: AbstractBaseUser, paper: Paper, note: str | None = None, tags: list[str] | None = None
) -> tuple[Bookmark, bool]:
    """Bookmark a paper (or update the bookmark); a None note or tags keeps what is there."""
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


def user_bookmarks(user: AbstractBaseUser, tag: str | None = None) -> QuerySet[Bookmark]:
    """The user's bookmarks, newest first, with their papers."""
    bookmarks = (
        Bookmark.objects.filter(user=user)
        .select_related("paper")
        .defer("paper__search_vector")
        .order_by("-created", "-id")
    )
    return bookmarks.filter(tags__contains=[tag]) if tag else bookmarks


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


def bookmarks_json(bookmarks: QuerySet[Bookmark]) -> list[dict]:
    """The export format, which `bookmarks_import` reads back."""
    return [
        {
            "id": b.paper.arxiv_id,
            "title": b.paper.title,
            "url": b.paper.abs_url,
            "note": b.note,
            "tags": b.tags,
            "bookmarked": b.created.isoformat(),
        }
        for b in bookmarks
    ]


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # valid arXiv ids not in the corpus
    invalid: list[str] = field(default_factory=list)  # "line 3: reason"


def bookmarks_import(user: AbstractBaseUser, text: str) -> ImportReport:
    """Bookmarks from a JSON export or from arXiv ids / arxiv.org URLs, one or more a
    line. Nothing is dropped silently: unknown and invalid entries are reported."""
    report = ImportReport()
    entries = _import_entries(text, report)
    if len(entries) > MAX_IMPORT_ENTRIES:
        report.invalid.append(f"too many entries: {len(entries)} (at most {MAX_IMPORT_ENTRIES})")
        return report
    papers = Paper.objects.defer("search_vector").in_bulk(
        [arxiv_id for arxiv_id, _, _ in entries], field_name="arxiv_id"
    )
    with transaction.atomic():
        for arxiv_id, note, tags in entries:
            paper = papers.get(arxiv_id)
            if paper is None:
                report.unknown.append(arxiv_id)
                continue
            _, created = bookmark_save(user, paper, note, tags)
            (report.added if created else report.updated).append(arxiv_id)
    return report


def _import_entries(text: str, report: ImportReport) -> list[tuple[str, str | None, list | None]]:
    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(stripped)
        except ValueError as error:
            report.invalid.append(f"not valid JSON: {error}")
            return []
        if isinstance(data, dict):
            data = data.get("bookmarks", [])
        if not isinstance(data, list):
            report.invalid.append("JSON must be a list of bookmarks")
            return []
        return [e for n, item in enumerate(data, 1) if (e := _json_entry(n, item, report))]
    entries = []
    for line_number, line in enumerate(text.splitlines(), 1):
        for word in line.replace(",", " ").split():
            try:
                entries.append((parse_arxiv_id(word), None, None))
            except InvalidRecord as error:
                report.invalid.append(f"line {line_number}: {error}")
    return entries


def _json_entry(number: int, item, report: ImportReport):
    try:
        if not isinstance(item, dict):
            raise InvalidRecord("expected an object with an 'id'")
        note = item.get("note")
        if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE_CHARS):
            raise InvalidRecord(f"note: expected text of at most {MAX_NOTE_CHARS} characters")
        tags = item.get("tags")
        if tags is not None:
            if not isinstance(tags, list):
                raise InvalidRecord("tags: expected a list")
            tags = parse_tags(tags)
        return parse_arxiv_id(item.get("id")), note, tags
    except (InvalidRecord, ValueError) as error:
        report.invalid.append(f"entry {number}: {error}")
        return None
