"""Reading the map: its metadata and regions, the points payload, a region's papers, where
one paper sits. Shared by the map pages and the API."""

from __future__ import annotations

import datetime as dt
import gzip
import math
import pickle
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Max, Min, QuerySet

from papers import encoder
from papers.models import Paper
from search.map import payload
from search.map.models import MapLayout, MapPayload, MapPoint, MapRegion
from search.months import month_number

PAYLOAD_SECONDS = 24 * 3600
MAX_CATEGORIES = 254  # the payload's category byte: 255 means "another one"
SMALL_MAP_POINTS = 1_500  # points of the small map on a paper page
METADATA = "metadata"  # the stored part holding map_metadata's dict


def current_layout() -> MapLayout | None:
    """The newest layout of the active model's vectors: the one shown."""
    return MapLayout.objects.filter(model_name=encoder.model_name()).order_by("-id").first()


@dataclass(frozen=True)
class Payload:
    raw: bytes
    gzipped: bytes
    version: str  # changes whenever a point is added or the layout rebuilt (an ETag)


def layout_version(layout: MapLayout, points: int | None = None) -> str:
    """The layout and how many points it has (given, when the caller counted them)."""
    if points is None:
        points = layout.points.count()
    return f"{layout.id}-{points}"


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


@dataclass(frozen=True)
class Tile:
    """A square of the map in payload units: 2**zoom tiles a side, x and y from 0 at the
    layout's smallest coordinates."""

    zoom: int
    x: int
    y: int

    def bounds(self, layout: MapLayout) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) in the layout's coordinates, max excluded."""
        x0, y0, x1, y1 = layout.bounds
        side = 2**self.zoom
        width, height = (x1 - x0) / side, (y1 - y0) / side
        return (
            x0 + self.x * width,
            y0 + self.y * height,
            x0 + (self.x + 1) * width,
            y0 + (self.y + 1) * height,
        )


def overview_stride(points: int) -> int:
    """1 when the first view holds every point, else every how many'th paper it holds."""
    return max(1, math.ceil(points / settings.MAP_OVERVIEW_POINTS))


def tile_zoom(points: int) -> int:
    """The zoom whose tiles hold about a quarter of the first view's budget each, so the
    few tiles a zoomed-in screen shows cost about one first view."""
    per_tile = settings.MAP_OVERVIEW_POINTS / 4
    return max(1, math.ceil(math.log(max(points / per_tile, 1), 4)))


def payload_part(tile: Tile | None) -> str:
    return f"tile-{tile.zoom}-{tile.x}-{tile.y}" if tile else "first"


def points_payload(layout: MapLayout, tile: Tile | None = None) -> Payload:
    """The layout's points as the binary payload (search/map/payload.py): the first view
    (every point, or every stride'th paper above MAP_OVERVIEW_POINTS) or every point of
    one tile. The worker that keeps the map stores every part after each change
    (services.store_payloads), and a request reads one row; a part not stored (before the
    worker has, or a tile of another zoom) is built here and cached a version."""
    stored = MapPayload.objects.filter(layout=layout, part=payload_part(tile)).values_list(
        "raw", "gzipped", "version"
    )
    for raw, gzipped, version in stored:
        return Payload(bytes(raw), bytes(gzipped), version)
    count = layout.points.count()
    version, stride = layout_version(layout, count), overview_stride(count)
    key = f"map-payload:{version}:{payload_part(tile)}-{stride}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    points = MapPoint.objects.filter(layout=layout)
    if tile is not None:
        x0, y0, x1, y1 = tile.bounds(layout)
        last = 2**tile.zoom - 1  # the last tile takes the layout's maximum too
        points = points.filter(x__gte=x0, y__gte=y0)
        points = points.filter(x__lte=x1) if tile.x == last else points.filter(x__lt=x1)
        points = points.filter(y__lte=y1) if tile.y == last else points.filter(y__lt=y1)
    elif stride > 1:
        points = points.annotate(every=F("paper_id") % stride).filter(every=0)
    categories = {name: i for i, name in enumerate(map_metadata(layout)["categories"])}
    built = _payload(layout, _point_rows(points), version, categories)
    cache.set(key, built, PAYLOAD_SECONDS)
    return built


