"""Following topics: saved searches, what each has delivered, digests, private feeds' keys,
and each user's alert settings (the "For you" digest)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from pgvector.django import HalfVectorField

from papers.models import EMBEDDING_DIMENSIONS, Paper

MAX_SAVED_SEARCHES = 50


class Alert(models.TextChoices):
    NONE = "none"
    DAILY = "daily"
    WEEKLY = "weekly"


class SavedSearch(models.Model):
    """A search (query, mode, filters) a user follows. Its fields are those of /search."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="saved_searches")  # fmt: skip
    name = models.CharField(max_length=200)
    q = models.TextField(blank=True)
    mode = models.CharField(max_length=10, default="hybrid")
    categories = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    authors = ArrayField(models.TextField(), default=list, blank=True)
    after = models.DateField(null=True, blank=True)
    before = models.DateField(null=True, blank=True)
    alert = models.CharField(max_length=10, choices=Alert.choices, default=Alert.NONE)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # "N new since you last looked": papers that entered the corpus after this.
    seen_at = models.DateTimeField()
    # The query's vector, encoded when the search is saved (by the web app, which encodes
    # queries anyway), so that digest runs judge new papers by meaning without a model.
    query_vector = HalfVectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True)
    query_model = models.CharField(max_length=200, blank=True)  # whose vector it is

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.name}"


class Delivery(models.Model):
    """A paper a saved search has mailed: never again for the same saved search."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE,
                                     related_name="deliveries")  # fmt: skip
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="+")
    digest = models.ForeignKey("Digest", on_delete=models.SET_NULL, null=True, blank=True)
    delivered = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "paper"], name="delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.saved_search_id} → {self.paper_id}"


class Digest(models.Model):
    """One message to one user for one frequency and period (the day, or the week's
    Monday): sent at most once. Its content is fixed before the first try, so a retry
    after a failure or a crash sends the same papers."""

    class Status(models.TextChoices):
        PENDING = "pending"
        SENT = "sent"
        FAILED = "failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="digests")  # fmt: skip
    frequency = models.CharField(max_length=10, choices=Alert.choices)
    period = models.CharField(max_length=40)
    content = models.JSONField(default=dict)  # {"searches": {saved id: [paper ids]}, ...}
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.IntegerField(default=0)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "frequency", "period"], name="digest_once")
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest {self.period} for {self.user}: {self.status}"


def new_feed_secret() -> str:
    """The user-wide feed secret of before FeedKey (migration 0001 names it)."""
    return secrets.token_urlsafe(32)


def new_feed_nonce() -> str:
    return secrets.token_hex(16)


class FeedKey(models.Model):
    """The key of one private feed: a saved search's, or (no saved search) the user's
    "For you" feed. Its URL's secret is an HMAC of the nonce under SECRET_KEY
    (search/feed_keys.py), so the database holds nothing that opens a feed; a new nonce
    changes this feed's URL alone."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="feed_keys")  # fmt: skip
    saved_search = models.OneToOneField(SavedSearch, on_delete=models.CASCADE, null=True,
                                        blank=True, related_name="feed_key")  # fmt: skip
    nonce = models.CharField(max_length=32, default=new_feed_nonce)
    # SHA-256 of the one secret all of a user's feed URLs carried before each feed had its
    # own: those URLs keep working until this feed gets a new URL or all are revoked.
    legacy_hash = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(saved_search=None),
                name="one_for_you_feed_key_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"feed key of {self.saved_search or f'for you of {self.user}'}"


class AlertSettings(models.Model):
    """Per user: the weekly "For you" digest."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="alert_settings")  # fmt: skip
    for_you_alert = models.CharField(max_length=10, choices=Alert.choices, default=Alert.NONE)

    def __str__(self) -> str:
        return f"alert settings of {self.user}"


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
        constraints = [
            models.UniqueConstraint(fields=["user", "paper"], name="feedback_per_user_paper")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.paper_id}"


class MapLayout(models.Model):
    """One full layout of the map of the field for a model's vectors: the newest is shown.
    Papers embedded after it are placed by their neighbours (MapPoint.placed)."""

    model_name = models.CharField(max_length=200, db_index=True)
    method = models.CharField(max_length=40)
    built_at = models.DateTimeField(auto_now_add=True)
    papers = models.PositiveIntegerField()
    seconds = models.FloatField()
    # sklearn's trustworthiness of the 2D layout against the 384-d neighbours (k=10, on
    # a sample): how honest the picture is, 1.0 at best.
    trustworthiness = models.FloatField(null=True)
    bounds = models.JSONField(help_text="[min x, min y, max x, max y] of the full layout")

    def __str__(self) -> str:
        return f"{self.method} map of {self.papers} papers ({self.built_at:%Y-%m-%d})"


class MapRegion(models.Model):
    """A named cluster of the map: level 1 is coarse, level 2 nests inside level 1."""

    layout = models.ForeignKey(MapLayout, on_delete=models.CASCADE, related_name="regions")
    level = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField(help_text="the region's number within its level")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, related_name="children")
    label = models.CharField(max_length=300)
    terms = ArrayField(models.CharField(max_length=100), default=list)
    x = models.FloatField()
    y = models.FloatField()
    papers = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["layout", "level", "number"], name="region_number")
        ]

    def __str__(self) -> str:
        return self.label


class MapPoint(models.Model):
    """A paper's place on a layout, and its fine region."""

    layout = models.ForeignKey(MapLayout, on_delete=models.CASCADE, related_name="points")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="map_points")
    x = models.FloatField()
    y = models.FloatField()
    region = models.ForeignKey(MapRegion, on_delete=models.CASCADE, related_name="points")
    # Placed among its neighbours after the layout was built, not laid out with it.
    placed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["layout", "paper"], name="map_point_per_layout")
        ]

    def __str__(self) -> str:
        return f"{self.paper_id} at ({self.x:.2f}, {self.y:.2f})"
