"""Following's reads: a user's saved searches and the search each stands for, digests and
what they delivered, who follows what at a frequency, and the feed a secret opens."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Q, QuerySet

from papers.filters import valid_form
from search.following.feed_keys import opens
from search.following.forms import SavedSearchForm, as_form_data
from search.following.models import Alert, AlertSettings, Delivery, Digest, FeedKey, SavedSearch
from search.params import SearchParams


def user_saved_searches(user: AbstractBaseUser) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user)


def saved_search_count(user: AbstractBaseUser) -> int:
    return SavedSearch.objects.filter(user=user).count()


def user_saved_search(user: AbstractBaseUser, saved_id: int) -> SavedSearch | None:
    """The user's saved search; None for another user's (callers answer 404)."""
    return SavedSearch.objects.filter(user=user, id=saved_id).first()


def saved_searches_of(user_id: int, saved_ids: list[int]) -> QuerySet[SavedSearch]:
    """Those of these saved searches that are the user's (an unsubscribe link's)."""
    return SavedSearch.objects.filter(user_id=user_id, id__in=saved_ids)


def saved_searches_by_id(saved_ids: list[int]) -> dict[int, SavedSearch]:
    return SavedSearch.objects.in_bulk(saved_ids)


def alerting_searches(user: AbstractBaseUser, frequency: str) -> QuerySet[SavedSearch]:
    """The user's saved searches that mail at this frequency."""
    return SavedSearch.objects.filter(user=user, alert=frequency)


def saved_search_fields(saved: SavedSearch) -> dict:
    """Its fields as the API and the forms name them."""
    return {"name": saved.name, "q": saved.q, "mode": saved.mode,
            "category": list(saved.categories), "author": list(saved.authors),
            "person": saved.person, "venue": saved.venue,
            "after": saved.after, "before": saved.before, "alert": saved.alert}  # fmt: skip


def saved_search_params(saved: SavedSearch, **changes) -> SearchParams:
    """The search it stands for (`changes`: the page, sort or page size to run it with)."""
    data = as_form_data(saved_search_fields(saved)) | {k: str(v) for k, v in changes.items()}
    return valid_form(SavedSearchForm(data)).params()


def delivered_ids(saved: SavedSearch) -> set[int]:
    """Papers this saved search has mailed."""
    return set(Delivery.objects.filter(saved_search=saved).values_list("paper_id", flat=True))


def for_you_alert(user: AbstractBaseUser) -> str:
    found = AlertSettings.objects.filter(user=user).values_list("for_you_alert", flat=True)
    return found.first() or Alert.NONE


def users_following(frequency: str) -> QuerySet:
    """Users with a verified address and a saved search or "For you" mailing at this
    frequency (an address not yet verified gets nothing: search/following/verification.py)."""
    following = Q(saved_searches__alert=frequency) | Q(alert_settings__for_you_alert=frequency)
    return (get_user_model().objects.exclude(email="")
            .filter(verified_email__email__iexact=F("email")).filter(following)
            .distinct().order_by("id"))  # fmt: skip


def digest_of(user: AbstractBaseUser, frequency: str, period: str) -> Digest | None:
    return Digest.objects.filter(user=user, frequency=frequency, period=period).first()


def last_digest_sent(user: AbstractBaseUser, frequency: str):
    """When the user's last digest of this frequency went out (None: never)."""
    sent = Digest.objects.filter(user=user, frequency=frequency, status=Digest.Status.SENT)
    return sent.order_by("-sent").values_list("sent", flat=True).first()


def mailed_for_you(user: AbstractBaseUser) -> set[int]:
    """Papers the user's digests have sent as "For you" recommendations."""
    contents = Digest.objects.filter(user=user, status=Digest.Status.SENT)
    return {pid for content in contents.values_list("content", flat=True)
            for pid in content.get("for_you", [])}  # fmt: skip


def user_digest_failures(user: AbstractBaseUser) -> QuerySet[Digest]:
    """Digests that could not be sent (the next run tries again), newest first."""
    return Digest.objects.filter(user=user, status=Digest.Status.FAILED).order_by("-created")


def saved_search_by_feed_secret(saved_id: int, secret: str) -> SavedSearch | None:
    key = FeedKey.objects.filter(saved_search_id=saved_id).select_related("saved_search").first()
    return key.saved_search if key is not None and opens(key, secret) else None


def user_by_feed_secret(user_id: int, secret: str) -> AbstractBaseUser | None:
    """The user whose "For you" feed this secret opens, else None."""
    key = FeedKey.objects.filter(user_id=user_id, saved_search=None).select_related("user")
    key = key.first()
    return key.user if key is not None and opens(key, secret) else None
