"""Reading the map: its metadata and regions, the points payload, a region's papers, where
one paper sits. Shared by the map pages and the API."""

from __future__ import annotations

import gzip
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, Min, QuerySet

from papers.models import Paper
from search.map import payload
from search.map.build import current_layout
from search.models import MapLayout, MapPoint, MapRegion
from search.months import month_number

PAYLOAD_SECONDS = 24 * 3600
MAX_CATEGORIES = 254  # the payload's category byte: 255 means "another one"
OVERVIEW_POINTS = 1_500  # points of the small map on a paper page


@dataclass(frozen=True)
class Payload:
    raw: bytes
    gzipped: bytes
    version: str  # changes whenever a point is added or the layout rebuilt (an ETag)


def layout_version(layout: MapLayout) -> str:
    count = MapPoint.objects.filter(layout=layout).count()
    return f"{layout.id}-{count}"


def map_categories(layout: MapLayout) -> list[str]:
    """Primary categories on the map, most papers first: the payload's category index."""
    counts = Counter(
        categories[0]
        for categories in Paper.objects.filter(map_points__layout=layout)
        .exclude(categories=[])
        .values_list("categories", flat=True)
    )
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [name for name, _ in ranked[:MAX_CATEGORIES]]


def points_payload(layout: MapLayout) -> Payload:
    """Every point of the layout as the binary payload (search/map/payload.py), built once
    a version and cached: placing a paper makes a new version."""
    version = layout_version(layout)
    key = f"map-payload:{version}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    categories = {name: i for i, name in enumerate(map_metadata(layout)["categories"])}
    rows = list(
        MapPoint.objects.filter(layout=layout)
        .order_by("paper_id")
        .values_list("paper_id", "x", "y", "region__number", "paper__published",
                     "paper__categories")
    )  # fmt: skip
    xy = np.array([(row[1], row[2]) for row in rows], dtype=np.float64).reshape(-1, 2)
    raw = payload.encode(
        ids=[row[0] for row in rows],
        xy=xy,
        bounds=layout.bounds,
        months=[month_number(row[4]) for row in rows],
        regions=[row[3] for row in rows],
        categories=[
            categories.get(row[5][0], payload.OTHER_CATEGORY) if row[5] else payload.OTHER_CATEGORY
            for row in rows
        ],
    )
    built = Payload(raw, gzip.compress(raw, compresslevel=9, mtime=0), version)
    cache.set(key, built, PAYLOAD_SECONDS)
    return built


def map_metadata(layout: MapLayout) -> dict:
    """The layout, its span of months, categories and regions; cached a version (counting
    106k papers' categories takes half a second)."""
    version = layout_version(layout)
    key = f"map-metadata:{version}"
    cached = cache.get(key)
    if cached is None:
        cached = _metadata(layout, version)
        cache.set(key, cached, PAYLOAD_SECONDS)
    return cached


def _metadata(layout: MapLayout, version: str) -> dict:
    points = MapPoint.objects.filter(layout=layout)
    first, last = map_span(layout)
    return {
        "model": layout.model_name,
        "method": layout.method,
        "built_at": layout.built_at,
        "papers": points.count(),
        "laid_out": layout.papers,
        "placed": points.filter(placed=True).count(),
        "seconds": layout.seconds,
        "trustworthiness": layout.trustworthiness,
        "bounds": layout.bounds,
        "first_month": first,
        "last_month": last,
        "categories": map_categories(layout),
        "version": version,
        "regions": list(regions(layout)),
    }


def map_span(layout: MapLayout) -> tuple[int, int]:
    """(first, last) month numbers of the papers on the map."""
    span = Paper.objects.filter(map_points__layout=layout).aggregate(
        first=Min("published"), last=Max("published")
    )
    return month_number(span["first"]), month_number(span["last"])


def regions(layout: MapLayout) -> QuerySet[MapRegion]:
    return layout.regions.order_by("level", "-papers")


def region(region_id: int) -> MapRegion | None:
    layout = current_layout()
    if layout is None:
        return None
    return layout.regions.filter(id=region_id).select_related("parent").first()


def region_papers(found: MapRegion) -> QuerySet[Paper]:
    """The region's papers, newest first (a coarse region: those of all its fine ones)."""
    points = MapPoint.objects.filter(layout=found.layout)
    if found.level == 1:
        points = points.filter(region__parent=found)
    else:
        points = points.filter(region=found)
    ids = points.values("paper_id")
    return Paper.objects.filter(id__in=ids).order_by("-published", "-id")


def monthly_counts(papers: QuerySet[Paper]) -> list[tuple[int, int]]:
    """(month number, papers) for each month these papers were published in."""
    rows = (
        papers.exclude(published=None)
        .order_by()
        .values_list("published__year", "published__month")
        .annotate(count=Count("id"))
    )
    return sorted(((year - 1970) * 12 + month, count) for year, month, count in rows)


def paper_point(paper: Paper) -> MapPoint | None:
    layout = current_layout()
    if layout is None:
        return None
    return MapPoint.objects.filter(layout=layout, paper=paper).select_related("region").first()


def overview_points(layout: MapLayout) -> list[tuple[float, float]]:
    """A fixed sample of the layout's points, for the small map on paper pages."""
    key = f"map-overview:{layout.id}"
    cached = cache.get(key)
    if cached is None:
        rows = list(
            MapPoint.objects.filter(layout=layout).order_by("paper_id").values_list("x", "y")
        )
        cached = rows[:: max(1, len(rows) // OVERVIEW_POINTS)][:OVERVIEW_POINTS]
        cache.set(key, cached, PAYLOAD_SECONDS)
    return cached


def point_summary(paper_id: int) -> Paper | None:
    """The paper under the pointer (hover shows its title; a click opens it)."""
    return Paper.objects.filter(id=paper_id).only("id", "arxiv_id", "title", "published").first()
