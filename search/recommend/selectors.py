""" "For you": a user's recommendations (recommender.py over their library, their
feedback applied). Feedback is written by services.py."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache

from papers.models import Bookmark
from search.recommend.models import Feedback
from search.recommend.recommender import MAX_LIBRARY, Recommendation, recommend

DEFAULT_DAYS = 30
CACHE_SECONDS = 600


def for_you(user: AbstractBaseUser, tag: str | None = None, days: int = DEFAULT_DAYS,
            k: int = 20, today: dt.date | None = None) -> list[Recommendation]:  # fmt: skip
    """Recent papers (published in the last `days`) the user's bookmarks suggest (those
    with `tag` alone when given), plus the papers they asked "more like this" of; never
    one already bookmarked or dismissed."""
    bookmarks = Bookmark.objects.filter(user=user).order_by("-created")
    library = bookmarks.filter(tags__contains=[tag]) if tag else bookmarks
    feedback = dict(Feedback.objects.filter(user=user).values_list("paper_id", "kind"))
    # A ranking costs ~50 ms a library paper: kept for a while, until the library, the
    # bookmarks, the feedback or the day change (each makes a new key).
    state = (list(library.values_list("paper_id", flat=True)[:MAX_LIBRARY]), bookmarks.count(),
             sorted(feedback.items()), tag, days, k, today or dt.date.today())  # fmt: skip
    key = f"for-you:{user.pk}:" + hashlib.sha256(repr(state).encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    found = _ranked(bookmarks, library, feedback, days, k, today)
    cache.set(key, found, CACHE_SECONDS)
    return found


def _ranked(bookmarks, library, feedback: dict, days: int, k: int,
            today: dt.date | None) -> list[Recommendation]:  # fmt: skip
    more = [pid for pid, kind in feedback.items() if kind == Feedback.Kind.MORE]
    dismissed = [pid for pid, kind in feedback.items() if kind == Feedback.Kind.DISMISSED]
    since = (today or dt.date.today()) - dt.timedelta(days=days)
    return recommend([*more, *library.values_list("paper_id", flat=True)], since, k,
                     dismissed=dismissed,
                     exclude=list(bookmarks.values_list("paper_id", flat=True)))  # fmt: skip
