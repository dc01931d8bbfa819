"""The home page, the daily listing, search results and the about page. Thin: forms
validate, services and selectors do the work."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from frontend.charts import growth_chart
from frontend.forms import (
    error_list,
)
from frontend.links import (
    category_feed_url,
    daily_feed_url,
    daily_url,
    search_feed_url,
    search_map_url,
)
from papers.daily import PAGE_SIZE as DAILY_PAGE_SIZE
from papers.daily import PERIODS as DAILY_PERIODS
from papers.daily import SORTS as DAILY_SORTS
from papers.daily import daily_listing, parse_daily_query
from papers.filters import without_blanks
from papers.front_page import front_page
from papers.models import MAIN_CATEGORIES
from papers.selectors import (
    bookmarked_ids,
    corpus_summary,
    embedding_progress,
    last_harvests,
    with_links,
)
from search import pipeline
from search.following.forms import SEARCH_FIELDS
from search.params import MODES, SORTS, SearchForm, parse_search_params
from search.trend import cached_trend, search_trend

SINCE = {"week": 7, "month": 31, "year": 366}  # home page date ranges, in days

PAGE_SIZE = 25


def home(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category") or None
    if category not in MAIN_CATEGORIES:
        category = None
    since = request.GET.get("since") if request.GET.get("since") in SINCE else None
    after = dt.date.today() - dt.timedelta(days=SINCE[since]) if since else None
    front = front_page(category, after, request.GET.get("page"), PAGE_SIZE)
    page, today = front.page(), front.today  # the home page leads with today's listing
    return render(
        request,
        "frontend/home.html",
        {
            "page": page,
            "category": category,
            "categories": MAIN_CATEGORIES,
            "since": since,
            "ranges": list(SINCE),
            "embedding": embedding_progress(),
            "bookmarked": bookmarked_ids(request.user, [*page.object_list, *today.papers]),
            "today": today,
            "today_url": daily_url(replace(today.query, date=today.start)),
            "feed_url": category_feed_url(category) if category else daily_feed_url(None),
            "feed_title": f"Paperscope: {category}" if category else "Paperscope daily",
        },
    )


def daily(request: HttpRequest, day: str | None = None) -> HttpResponse:
    data = {name: value for name, value in request.GET.dict().items() if value}
    if day:
        data["date"] = day
    try:
        query = parse_daily_query(data)
    except ValidationError as error:
        context = {"errors": error_list(error.message_dict)}
        return render(request, "frontend/daily.html", context, status=400)
    listing = daily_listing(query)
    page = Paginator(listing.papers, DAILY_PAGE_SIZE).get_page(query.page)
    page.object_list = with_links(page.object_list)  # as the daily API reads them
    # Links keep the rest of the listing's choices and start at its first page.
    shown = replace(query, date=listing.start or query.date, page=1)

    def link(**changes) -> str:
        return daily_url(replace(shown, **changes))

    return render(request, "frontend/daily.html", {
        "listing": listing,
        "page": page,
        "bookmarked": bookmarked_ids(request.user, list(page.object_list)),
        "periods": [(p, link(period=p), p == query.period) for p in DAILY_PERIODS],
        "categories": [(c or "All", link(category=c), c == query.category)
                       for c in (None, *MAIN_CATEGORIES)],
        "sorts": [(s, link(sort=s), s == query.sort) for s in DAILY_SORTS],
        "code_chips": [("All papers", link(has_code=False), not query.has_code),
                       ("With code", link(has_code=True), query.has_code)],
        "previous_url": link(date=listing.previous) if listing.previous else None,
        "next_url": link(date=listing.next) if listing.next else None,
        "previous_page_url": link(page=page.number - 1) if page.has_previous() else None,
        "next_page_url": link(page=page.number + 1) if page.has_next() else None,
        "feed_url": daily_feed_url(query.category, query.sort),
        "feed_title": f"Paperscope daily{' ' + query.category if query.category else ''}",
    })  # fmt: skip


def search(request: HttpRequest) -> HttpResponse:
    params = without_blanks(request.GET)  # the page's form sends its empty fields too
    context = {
        "params": params,
        "modes": MODES,
        "sorts": SORTS,
        "categories": MAIN_CATEGORIES,
        "query": params.get("q", ""),
        "mode": params.get("mode", "hybrid"),
    }
    if not params.get("q") and not SearchForm.filters_given(params):
        return render(request, "frontend/search.html", context)  # the empty search page
    try:
        wanted = parse_search_params(params)
    except ValidationError as error:
        context["errors"] = error_list(error.message_dict)
        return render(request, "frontend/search.html", context, status=400)
    result = pipeline.paper_search(wanted)
    has_code = "code" in wanted.filters.has
    trend = cached_trend(wanted)  # else the page fetches the chart apart (search_chart)
    pages = -(-result.total // wanted.page_size)
    context.update(
        {
            "result": result,
            "search": wanted,
            "bookmarked": bookmarked_ids(request.user, [h.paper for h in result.hits]),
            "previous_page": _page_url(request, wanted.page - 1) if wanted.page > 1 else None,
            "next_page": _page_url(request, wanted.page + 1) if wanted.page < pages else None,
            "pages": pages,
            "first_rank": (wanted.page - 1) * wanted.page_size + 1,
            "feed_url": search_feed_url(params),
            "map_url": search_map_url(params),
            "code_chips": [
                ("All papers", _with_param(request, "has_code", None), not has_code),
                ("With code", _with_param(request, "has_code", "true"), has_code),
            ],
            "chart": _chart(trend) if trend else None,
            "chart_url": None if trend else _chart_url(request),
            # The search's own fields, for the "save this search" form.
            "save_fields": [
                (name, value)
                for name, values in params.items()
                if name in SEARCH_FIELDS
                for value in (values if isinstance(values, list) else [values])
            ],
            "feed_title": f"Paperscope search: {wanted.text or 'filtered papers'}",
        }
    )
    return render(request, "frontend/search.html", context)


def search_chart(request: HttpRequest) -> HttpResponse:
    """A search's growth chart alone, for its search page to fetch (an HTML fragment)."""
    try:
        wanted = parse_search_params(without_blanks(request.GET))
    except ValidationError as error:
        problem = "; ".join(error_list(error.message_dict))
        return render(request, "400.html", {"problem": problem}, status=400)
    return render(request, "frontend/_growth_chart.html", {"chart": _chart(search_trend(wanted))})


def _chart_url(request: HttpRequest) -> str:
    return f"{reverse('frontend:search-chart')}?{request.GET.urlencode()}"


def _chart(trend):
    return growth_chart(
        trend.months, "matching papers (at least)" if trend.capped else "matching papers"
    )


def _page_url(request: HttpRequest, page: int) -> str:
    return _with_param(request, "page", str(page))


def _with_param(request: HttpRequest, name: str, value: str | None) -> str:
    """This search with one parameter set (None: left out); a filter change starts at
    the first page."""
    query = request.GET.copy()
    query.pop(name, None)
    if name != "page":
        query.pop("page", None)
    if value is not None:
        query[name] = value
    return f"{reverse('frontend:search')}?{query.urlencode()}"


def about(request: HttpRequest) -> HttpResponse:
    summary = cache.get_or_set("corpus-summary", corpus_summary, 60)
    # Not corpus_status(): the page shows no workers, so it need not ping them.
    return render(
        request,
        "frontend/about.html",
        {
            "embedding": embedding_progress(),
            "first": summary.first,
            "last": summary.last,
            "categories": summary.categories,
            "harvests": last_harvests(private=request.user.is_staff),
        },
    )
