"""Hugging Face daily papers: the JSON list that /api/daily_papers returns.

Each item holds a `paper` object with `id` (the arXiv id), `title`, `summary`,
`authors[].name`, `publishedAt` and `upvotes`. The 2024 and 2026 shapes differ only in
fields we do not read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from papers.models import Source
from papers.sources.record import InvalidRecord, Notice, PaperRecord, Rejected, build_record

FORMAT = "hf-daily"
# The API answers at most a few hundred papers a page; a file far larger is not one.
MAX_FILE_BYTES = 64 << 20


def read(stream: BinaryIO) -> Iterator[PaperRecord | Rejected | Notice]:
    content = stream.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        yield Rejected("file", f"larger than {MAX_FILE_BYTES >> 20} MB; not a daily-papers page")
        return
    try:
        items = json.loads(content)
    except UnicodeDecodeError:
        yield Rejected("file", "not valid UTF-8")
        return
    except json.JSONDecodeError as error:
        yield Rejected(f"line {error.lineno}", f"broken JSON ({error.msg}); nothing imported")
        return
    if not isinstance(items, list):
        yield Rejected("file", "expected a JSON list of daily-paper items")
        return
    for number, item in enumerate(items, start=1):
        yield _item(item, f"entry {number}")


def _item(item: Any, position: str) -> PaperRecord | Rejected:
    paper = item.get("paper") if isinstance(item, dict) else None
    if not isinstance(paper, dict):
        return Rejected(position, "no 'paper' object")
    authors = paper.get("authors") or []
    if not isinstance(authors, list):
        return Rejected(position, "authors: expected a list")
    try:
        return build_record(
            position=position,
            source=Source.HF_DAILY,
            arxiv_id=paper.get("id"),
            title=paper.get("title"),
            abstract=paper.get("summary"),
            authors=[a.get("name") for a in authors if isinstance(a, dict)],
            published=paper.get("publishedAt"),
            upvotes=paper.get("upvotes"),
            # The authors' repository and project page, as Hugging Face lists them.
            source_links=[
                link
                for link in (paper.get("githubRepo"), paper.get("projectPage"))
                if isinstance(link, str) and link
            ],
        )
    except InvalidRecord as error:
        return Rejected(position, str(error))
