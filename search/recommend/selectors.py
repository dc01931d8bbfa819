""" "For you": a user's recommendations (recommender.py over their library, their
feedback applied). Feedback is written by services.py, and so are the rankings kept ahead
of a visit (services.for_you_rank): a page reads one when it was ranked for the library,
feedback and day the user has now, and ranks afresh otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import QuerySet

from papers.models import Bookmark
from papers.selectors import papers_by_id
from search.recommend.models import Feedback, Ranking
from search.recommend.recommender import MAX_LIBRARY, Recommendation, recommend

DEFAULT_DAYS = 30
CACHE_SECONDS = 600


@dataclass(frozen=True)
class Asked:
    """What a user's recommendations depend on, and its digest (`state`)."""

    bookmarks: QuerySet[Bookmark]
    library: QuerySet[Bookmark]  # the bookmarks recommended from (a tag's, or all)
    feedback: dict[int, str]
    days: int
    today: dt.date
    state: str


def asked(user: AbstractBaseUser, tag: str | None = None, days: int = DEFAULT_DAYS,
          today: dt.date | None = None) -> Asked:  # fmt: skip
    bookmarks = Bookmark.objects.filter(user=user).order_by("-created")
    library = bookmarks.filter(tags__contains=[tag]) if tag else bookmarks
    feedback = dict(Feedback.objects.filter(user=user).values_list("paper_id", "kind"))
    today = today or dt.date.today()
    # A ranking costs ~50 ms a library paper: it stands until the library, the bookmarks,
    # the feedback or the day change (each makes a new state).
    state = (list(library.values_list("paper_id", flat=True)[:MAX_LIBRARY]), bookmarks.count(),
             sorted(feedback.items()), tag, days, today)  # fmt: skip
    digest = hashlib.sha256(repr(state).encode()).hexdigest()
    return Asked(bookmarks, library, feedback, days, today, digest)


def for_you(user: AbstractBaseUser, tag: str | None = None, days: int = DEFAULT_DAYS,
            k: int = 20, today: dt.date | None = None) -> list[Recommendation]:  # fmt: skip
    """Recent papers (published in the last `days`) the user's bookmarks suggest (those
    with `tag` alone when given), plus the papers they asked "more like this" of; never
    one already bookmarked or dismissed."""
    now = asked(user, tag, days, today)
    key = f"for-you:{user.pk}:{now.state}:{k}"
    found = cache.get(key)
    if found is None:
        kept = Ranking.objects.filter(user=user, state=now.state, k__gte=k).first()
        found = _hydrated(kept.items[:k]) if kept else ranked(now, k)
        cache.set(key, found, CACHE_SECONDS)
    return found


def ranked(now: Asked, k: int) -> list[Recommendation]:
    more = [pid for pid, kind in now.feedback.items() if kind == Feedback.Kind.MORE]
    dismissed = [pid for pid, kind in now.feedback.items() if kind == Feedback.Kind.DISMISSED]
    since = now.today - dt.timedelta(days=now.days)
    return recommend([*more, *now.library.values_list("paper_id", flat=True)], since, k,
                     dismissed=dismissed,
                     exclude=list(now.bookmarks.values_list("paper_id", flat=True)))  # fmt: skip


def _hydrated(items: list) -> list[Recommendation]:
    """Kept rankings ([paper id, score, because, terms] each) with their papers."""
    papers = papers_by_id(list({pid for item in items for pid in [item[0], *item[2]]}))
    return [Recommendation(pid, score, because, terms, papers[pid],
                           [papers[b] for b in because if b in papers])
            for pid, score, because, terms in items if pid in papers]  # fmt: skip
