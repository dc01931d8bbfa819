"""Following topics: saved searches, what each has delivered, digests, private feeds'
keys, and each user's alert settings (the "For you" digest). The tables kept the names
they had in the `search` app (migrations 0001 here and search 0006)."""

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
    # An author followed: their papers, the name read as a person (papers/names.py).
    person = models.CharField(max_length=200, blank=True, default="", db_default="")
    # Accepted or published there: "NeurIPS 2024", "ICLR" (papers/venues.py).
    venue = models.CharField(max_length=100, blank=True, default="", db_default="")
    after = models.DateField(null=True, blank=True)
    before = models.DateField(null=True, blank=True)
    alert = models.CharField(max_length=10, choices=Alert.choices, default=Alert.NONE)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # "N new since you last looked": papers that entered the corpus after this.
    seen_at = models.DateTimeField()
    # Those papers, kept as they are found (services.new_papers_update): a page asks only
    # about papers that arrived after `counted_to`, not about every paper since `seen_at`.
    new_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    counted_to = models.DateTimeField(null=True, blank=True)  # None: count from seen_at
    # The query's vector, encoded when the search is saved (by the web app, which encodes
    # queries anyway), so that digest runs judge new papers by meaning without a model.
    query_vector = HalfVectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True)
    query_model = models.CharField(max_length=200, blank=True)  # whose vector it is

    class Meta:
        db_table = "search_savedsearch"  # its table from before the app had its own
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
        db_table = "search_delivery"  # its table from before the app had its own
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
        db_table = "search_digest"  # its table from before the app had its own
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "frequency", "period"], name="digest_once")
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest {self.period} for {self.user}: {self.status}"


def new_feed_nonce() -> str:
    return secrets.token_hex(16)


class FeedKey(models.Model):
    """The key of one private feed: a saved search's, or (no saved search) the user's
    "For you" feed. Its URL's secret is an HMAC of the nonce under SECRET_KEY
    (feed_keys.py), so the database holds nothing that opens a feed; a new nonce
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
        db_table = "search_feedkey"  # its table from before the app had its own
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

    class Meta:
        db_table = "search_alertsettings"  # its table from before the app had its own

    def __str__(self) -> str:
        return f"alert settings of {self.user}"


class VerifiedEmail(models.Model):
    """The address a user last proved to be theirs (by opening the link mailed to it).
    Digests go to `user.email` only while it equals this: a changed address is verified
    again before any digest goes to it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                primary_key=True, related_name="verified_email")  # fmt: skip
    email = models.EmailField()
    verified = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.email} ({self.user_id})"