def all_payloads(layout: MapLayout) -> dict[str, Payload]:
    """Every part a browser fetches, from one read of the points: the metadata (pickled),
    the first view, and when it is sampled every tile of the zoom the metadata names
    (empty ones too). The same bytes as points_payload builds part by part."""
    count = layout.points.count()
    version, stride = layout_version(layout, count), overview_stride(count)
    metadata = _metadata(layout, count)
    categories = {name: i for i, name in enumerate(metadata["categories"])}
    rows = _point_rows(MapPoint.objects.filter(layout=layout))
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    first = [rows[i] for i in np.flatnonzero(ids % stride == 0)]
    parts = {METADATA: Payload(pickle.dumps(metadata), b"", version),
             "first": _payload(layout, first, version, categories)}  # fmt: skip
    if stride == 1:
        return parts
    zoom = tile_zoom(count)
    side = 2**zoom
    xy = np.array([(row[1], row[2]) for row in rows], dtype=np.float64).reshape(-1, 2)
    # A tile holds x0 + i * width <= x < x0 + (i + 1) * width (Tile.bounds, the last one
    # closed): the same edges, so that each point falls where the per-tile query finds it.
    columns = []
    for axis in (0, 1):
        low, high = layout.bounds[axis], layout.bounds[axis + 2]
        edges = np.array([low + i * ((high - low) / side) for i in range(side)])
        columns.append(np.clip(np.searchsorted(edges, xy[:, axis], side="right") - 1, 0, side - 1))
    tile_of = columns[0] * side + columns[1]
    order = np.argsort(tile_of, kind="stable")  # id order within each tile
    starts = np.searchsorted(tile_of[order], np.arange(side * side + 1))
    for x in range(side):
        for y in range(side):
            at = x * side + y
            members = [rows[i] for i in order[starts[at] : starts[at + 1]]]
            parts[payload_part(Tile(zoom, x, y))] = _payload(layout, members, version,
                                                             categories)  # fmt: skip
    return parts


def _point_rows(points: QuerySet[MapPoint]) -> list[tuple]:
    return list(points.order_by("paper_id").values_list(
        "paper_id", "x", "y", "region__number", "published", "paper__categories"))  # fmt: skip


def _payload(layout: MapLayout, rows: list[tuple], version: str,
             categories: dict[str, int]) -> Payload:  # fmt: skip
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
    return Payload(raw, gzip.compress(raw, compresslevel=9, mtime=0), version)


def positions(layout: MapLayout, paper_ids: list[int]) -> dict[int, list[int]]:
    """{paper id: [x, y, month, category]} as the payload codes them, for the papers a
    page highlights: drawn whether or not the first view holds them."""
    x0, y0, x1, y1 = layout.bounds
    categories = {name: i for i, name in enumerate(map_metadata(layout)["categories"])}
    rows = MapPoint.objects.filter(layout=layout, paper_id__in=paper_ids).values_list(
        "paper_id", "x", "y", "paper__published", "paper__categories"
    )
    return {
        pid: [int(payload.quantise(np.array([x]), x0, x1)[0]),
              int(payload.quantise(np.array([y]), y0, y1)[0]),
              month_number(published),
              categories.get(cats[0], payload.OTHER_CATEGORY) if cats else payload.OTHER_CATEGORY]
        for pid, x, y, published, cats in rows
    }  # fmt: skip


def map_metadata(layout: MapLayout) -> dict:
    """The layout, its span of months, categories and regions: as the worker stored it
    with the payloads it describes (services.store_payloads), else built here and cached
    a version (counting 1M papers' categories took 5 s)."""
    for (raw,) in MapPayload.objects.filter(layout=layout, part=METADATA).values_list("raw"):
        return pickle.loads(raw)  # written by our own worker (as Django's cache pickles)
    count = layout.points.count()
    key = f"map-metadata:{layout_version(layout, count)}"
    cached = cache.get(key)
    if cached is None:
        cached = _metadata(layout, count)
        cache.set(key, cached, PAYLOAD_SECONDS)
    return cached


