"""Feedback on recommendations (its table kept its name from the `search` app), and
rankings kept ahead of a visit."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from papers.models import Paper


class Feedback(models.Model):
    """A user's word on a recommended paper: "not relevant" or "more like this"."""

    class Kind(models.TextChoices):
        DISMISSED = "dismissed"
        MORE = "more"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="recommendation_feedback")  # fmt: skip
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_feedback"  # its table from before the app had its own
        constraints = [
            models.UniqueConstraint(fields=["user", "paper"], name="feedback_per_user_paper")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.paper_id}"


class Ranking(models.Model):
    """A user's "For you" ranked ahead of a visit (after each embedding batch, for active
    users): good for as long as the library, feedback and day it was ranked for stand."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="for_you_ranking")  # fmt: skip
    state = models.CharField(max_length=64)  # selectors.asked(...).state
    k = models.PositiveIntegerField()
    items = models.JSONField(default=list)  # [[paper id, score, [because ids], [terms]]]
    ranked = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {len(self.items)} ranked"
