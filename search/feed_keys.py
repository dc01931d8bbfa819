"""Private feed URLs: each saved search's feed, and a user's "For you" feed, has a key of
its own. The secret in its URL is an HMAC of the key's nonce under SECRET_KEY, so the
database holds nothing that opens a feed (a pre-FeedKey secret is kept only as a SHA-256),
and a new nonce changes one feed's URL and no other."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils.crypto import salted_hmac

from search.models import FeedKey, SavedSearch, new_feed_nonce

SALT = "paperscope.feed-key"


def feed_secret(user: AbstractBaseUser, saved: SavedSearch | None = None) -> str:
    """The secret of the user's feed of `saved` (None: "For you"); its key is issued the
    first time a page or the API shows the feed."""
    key, _ = FeedKey.objects.get_or_create(user=user, saved_search=saved)
    return _secret(key, settings.SECRET_KEY)


def saved_feed_secrets(user: AbstractBaseUser, searches: list[SavedSearch]) -> dict[int, str]:
    """{saved search id: its feed's secret} for a page of the user's saved searches, keys
    issued for those without one (one read and one insert, not one each)."""
    keys = {k.saved_search_id: k for k in FeedKey.objects.filter(saved_search__in=searches)}
    missing = [FeedKey(user=user, saved_search=s) for s in searches if s.id not in keys]
    FeedKey.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:  # re-read: a concurrent request may have issued some first
        keys = {k.saved_search_id: k for k in FeedKey.objects.filter(saved_search__in=searches)}
    return {saved_id: _secret(key, settings.SECRET_KEY) for saved_id, key in keys.items()}


def feed_renew(user: AbstractBaseUser, saved: SavedSearch | None = None) -> str:
    """A new URL for this feed: its old one (and a pre-FeedKey one) stops working, the
    user's other feeds keep theirs."""
    key, _ = FeedKey.objects.get_or_create(user=user, saved_search=saved)
    key.nonce, key.legacy_hash = new_feed_nonce(), ""
    key.save(update_fields=["nonce", "legacy_hash"])
    return _secret(key, settings.SECRET_KEY)


def feeds_revoke_all(user: AbstractBaseUser) -> int:
    """Every private feed URL of the user stops working; pages show new ones."""
    deleted, _ = FeedKey.objects.filter(user=user).delete()
    return deleted


def saved_search_by_feed_secret(saved_id: int, secret: str) -> SavedSearch | None:
    key = FeedKey.objects.filter(saved_search_id=saved_id).select_related("saved_search").first()
    return key.saved_search if key is not None and _opens(key, secret) else None


def user_by_feed_secret(user_id: int, secret: str) -> AbstractBaseUser | None:
    """The user whose "For you" feed this secret opens, else None."""
    key = FeedKey.objects.filter(user_id=user_id, saved_search=None).select_related("user")
    key = key.first()
    return key.user if key is not None and _opens(key, secret) else None


def _secret(key: FeedKey, secret_key: str) -> str:
    return salted_hmac(SALT, f"{key.id}:{key.nonce}", secret=secret_key,
                       algorithm="sha256").hexdigest()[:40]  # fmt: skip


def _opens(key: FeedKey, secret: str) -> bool:
    """In constant time (a feed's secret must not be guessable by timing), under the
    current SECRET_KEY or a fallback being rotated out, or the pre-FeedKey secret."""
    given = secret.encode()
    for secret_key in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        if hmac.compare_digest(_secret(key, secret_key).encode(), given):
            return True
    legacy = hashlib.sha256(given).hexdigest().encode()
    return bool(key.legacy_hash) and hmac.compare_digest(key.legacy_hash.encode(), legacy)
