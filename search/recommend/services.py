"""Recommendations' writes: a user's word on a recommended paper, and rankings kept
ahead of a visit for active users (a ranking costs ~50 ms a library paper at 1M papers)."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone

from papers.db_locks import try_advisory_lock
from papers.models import Paper
from papers.selectors import newest_vector
from search.recommend.models import Feedback, Ranking
from search.recommend.selectors import asked, ranked

logger = logging.getLogger(__name__)

KEPT = 50  # papers a kept ranking holds: the page shows 20, the feed 50
ACTIVE = dt.timedelta(days=30)  # users who logged in this recently get rankings kept
RANKING_LOCK = 7_240_003  # one run at a time


def feedback_save(user: AbstractBaseUser, paper: Paper, kind: str) -> Feedback:
    """Store "not relevant" or "more like this" (the latest word on a paper wins)."""
    feedback, _ = Feedback.objects.update_or_create(user=user, paper=paper,
                                                    defaults={"kind": kind})  # fmt: skip
    return feedback


def for_you_rank(user: AbstractBaseUser, newest_vector: dt.datetime | None = None) -> Ranking:
    """Rank the user's default "For you" (all their bookmarks, DEFAULT_DAYS) now and keep
    it; a kept ranking of the same state made after `newest_vector` stands as it is."""
    now = asked(user)
    kept = Ranking.objects.filter(user=user, state=now.state).first()
    if kept and newest_vector and kept.ranked >= newest_vector:
        return kept
    items = [[r.paper_id, r.score, r.because, r.terms] for r in ranked(now, KEPT)]
    ranking, _ = Ranking.objects.update_or_create(
        user=user, defaults={"state": now.state, "k": KEPT, "items": items}
    )
    return ranking


def for_you_rank_active(now: dt.datetime | None = None) -> int | None:
    """for_you_rank for every user active since ACTIVE with a library or feedback; how many
    (None: another run holds the lock)."""
    since = (now or timezone.now()) - ACTIVE
    users = (get_user_model().objects.filter(last_login__gte=since)
             .filter(Q(bookmarks__isnull=False) | Q(recommendation_feedback__isnull=False))
             .distinct().order_by("pk"))  # fmt: skip
    with try_advisory_lock(RANKING_LOCK) as acquired:
        if not acquired:
            return None
        newest = newest_vector()
        count = 0
        for user in users.iterator():
            for_you_rank(user, newest)
            count += 1
    logger.info("For you ranked for %d active users", count)
    return count
