"""Suggestions that never repeat themselves: what a user has opened or marked read drops
out, and what they were shown on SINK_AFTER_VISITS days without opening sinks below the
rest (as Scholar Inbox shows a paper once, and digests never resend). Pure: the pages
read the marks (papers.selectors.arranged) and record what they showed
(papers.services.marks_shown)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")

# Shown on this many days (visits on different days) without a click: below the rest.
SINK_AFTER_VISITS = 3


class Mark(Protocol):
    """What arrange reads of a mark (papers.models.PaperMark has it)."""

    shown: int
    done: bool


@dataclass
class Arranged(Generic[T]):
    items: list[T]  # to show, fresh first, sunk after
    done: set[int]  # paper ids among them already opened or read (shown when asked)
    hidden: int  # opened or read, left out
    sunk: int  # shown often without a click, moved down


def arrange(items: Iterable[T], paper_id: Callable[[T], int], marks: Mapping[int, Mark],
            show_done: bool = False) -> Arranged[T]:  # fmt: skip
    """The items in their order, less those opened or read (unless `show_done`), those
    shown on SINK_AFTER_VISITS or more days without a click moved after the rest."""
    fresh, sunk, done, hidden = [], [], set(), 0
    for item in items:
        mark = marks.get(paper_id(item))
        if mark is not None and mark.done:
            if not show_done:
                hidden += 1
                continue
            done.add(paper_id(item))
        if mark is not None and not mark.done and mark.shown >= SINK_AFTER_VISITS:
            sunk.append(item)
        else:
            fresh.append(item)
    return Arranged(fresh + sunk, done, hidden, len(sunk))
