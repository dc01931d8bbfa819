"""Recommendations' writes: a user's word on a recommended paper."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from papers.models import Paper
from search.recommend.models import Feedback


def feedback_save(user: AbstractBaseUser, paper: Paper, kind: str) -> Feedback:
    """Store "not relevant" or "more like this" (the latest word on a paper wins)."""
    feedback, _ = Feedback.objects.update_or_create(user=user, paper=paper,
                                                    defaults={"kind": kind})  # fmt: skip
    return feedback
