"""Venues: every venue and year papers are known at, and a page per venue (and year)
listing its papers. Thin: papers.selectors reads them."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from papers.filters import Filters
from papers.pagination import EstimatingPaginator
from papers.selectors import bookmarked_ids, paper_list, venue_years, with_links
from papers.venues import VENUES

PAGE_SIZE = 50


def venues_page(request: HttpRequest) -> HttpResponse:
    years: dict[str, list[tuple[int | None, int]]] = {}
    for venue, year, count in venue_years():
        years.setdefault(venue, []).append((year, count))
    return render(request, "frontend/venues.html", {"venues": sorted(years.items())})


def venue_page(request: HttpRequest, venue: str, year: int | None = None) -> HttpResponse:
    if venue not in VENUES:
        raise Http404("no such venue")
    papers = paper_list(Filters(venue=venue, venue_year=year))
    page = EstimatingPaginator(papers, PAGE_SIZE).get_page(request.GET.get("page"))
    listed = with_links(page.object_list)
    return render(request, "frontend/venue.html", {
        "venue": venue, "year": year, "page": page, "papers": listed,
        "years": [(y, n) for _, y, n in venue_years(venue)],
        "bookmarked": bookmarked_ids(request.user, listed),
    })  # fmt: skip
