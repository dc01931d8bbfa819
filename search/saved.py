"""Saved searches: their rules (those of the search page, plus a name and an alert),
writes and reads, feed secrets and unsubscribing. Which papers are new for one:
search/new_papers.py."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from papers import encoder
from papers.filters import valid_form
from search.models import (
    MAX_SAVED_SEARCHES,
    Alert,
    AlertSettings,
    Delivery,
    Digest,
    SavedSearch,
)
from search.params import SearchForm, SearchParams
from search.semantic import query_vector

logger = logging.getLogger(__name__)

# The fields of the search a saved search stands for, as /search names them.
SEARCH_FIELDS = ("q", "mode", "category", "author", "after", "before")
FIELDS = ("name", *SEARCH_FIELDS, "alert")


class SavedSearchForm(SearchForm):
    """The search page's rules (a query it rejects is rejected here the same way), plus a
    name and an alert."""

    name = forms.CharField(max_length=200, help_text="your name for it")
    alert = forms.ChoiceField(choices=Alert.choices, required=False,
                              help_text="none (default), daily or weekly mail")  # fmt: skip


# --- Writes ---------------------------------------------------------------------------


def saved_search_create(user: AbstractBaseUser, data: Mapping) -> SavedSearch:
    """A new saved search from the search page's parameters plus name and alert; raises
    ValidationError naming the field."""
    cleaned = _clean(data)
    saved = SavedSearch(user=user, seen_at=timezone.now(), **cleaned)
    return _save(saved, within_cap=True)


def saved_search_update(saved: SavedSearch, data: Mapping) -> SavedSearch:
    """Change some fields (the others stay); the result must be a valid search."""
    changes = _as_form_data(data)
    current = _as_form_data(saved_search_fields(saved))
    cleaned = _clean({**current, **changes})
    for name, value in cleaned.items():
        setattr(saved, name, value)
    return _save(saved)


def saved_search_delete(saved: SavedSearch) -> None:
    saved.delete()


def saved_search_seen(saved: SavedSearch) -> None:
    """The user looked at it now: its "new" count starts again."""
    saved.seen_at = timezone.now()
    saved.save(update_fields=["seen_at"])


def alerts_off(user_id: int, saved_ids: Iterable[int], for_you: bool = False) -> list[SavedSearch]:
    """Turn off the mail of these saved searches, those of this user only (an unsubscribe
    link), and the "For you" digest when asked. Returns the saved searches turned off."""
    found = list(SavedSearch.objects.filter(user_id=user_id, id__in=list(saved_ids)))
    SavedSearch.objects.filter(id__in=[s.id for s in found]).update(alert=Alert.NONE)
    if for_you:
        AlertSettings.objects.filter(user_id=user_id).update(for_you_alert=Alert.NONE)
    return found


def for_you_alert(user: AbstractBaseUser) -> str:
    found = AlertSettings.objects.filter(user=user).values_list("for_you_alert", flat=True)
    return found.first() or Alert.NONE


def for_you_alert_set(user: AbstractBaseUser, frequency: str) -> None:
    """Mail "For you" recommendations weekly, or not (Alert.NONE)."""
    AlertSettings.objects.update_or_create(user=user, defaults={"for_you_alert": frequency})


def record_deliveries(digest_id: int, deliveries: Mapping[int, list[int]]) -> None:
    """These papers went out for these saved searches: never again for them."""
    rows = [Delivery(saved_search_id=saved_id, paper_id=pid, digest_id=digest_id)
            for saved_id, paper_ids in deliveries.items() for pid in paper_ids]  # fmt: skip
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)


def _clean(data: Mapping) -> dict:
    form = valid_form(SavedSearchForm(_as_form_data(data)))
    c = form.cleaned_data
    return {"name": c["name"].strip(), "q": c.get("q") or "", "mode": c.get("mode") or "hybrid",
            "categories": list(c.get("category") or []), "authors": list(c.get("author") or []),
            "after": c.get("after"), "before": c.get("before"),
            "alert": c.get("alert") or Alert.NONE}  # fmt: skip


def _as_form_data(data: Mapping) -> dict:
    """The given fields, as a form reads them: every value of a repeated field (from a
    QueryDict too), dates as text."""
    out = {}
    for name in FIELDS:
        if name not in data or data[name] is None:
            continue
        value = data.getlist(name) if hasattr(data, "getlist") else data[name]
        if name not in ("category", "author") and isinstance(value, list):
            value = value[-1] if value else ""
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def _save(saved: SavedSearch, within_cap: bool = False) -> SavedSearch:
    store_query_vector(saved)  # before any lock: encoding takes milliseconds
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
    User = get_user_model()
    list(User.objects.select_for_update().filter(pk=user_id).values_list("pk"))
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
    except Exception:  # no model here: digests encode it themselves (new_papers._vector)
        logger.exception("could not embed the saved search's query")


# --- Reads ----------------------------------------------------------------------------


def user_saved_searches(user: AbstractBaseUser):
    return SavedSearch.objects.filter(user=user)


def user_saved_search(user: AbstractBaseUser, saved_id: int) -> SavedSearch | None:
    """The user's saved search; None for another user's (callers answer 404)."""
    return SavedSearch.objects.filter(user=user, id=saved_id).first()


def user_digest_failures(user: AbstractBaseUser):
    """Digests that could not be sent (the next run tries again), newest first."""
    return Digest.objects.filter(user=user, status=Digest.Status.FAILED).order_by("-created")


def saved_search_fields(saved: SavedSearch) -> dict:
    """Its fields as the API and the forms name them."""
    return {"name": saved.name, "q": saved.q, "mode": saved.mode,
            "category": list(saved.categories), "author": list(saved.authors),
            "after": saved.after, "before": saved.before, "alert": saved.alert}  # fmt: skip


def saved_search_params(saved: SavedSearch, **changes) -> SearchParams:
    """The search it stands for (`changes`: the page, sort or page size to run it with)."""
    data = _as_form_data(saved_search_fields(saved)) | {k: str(v) for k, v in changes.items()}
    return valid_form(SavedSearchForm(data)).params()
