"""Following's writes: saved searches (create, change, delete, seen), alerts and
unsubscribing, private feeds' keys, and digests' records (made, failed, sent with their
deliveries). Reads: selectors.py. Sending digests: digests.py. Which papers are new:
new_papers.py."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from papers import encoder
from papers.selectors import arrived_count
from search.following.feed_keys import secret_of
from search.following.forms import as_form_data, cleaned_fields
from search.following.models import (
    MAX_SAVED_SEARCHES,
    Alert,
    AlertSettings,
    Delivery,
    Digest,
    FeedKey,
    SavedSearch,
    new_feed_nonce,
)
from search.following.new_papers import LATE_VECTORS, NewPapers
from search.following.selectors import saved_search_fields, saved_search_params
from search.semantic import query_vector

logger = logging.getLogger(__name__)

MAX_KEPT = 1_000  # new papers kept per saved search: pages say "1,000 new" at most
# Papers arrived since the last count that a page judges itself (new_papers_update).
PAGE_JUDGES_AT_MOST = 200
# How far back each count looks again, for rows committed a little after their `created`
# (importer and harvest batches commit within seconds). Every paper of that window is
# judged again at each count, so it stays short: with five minutes, each saved search's
# first look after a day's harvest at 1M re-judged the whole day (library p50 0.44 s).
COMMIT_LAG = dt.timedelta(minutes=1)


# --- Saved searches -------------------------------------------------------------------


def saved_search_create(user: AbstractBaseUser, data: Mapping) -> SavedSearch:
    """A new saved search from the search page's parameters plus name and alert; raises
    ValidationError naming the field."""
    saved = SavedSearch(user=user, seen_at=timezone.now(), **cleaned_fields(data))
    return _save(saved, within_cap=True)


def saved_search_update(saved: SavedSearch, data: Mapping) -> SavedSearch:
    """Change the given fields (the others stay: PATCH); the result must be a valid
    search."""
    current = as_form_data(saved_search_fields(saved))
    return _assign(saved, cleaned_fields({**current, **as_form_data(data)}))


def saved_search_replace(saved: SavedSearch, data: Mapping) -> SavedSearch:
    """Every field from `data`, those not given back to their defaults (PUT)."""
    return _assign(saved, cleaned_fields(data))


def _assign(saved: SavedSearch, cleaned: dict) -> SavedSearch:
    for name, value in cleaned.items():
        setattr(saved, name, value)
    return _save(saved)


def saved_search_delete(saved: SavedSearch) -> None:
    saved.delete()


def saved_search_seen(saved: SavedSearch) -> None:
    """The user looked at it now: its "new" count starts again."""
    saved.seen_at = timezone.now()
    saved.new_ids, saved.counted_to = [], None
    saved.save(update_fields=["seen_at", "new_ids", "counted_to"])


def new_papers_update(
    searches: list[SavedSearch], at_most: int | None = PAGE_JUDGES_AT_MOST
) -> dict[int, list[int]]:
    """Bring the kept new papers of these saved searches up to now, and return them
    ({saved search id: paper ids, best first}). Only papers that arrived, or gained their
    vector, since each was last counted are judged (one pool for them all), so a page pays
    for what arrived since the last look or the last refresh after an import, not for
    everything since `seen_at`. Kept ids make it exact: a paper counted by its words
    and later found by its vector counts once.

    `at_most`: when more papers than that arrived since, nothing is judged and the kept
    ids are returned as they are; the worker (new_papers_update_all, with no bound)
    counts after every import and embedding batch. A page that judged a harvest's 2,000
    papers itself took 0.5-1.3 s at 1M while the harvest ran."""
    if not searches:
        return {}
    now = timezone.now()
    since = min(_counted_from(s) for s in searches)
    if at_most is not None and arrived_count(since, LATE_VECTORS, at_most) > at_most:
        return {s.id: list(s.new_ids) for s in searches}
    pool = NewPapers(since)
    changed = []
    for saved in searches:
        found = [n.paper_id for n in pool.find(saved, _counted_from(saved), limit=None)]
        kept = list(dict.fromkeys([*saved.new_ids, *found]))[:MAX_KEPT]
        # Rows committed a little after `now` may carry times just before it: the next
        # count looks COMMIT_LAG further back, and the kept ids absorb the overlap.
        counted_to = max(now - COMMIT_LAG, saved.seen_at)
        if kept != saved.new_ids or counted_to != saved.counted_to:
            saved.new_ids, saved.counted_to = kept, counted_to
            changed.append(saved)
    SavedSearch.objects.bulk_update(changed, ["new_ids", "counted_to"], batch_size=500)
    return {s.id: s.new_ids for s in searches}


def _counted_from(saved: SavedSearch) -> dt.datetime:
    return saved.counted_to or saved.seen_at


def new_papers_update_all(chunk: int = 500) -> int:
    """new_papers_update for every saved search (after an import or an embedding batch,
    so pages find their counts current); returns how many were looked at."""
    ids = list(SavedSearch.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), chunk):
        chunked = SavedSearch.objects.filter(id__in=ids[start : start + chunk])
        new_papers_update(list(chunked), at_most=None)
    return len(ids)


def _save(saved: SavedSearch, within_cap: bool = False) -> SavedSearch:
    store_query_vector(saved)  # before any lock: encoding takes milliseconds
    saved.new_ids, saved.counted_to = [], None  # its rule may have changed: count afresh
    try:
        with transaction.atomic():
            if within_cap:
                _check_cap(saved.user_id)
            saved.save()
    except IntegrityError:
        raise ValidationError(
            {"name": [f"you already have a saved search called {saved.name!r}"]}
        ) from None
    return saved


def _check_cap(user_id: int) -> None:
    """Raise when the user has MAX_SAVED_SEARCHES already. The user's row is locked until
    the transaction ends, so two creates at once count one after the other."""
    list(get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk"))
    if SavedSearch.objects.filter(user_id=user_id).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError({"name": [f"you have {MAX_SAVED_SEARCHES} saved searches, the "
                                        "most one account keeps; delete one first"]})  # fmt: skip


def store_query_vector(saved: SavedSearch) -> None:
    """Its query's vector, so that digest runs judge papers by meaning without a model."""
    params = saved_search_params(saved)
    saved.query_vector, saved.query_model = None, ""
    if not params.text or params.arxiv_id:  # filters alone, or a paper's own vector
        return
    try:
        saved.query_vector = query_vector(params.text)[0]
        saved.query_model = encoder.model_name()
    except Exception:  # no model here: digests encode it themselves (new_papers.query_vector_of)
        logger.exception("could not embed the saved search's query")


