"""The map of the field in the browser: /map/ (drawn by frontend/static/frontend/map.js
from the API's payload) and a page per region. Thin views: reads come from search.map."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from frontend.charts import SmallMap, growth_chart, small_map
from frontend.forms import error_list
from papers.filters import without_blanks
from papers.pagination import CountedPaginator
from papers.selectors import bookmarked_ids, user_bookmarks
from search import pipeline
from search.map import selectors
from search.map.selectors import current_layout
from search.params import parse_search_params

REGION_PAGE_SIZE = 50
HIGHLIGHTED_RESULTS = "100"  # a search on the map shows its whole ranked list


def map_page(request: HttpRequest) -> HttpResponse:
    layout = current_layout()
    params = without_blanks(request.GET)
    context: dict = {"layout": layout, "query": params.get("q", ""),
                     "mode": params.get("mode", "hybrid"),
                     "has_code": params.get("has_code") == "true"}  # fmt: skip
    if layout is None:
        return render(request, "frontend/map.html", context)
    context["regions"] = _region_tree(layout)
    data: dict = {"search": [], "bookmarks": {}, "focus": None}
    if params.get("q") or params.get("has_code"):
        try:
            wanted = parse_search_params({**params, "k": HIGHLIGHTED_RESULTS, "page": "1"})
        except ValidationError as error:
            context["errors"] = error_list(error.message_dict)
            return render(request, "frontend/map.html", context, status=400)
        result = pipeline.paper_search(wanted)
        data["search"] = [hit.paper.id for hit in result.hits]
        context["result"] = result
    if request.user.is_authenticated:
        for mark in user_bookmarks(request.user).select_related("paper"):
            for tag in mark.tags or ["untagged"]:
                data["bookmarks"].setdefault(tag, []).append(mark.paper_id)
    focus = params.get("paper", "")
    if focus.isascii() and focus.isdigit():  # "²" is a digit to str.isdigit, not to int()
        data["focus"] = int(focus)
    marked = [*data["search"], *(i for ids in data["bookmarks"].values() for i in ids)]
    # Where each highlighted paper is, whether or not the first view holds it.
    data["positions"] = selectors.positions(layout, [*marked, data["focus"] or 0])
    context["map_data"] = data
    return render(request, "frontend/map.html", context)


def region_page(request: HttpRequest, region_id: int) -> HttpResponse:
    found = selectors.region(region_id)
    if found is None:
        raise Http404("no such region on the current map")
    papers = selectors.region_papers(found)
    # Its kept count: counting a coarse region's papers took ~0.3 s at 1M.
    page = CountedPaginator(papers, REGION_PAGE_SIZE, found.papers).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "frontend/map_region.html",
        {
            "region": found,
            "children": found.children.order_by("-papers"),
            "page": page,
            "bookmarked": bookmarked_ids(request.user, list(page.object_list)),
            "chart": growth_chart(selectors.region_months(found)),
        },
    )


def paper_map(paper) -> SmallMap | None:
    """The small map on a paper's page: a sample of the map and where the paper sits."""
    point = selectors.paper_point(paper)
    if point is None:
        return None
    layout = point.layout
    points = selectors.small_map_points(layout)
    dots, here, height = small_map(points, layout.bounds, (point.x, point.y))
    return SmallMap(dots, here, 240, height, point.region, paper.id)


def _region_tree(layout) -> list[tuple]:
    """Coarse regions, largest first, each with its fine regions: the page's plain list."""
    regions = list(selectors.regions(layout))
    children: dict[int, list] = {}
    for region in regions:
        if region.level == 2:
            children.setdefault(region.parent_id, []).append(region)
    return [(r, children.get(r.id, [])) for r in regions if r.level == 1]
