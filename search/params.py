"""A search request's parameters, validated once into a plain value that the page, the API
and `evaluate` all hand to `paper_search`. A bad parameter raises ValidationError naming
the field (the API answers 400 with it, the page shows it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms

from papers.filters import FilterForm, Filters, StrictBooleanField, valid_form
from search.query import MAX_QUERY_CHARS, KeywordQuery, QueryError, parse_keyword_query, parse_query

MODES = ("hybrid", "semantic", "keyword")
SORTS = ("relevance", "newest", "citations")  # citations: most cited (worldwide) first
MAX_RESULTS = 100  # results are ranked this deep
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class SearchParams:
    query: str = ""  # as typed, for display
    text: str = ""  # what is left to search once the query's filters are taken out
    arxiv_id: str | None = None  # the query named one paper
    mode: str = "hybrid"
    sort: str = "relevance"
    filters: Filters = field(default_factory=Filters)  # the query's and the fields' together
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    exclude_ids: tuple[int, ...] = ()  # papers never to return (evaluation's own paper)
    prose: bool = False  # `text` is prose (a pasted abstract), not a query with syntax
    # `text` as the keyword index reads it: parsed here, once, for the retrievers, the
    # snippets and the match rule alike.
    keyword: KeywordQuery = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keyword", parse_keyword_query(self.text, self.prose))

    @property
    def depth(self) -> int:
        """How many ranked results this page needs."""
        return min(self.page * self.page_size, MAX_RESULTS)

    def replace(self, **changes) -> SearchParams:
        return dataclasses.replace(self, **changes)


class SearchForm(FilterForm):
    q = forms.CharField(required=False, max_length=MAX_QUERY_CHARS,
                        help_text="words, \"a phrase\", -excluded, author:, cat:, after:, "
                                  "before:, has:code (model, data, demo, project), or an "
                                  "arXiv id or URL. Required unless a filter (category, "
                                  "author, after, before, has_code) is given or "
                                  "sort=citations")  # fmt: skip
    mode = forms.ChoiceField(choices=[(m, m) for m in MODES], required=False,
                             help_text="default hybrid")  # fmt: skip
    sort = forms.ChoiceField(choices=[(s, s) for s in SORTS], required=False,
                             help_text="default relevance; newest and citations (most "
                                       "cited) reorder the best matches, or list every "
                                       "paper without q")  # fmt: skip
    k = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE,
                           help_text=f"results a page (default {DEFAULT_PAGE_SIZE})")  # fmt: skip
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_RESULTS,
                              help_text=f"default 1; results are ranked {MAX_RESULTS} deep, "
                                        f"so (page - 1) * k < {MAX_RESULTS}")  # fmt: skip
    prose = StrictBooleanField(required=False,
                               help_text="q is text to find related work for (a draft "
                                         "abstract): no query syntax; over 40 words is "
                                         "always read so")  # fmt: skip

    blank_allowed = ("q",)

    def clean(self) -> dict:
        data = super().clean()
        q = data.get("q") or ""
        # Most cited first is a listing of its own: every paper, no words needed.
        if not q and not self.filters_given(data) and data.get("sort") != "citations":
            self.add_error("q", "give a query, a filter, or both")
        page, k = data.get("page") or 1, data.get("k") or DEFAULT_PAGE_SIZE
        if (page - 1) * k >= MAX_RESULTS:
            self.add_error("page", f"results are ranked {MAX_RESULTS} deep: (page - 1) * k < "
                                   f"{MAX_RESULTS}")  # fmt: skip
        if q and "q" not in self.errors:
            try:
                self.parsed = parse_query(q, as_text=bool(data.get("prose")))
            except QueryError as error:
                self.add_error("q", str(error))
        return data

    @staticmethod
    def filters_given(data: Mapping) -> bool:
        return any(data.get(name) for name in FilterForm.base_fields)

    def params(self) -> SearchParams:
        data = self.cleaned_data
        parsed = getattr(self, "parsed", None)
        query_filters = Filters()
        if parsed is not None:
            venue, venue_year = parsed.venue or ("", None)
            query_filters = Filters(tuple(parsed.categories), tuple(parsed.authors),
                                    parsed.after, parsed.before, tuple(parsed.has),
                                    venue=venue, venue_year=venue_year)  # fmt: skip
        return SearchParams(
            query=data.get("q") or "",
            text=parsed.text if parsed else "",
            arxiv_id=parsed.arxiv_id if parsed else None,
            mode=data.get("mode") or "hybrid",
            sort=data.get("sort") or "relevance",
            filters=self.filters().merged(query_filters),
            page=data.get("page") or 1,
            page_size=data.get("k") or DEFAULT_PAGE_SIZE,
            prose=bool(parsed and parsed.prose),
        )


def parse_search_params(data: Mapping) -> SearchParams:
    """The search the parameters ask for (q, mode, sort, k, page and the filters)."""
    return valid_form(SearchForm(data)).params()
