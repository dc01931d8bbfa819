"""Private feed URLs: each saved search's feed, and a user's "For you" feed, has a key of
its own (FeedKey). The secret in its URL is an HMAC of the key's nonce under SECRET_KEY,
so the database holds nothing that opens a feed (a pre-FeedKey secret is kept only as a
SHA-256), and a new nonce changes one feed's URL and no other. Issuing and renewing keys:
services.py; finding a feed by its secret: selectors.py."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.utils.crypto import salted_hmac

from search.following.models import FeedKey

SALT = "paperscope.feed-key"


def secret_of(key: FeedKey, secret_key: str | None = None) -> str:
    """The secret in the feed's URL (under SECRET_KEY unless another is given)."""
    return salted_hmac(SALT, f"{key.id}:{key.nonce}", secret=secret_key or settings.SECRET_KEY,
                       algorithm="sha256").hexdigest()[:40]  # fmt: skip


def opens(key: FeedKey, secret: str) -> bool:
    """In constant time (a feed's secret must not be guessable by timing), under the
    current SECRET_KEY or a fallback being rotated out, or the pre-FeedKey secret."""
    given = secret.encode()
    for secret_key in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        if hmac.compare_digest(secret_of(key, secret_key).encode(), given):
            return True
    legacy = hashlib.sha256(given).hexdigest().encode()
    return bool(key.legacy_hash) and hmac.compare_digest(key.legacy_hash.encode(), legacy)