# --- Alerts ---------------------------------------------------------------------------


def alerts_off(user_id: int, saved_ids: Iterable[int], for_you: bool = False) -> list[SavedSearch]:
    """Turn off the mail of these saved searches, those of this user only (an unsubscribe
    link), and the "For you" digest when asked. Returns the saved searches turned off."""
    found = list(SavedSearch.objects.filter(user_id=user_id, id__in=list(saved_ids)))
    SavedSearch.objects.filter(id__in=[s.id for s in found]).update(alert=Alert.NONE)
    if for_you:
        AlertSettings.objects.filter(user_id=user_id).update(for_you_alert=Alert.NONE)
    return found


def for_you_alert_set(user: AbstractBaseUser, frequency: str) -> None:
    """Mail "For you" recommendations weekly, or not (Alert.NONE)."""
    AlertSettings.objects.update_or_create(user=user, defaults={"for_you_alert": frequency})


# --- Private feeds --------------------------------------------------------------------


def feed_secret(user: AbstractBaseUser, saved: SavedSearch | None = None) -> str:
    """The secret of the user's feed of `saved` (None: "For you"); its key is issued the
    first time a page or the API shows the feed."""
    key, _ = FeedKey.objects.get_or_create(user=user, saved_search=saved)
    return secret_of(key)


def saved_feed_secrets(user: AbstractBaseUser, searches: list[SavedSearch]) -> dict[int, str]:
    """{saved search id: its feed's secret} for a page of the user's saved searches, keys
    issued for those without one (one read and one insert, not one each)."""
    keys = {k.saved_search_id: k for k in FeedKey.objects.filter(saved_search__in=searches)}
    missing = [FeedKey(user=user, saved_search=s) for s in searches if s.id not in keys]
    FeedKey.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:  # re-read: a concurrent request may have issued some first
        keys = {k.saved_search_id: k for k in FeedKey.objects.filter(saved_search__in=searches)}
    return {saved_id: secret_of(key) for saved_id, key in keys.items()}


def feed_renew(user: AbstractBaseUser, saved: SavedSearch | None = None) -> str:
    """A new URL for this feed: its old one (and a pre-FeedKey one) stops working, the
    user's other feeds keep theirs."""
    key, _ = FeedKey.objects.get_or_create(user=user, saved_search=saved)
    key.nonce, key.legacy_hash = new_feed_nonce(), ""
    key.save(update_fields=["nonce", "legacy_hash"])
    return secret_of(key)


def feeds_revoke_all(user: AbstractBaseUser) -> int:
    """Every private feed URL of the user stops working; pages show new ones."""
    deleted, _ = FeedKey.objects.filter(user=user).delete()
    return deleted


# --- Digests --------------------------------------------------------------------------


def digest_create(user: AbstractBaseUser, frequency: str, period: str,
                  content: dict) -> Digest | None:  # fmt: skip
    """The period's digest with its content fixed; None when another run made it first
    (that run sends it)."""
    try:
        return Digest.objects.create(user=user, frequency=frequency, period=period,
                                     content=content)  # fmt: skip
    except IntegrityError:
        return None


def digest_failed(digest: Digest, tries: int, error: str) -> None:
    Digest.objects.filter(id=digest.id).update(
        status=Digest.Status.FAILED, attempts=digest.attempts + tries, error=error
    )


def digest_sent(digest: Digest) -> None:
    """Sent: its papers never go out again for its saved searches."""
    with transaction.atomic():
        Digest.objects.filter(id=digest.id).update(status=Digest.Status.SENT, sent=timezone.now(),
                                                   error="")  # fmt: skip
        record_deliveries(digest.id, {int(k): v for k, v in digest.content["searches"].items()})


def record_deliveries(digest_id: int | None, deliveries: Mapping[int, list[int]]) -> None:
    """These papers went out for these saved searches: never again for them."""
    rows = [Delivery(saved_search_id=saved_id, paper_id=pid, digest_id=digest_id)
            for saved_id, paper_ids in deliveries.items() for pid in paper_ids]  # fmt: skip
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
