"""Which papers a listing or a search keeps: the filter value, its one SQL rule, and the
one parser of filter parameters that pages, the papers API and the search API share.

The rule is SQL because the nearest-neighbour scan needs it inside its own query (see
search/semantic.py); ORM listings use the same SQL through `Filters.apply`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from papers.models import Paper
from papers.names import author_keys, parse_name, search_keys
from papers.sources.record import ARXIV_CATEGORY
from papers.venues import parse_venue_filter

MAX_AUTHOR_CHARS = 200
MAX_CATEGORY_CHARS = 32
ISO_DATE = ["%Y-%m-%d"]


@dataclass(frozen=True)
class Filters:
    categories: tuple[str, ...] = ()  # any of
    authors: tuple[str, ...] = ()  # each must appear in a name, case-insensitive
    after: dt.date | None = None
    before: dt.date | None = None
    has: tuple[str, ...] = ()  # link kinds the paper must give each of (`has:code`)
    # A person by name, read as papers/names.py reads names ("Bengio, Yoshua" is "Yoshua
    # Bengio", and "Y. Bengio" may be him): the paper must be theirs. Following an author.
    person: str = ""
    # Where it was accepted or published (papers/venues.py): a venue, and a year or any.
    venue: str = ""
    venue_year: int | None = None

    def __bool__(self) -> bool:
        return bool(self.categories or self.authors or self.after or self.before or self.has
                    or self.person or self.venue)  # fmt: skip

    @property
    def person_keys(self) -> list[str]:
        """The author keys a paper of `person` holds one of."""
        name = parse_name(self.person)
        return search_keys(name) if name.surname else ["-"]  # "-": no one's key

    def merged(self, other: Filters) -> Filters:
        """Both sets of conditions at once (a query's `cat:` beside the `category` field)."""
        return Filters(
            categories=(*self.categories, *other.categories),
            authors=(*self.authors, *other.authors),
            after=max(filter(None, (self.after, other.after)), default=None),
            before=min(filter(None, (self.before, other.before)), default=None),
            has=tuple(dict.fromkeys((*self.has, *other.has))),
            person=other.person or self.person,
            venue=other.venue or self.venue,
            venue_year=other.venue_year if other.venue else self.venue_year,
        )

    def sql(self, alias: str = "p") -> tuple[str, list]:
        """A WHERE condition over the paper table under `alias`, and its parameters."""
        clauses, params = [], []
        if self.categories:
            clauses.append(f"{alias}.categories && %s::varchar[]")
            params.append(list(self.categories))
        for author in self.authors:
            clauses.append(f"EXISTS (SELECT 1 FROM unnest({alias}.authors) a WHERE a ILIKE %s)")
            params.append(f"%{escape_like(author)}%")
        if self.after:
            clauses.append(f"{alias}.published >= %s")
            params.append(self.after)
        if self.before:
            clauses.append(f"{alias}.published <= %s")
            params.append(self.before)
        if self.has:
            clauses.append(f"{alias}.link_kinds @> %s::varchar[]")
            params.append(list(self.has))
        if self.person:
            clauses.append(f"{alias}.author_keys && %s::text[]")
            params.append(self.person_keys)
        if self.venue:
            clauses.append(f"{alias}.venue = %s")
            params.append(self.venue)
        if self.venue and self.venue_year is not None:
            clauses.append(f"{alias}.venue_year = %s")
            params.append(self.venue_year)
        return (" AND ".join(clauses) or "TRUE"), params

    def matches(self, categories: list[str], authors: list[str], published: dt.date | None,
                link_kinds: list[str] = (), venue: str = "",
                venue_year: int | None = None) -> bool:  # fmt: skip
        """The rule of `sql`, for one paper already in memory (tests keep the two equal)."""
        if not set(self.has) <= set(link_kinds):
            return False
        if self.venue and (venue != self.venue or (
                self.venue_year is not None and venue_year != self.venue_year)):  # fmt: skip
            return False
        if self.categories and set(self.categories).isdisjoint(categories):
            return False
        for author in self.authors:  # ILIKE '%author%'
            if not any(author.lower() in name.lower() for name in authors):
                return False
        if self.person and set(self.person_keys).isdisjoint(author_keys(authors)):
            return False
        if self.after and (published is None or published < self.after):
            return False
        return not (self.before and (published is None or published > self.before))

    def apply(self, papers: QuerySet[Paper]) -> QuerySet[Paper]:
        if not self:
            return papers
        where, params = self.sql(alias=f'"{Paper._meta.db_table}"')
        return papers.filter(RawSQL(where, params, output_field=BooleanField()))


def escape_like(text: str) -> str:
    """`text` matched literally inside ILIKE: its % and _ are not wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def listed(value) -> list:
    """A form value that may be given once (a string) or repeated (a list), as a list."""
    return [value] if isinstance(value, str) else list(value or [])


class CategoriesField(forms.Field):
    """A repeated parameter (?category=cs.LG&category=cs.CV) of arXiv categories."""

    widget = forms.MultipleHiddenInput
    openapi_schema = {
        "type": "array",
        "items": {"type": "string", "maxLength": MAX_CATEGORY_CHARS,
                  "pattern": ARXIV_CATEGORY.pattern},
    }  # fmt: skip

    def to_python(self, value) -> list[str]:
        values = listed(value)
        for category in values:
            if len(category) > MAX_CATEGORY_CHARS or not ARXIV_CATEGORY.match(category):
                raise forms.ValidationError(f"{category!r} is not an arXiv category such as cs.LG")
        return values


class VenueField(forms.CharField):
    """A venue and perhaps a year ("NeurIPS 2024"), as (name, year) or None."""

    def to_python(self, value) -> tuple[str, int | None] | None:
        value = super().to_python(value)
        if not value:
            return None
        if len(value) > 100:
            raise forms.ValidationError("at most 100 characters")
        try:
            return parse_venue_filter(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class StrictBooleanField(forms.Field):
    """`true` or `false` (also 1 or 0), as OpenAPI writes a boolean query parameter;
    anything else is an error, not "true" as Django's BooleanField would have it."""

    openapi_schema = {"type": "boolean"}
    _VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        if str(value).lower() not in self._VALUES:
            raise forms.ValidationError("true or false")
        return self._VALUES[str(value).lower()]


class StrictForm(forms.Form):
    """Query parameters where one given empty is an error, not "no filter": a client
    that sends `author=` meant something, and the API's schema says so. Pages drop
    their form's empty fields before parsing (see `without_blanks`)."""

    # Parameters for which an empty value is a valid value.
    blank_allowed: tuple[str, ...] = ()

    def clean(self) -> dict:
        data = super().clean()
        for name in self.fields:
            if name not in self.blank_allowed and "" in _values(self.data, name):
                self.add_error(name, "must not be empty")
        return data


class FilterForm(StrictForm):
    """Filter parameters, shared by the papers list, search and the pages."""

    category = CategoriesField(required=False, help_text="any of these arXiv categories")
    author = forms.CharField(required=False, max_length=MAX_AUTHOR_CHARS, strip=False,
                             help_text="part of an author's name")  # fmt: skip
    venue = VenueField(required=False, help_text="accepted or published at this venue: "
                       "'NeurIPS', 'NeurIPS 2024', 'ICLR 2025'; as venue: in a query")  # fmt: skip
    person = forms.CharField(required=False, max_length=MAX_AUTHOR_CHARS, strip=False,
                             help_text="an author's papers, the name read as a person: "
                                       "'Bengio, Yoshua', 'Yoshua Bengio' and 'Y. Bengio' "
                                       "alike, not Samy Bengio")  # fmt: skip
    after = forms.DateField(required=False, input_formats=ISO_DATE,
                            help_text="published on or after (YYYY-MM-DD); not later than "
                                      "before")  # fmt: skip
    before = forms.DateField(required=False, input_formats=ISO_DATE,
                             help_text="published on or before (YYYY-MM-DD); not earlier "
                                       "than after")  # fmt: skip
    has_code = StrictBooleanField(required=False,
                                  help_text="true: only papers that link their code (a "
                                            "repository); as has:code in a query")  # fmt: skip

    def clean(self) -> dict:
        data = super().clean()
        if data.get("after") and data.get("before") and data["after"] > data["before"]:
            self.add_error("after", "must not be later than before")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        author = " ".join((data.get("author") or "").split())
        venue, venue_year = data.get("venue") or ("", None)
        return Filters(
            categories=tuple(data.get("category") or ()),
            authors=(author,) if author else (),
            after=data.get("after"),
            before=data.get("before"),
            has=("code",) if data.get("has_code") else (),
            person=" ".join((data.get("person") or "").split()),
            venue=venue,
            venue_year=venue_year,
        )


def _values(data: Mapping, name: str) -> list:
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name)
    return value if isinstance(value, list) else [] if value is None else [value]


def valid_form(form: forms.Form) -> forms.Form:
    """The form, validated; its errors as one ValidationError naming each field."""
    if not form.is_valid():
        raise forms.ValidationError(
            {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        )
    return form


def parse_filters(data: Mapping) -> Filters:
    return valid_form(FilterForm(data)).filters()


# Parameters that may be given more than once (?category=cs.LG&category=cs.CL).
MULTI_VALUED = ("category",)


def without_blanks(data: Mapping) -> dict[str, str | list[str]]:
    """A page form's parameters without the fields left empty. A repeated parameter that
    takes one value keeps its last, as a QueryDict read by the API does."""
    out: dict[str, str | list[str]] = {}
    for name in data:
        values = [v for v in _values(data, name) if v != ""]
        if values:
            out[name] = values if name in MULTI_VALUED else values[-1]
    return out
