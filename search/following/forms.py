"""A saved search's fields: those of the search page, plus a name and an alert, validated
by the search page's own rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms

from papers.filters import MAX_AUTHOR_CHARS, Filters, listed, valid_form
from papers.venues import venue_label
from search.following.models import Alert
from search.params import SearchForm

# The fields of the search a saved search stands for, as /search names them.
SEARCH_FIELDS = ("q", "mode", "category", "author", "person", "venue", "after", "before")
FIELDS = ("name", *SEARCH_FIELDS, "alert")


class AuthorsField(forms.Field):
    """Parts of authors' names, each of which a paper must have (the search page takes one;
    a saved search, from the API, may keep several)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        names = [" ".join(str(v).split()) for v in listed(value)]
        for name in names:
            if len(name) > MAX_AUTHOR_CHARS:
                raise forms.ValidationError(f"at most {MAX_AUTHOR_CHARS} characters a name")
        return [name for name in names if name]


class SavedSearchForm(SearchForm):
    """The search page's rules (a query it rejects is rejected here the same way), plus a
    name and an alert."""

    name = forms.CharField(max_length=200, help_text="your name for it")
    author = AuthorsField(required=False, help_text="parts of authors' names, each needed")
    alert = forms.ChoiceField(choices=Alert.choices, required=False,
                              help_text="none (default), daily or weekly mail")  # fmt: skip
    # A saved search stores "" for no person followed or venue, and reads it back so.
    blank_allowed = ("q", "person", "venue")

    def filters(self) -> Filters:
        data = self.cleaned_data
        venue, venue_year = data.get("venue") or ("", None)
        return Filters(categories=tuple(data.get("category") or ()),
                       authors=tuple(data.get("author") or ()), after=data.get("after"),
                       before=data.get("before"),
                       person=" ".join((data.get("person") or "").split()),
                       venue=venue, venue_year=venue_year)  # fmt: skip


def cleaned_fields(data: Mapping) -> dict:
    """The model's fields from form data; raises ValidationError naming the field."""
    form = valid_form(SavedSearchForm(as_form_data(data)))
    c = form.cleaned_data
    return {"name": c["name"].strip(), "q": c.get("q") or "", "mode": c.get("mode") or "hybrid",
            "categories": list(c.get("category") or []), "authors": list(c.get("author") or []),
            "person": " ".join((c.get("person") or "").split()),
            "venue": venue_label(*c["venue"]) if c.get("venue") else "",
            "after": c.get("after"), "before": c.get("before"),
            "alert": c.get("alert") or Alert.NONE}  # fmt: skip


def as_form_data(data: Mapping) -> dict:
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