def _metadata(layout: MapLayout, count: int) -> dict:
    first, last = map_span(layout)
    stride = overview_stride(count)
    return {
        "model": layout.model_name,
        "method": layout.method,
        "built_at": layout.built_at,
        "papers": count,
        "laid_out": layout.papers,
        "placed": layout.points.filter(placed=True).count(),
        "seconds": layout.seconds,
        "trustworthiness": layout.trustworthiness,
        "bounds": layout.bounds,
        "first_month": first,
        "last_month": last,
        "categories": map_categories(layout),
        "version": layout_version(layout, count),
        "sampled": stride > 1,
        "overview_stride": stride,
        "tile_zoom": tile_zoom(count),
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
    """The region's papers, newest first (a coarse region: those of all its fine ones):
    a walk down the points' (region, published, paper) index that stops at the page."""
    if found.level == 1:
        papers = Paper.objects.filter(map_points__coarse_region=found)
    else:
        papers = Paper.objects.filter(map_points__region=found)
    return papers.order_by("-map_points__published", "-map_points__paper_id")


def monthly_counts(papers: QuerySet[Paper]) -> list[tuple[int, int]]:
    """(month number, papers) for each month these papers were published in."""
    rows = (
        papers.exclude(published=None)
        .order_by()
        .values_list("published__year", "published__month")
        .annotate(count=Count("id"))
    )
    return sorted((month_number(dt.date(year, month, 1)), count) for year, month, count in rows)


def region_months(found: MapRegion) -> list[tuple[int, int]]:
    """(month number, papers) of the region: as kept with it (services.count_region_months),
    counted here only before the worker has."""
    if found.months is None:
        return monthly_counts(region_papers(found))
    return sorted((int(month), count) for month, count in found.months.items())


def paper_point(paper: Paper) -> MapPoint | None:
    layout = current_layout()
    if layout is None:
        return None
    return MapPoint.objects.filter(layout=layout, paper=paper).select_related("region").first()


def small_map_points(layout: MapLayout) -> list[tuple[float, float]]:
    """A fixed sample of the layout's points, for the small map on paper pages."""
    key = f"map-small:{layout.id}"
    cached = cache.get(key)
    if cached is None:
        rows = list(
            MapPoint.objects.filter(layout=layout).order_by("paper_id").values_list("x", "y")
        )
        cached = rows[:: max(1, len(rows) // SMALL_MAP_POINTS)][:SMALL_MAP_POINTS]
        cache.set(key, cached, PAYLOAD_SECONDS)
    return cached


def point_summary(paper_id: int) -> Paper | None:
    """The paper under the pointer (hover shows its title; a click opens it)."""
    return Paper.objects.filter(id=paper_id).only("id", "arxiv_id", "title", "published").first()


def warm_payload() -> None:
    """Build the points payload and the paper pages' small map once a web worker starts
    (a second at 106k; reading 1M points for the small map took 0.6 s), so that no
    visitor's first map waits for them."""
    layout = current_layout()
    if layout is not None:
        points_payload(layout)
        small_map_points(layout)


def papers_regions(paper_ids: list[int], limit: int = 8) -> list[tuple[MapRegion, int]]:
    """The fine regions of the current map these papers lie in, with how many of them lie
    in each, most first (an author's page: where they publish)."""
    layout = current_layout()
    if layout is None or not paper_ids:
        return []
    points = MapPoint.objects.filter(layout=layout, paper_id__in=paper_ids).order_by()
    counts = points.values("region_id").annotate(count=Count("id")).order_by("-count")[:limit]
    found = {r.id: r for r in layout.regions.filter(id__in=[c["region_id"] for c in counts])}
    return [(found[c["region_id"]], c["count"]) for c in counts if c["region_id"] in found]
