"""Writing the map: a full layout with its named regions, and placing new papers on it.

`update_map` decides which is due: the first layout once there are papers with vectors,
a full rebuild when more than MAP_REBUILD_SHARE of the laid-out papers are new since (or
when asked), else placing the new papers among their neighbours. It runs in a worker
after embedding (receivers.py, tasks.py) and by hand (`manage.py build_map`).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from papers import encoder
from papers.db_locks import try_advisory_lock
from papers.models import Embedding, Paper
from search.map import projection, regions
from search.map.models import MapLayout, MapPayload, MapPoint, MapRegion
from search.map.selectors import METADATA, all_payloads, current_layout
from search.months import month_number
from search.semantic import all_paper_vectors, nearest, paper_vectors

logger = logging.getLogger(__name__)

# Held while the map is written, so two workers never build or place at once.
MAP_LOCK = 7_240_002
MIN_PAPERS = 5  # fewer, and there is nothing to draw a map of
SAMPLE_PER_REGION = 400  # papers whose text names a region


@dataclass(frozen=True)
class MapUpdate:
    action: str  # "built", "placed", "nothing" or "busy"
    papers: int
    seconds: float


Progress = Callable[[str], None]


def update_map(rebuild: bool = False, progress: Progress = lambda step: None) -> MapUpdate:
    started = time.perf_counter()
    with try_advisory_lock(MAP_LOCK) as acquired:
        if not acquired:
            return MapUpdate("busy", 0, 0.0)
        layout = current_layout()
        new = _unlaid_paper_ids(layout) if layout else []
        if rebuild or layout is None or _due(layout, len(new)):
            built = build_layout(progress)
            papers = built.papers if built else 0
            action = "built" if built else "nothing"
        elif new:
            papers, action = _place_until_none_left(layout, new), "placed"
        else:
            papers, action = 0, "nothing"
        if layout := current_layout():
            count_region_months(layout)
            # (Parts stored before the metadata was stored with them are replaced.)
            if action in ("built", "placed") or not layout.payloads.filter(part=METADATA).exists():
                store_payloads(layout)
    return MapUpdate(action, papers, time.perf_counter() - started)


def store_payloads(layout: MapLayout) -> int:
    """Every part of the points payload, built afresh and swapped in at once: requests
    read the old parts until the new ones commit, and never build one themselves."""
    parts = all_payloads(layout)
    with transaction.atomic():
        MapPayload.objects.filter(layout=layout).delete()
        MapPayload.objects.bulk_create(
            [MapPayload(layout=layout, part=part, version=built.version, raw=built.raw,
                        gzipped=built.gzipped) for part, built in parts.items()],
            batch_size=16,
        )  # fmt: skip
    return len(parts)


def count_region_months(layout: MapLayout) -> None:
    """Papers per month and papers of each region of the layout, counted afresh when any
    region has none yet or points were placed since (one pass over the points, seconds
    at 1M papers, in the worker that keeps the map: no page waits on it)."""
    regions = list(layout.regions.all())
    placed = MapPoint.objects.filter(layout=layout).count()
    if (
        all(r.months is not None for r in regions)
        and sum(r.papers for r in regions if r.level == 2) == placed
    ):
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT m.region_id, ((extract(year FROM p.published) - 1970) * 12
                                 + extract(month FROM p.published))::int, count(*)
            FROM {MapPoint._meta.db_table} m JOIN {Paper._meta.db_table} p ON p.id = m.paper_id
            WHERE m.layout_id = %s
            GROUP BY 1, 2
            """,
            [layout.id],
        )
        rows = cursor.fetchall()
    fine: dict[int, dict[str, int]] = {}
    totals: Counter[int] = Counter()  # every point, dated or not (the same pass)
    for region_id, month, count in rows:  # month None: papers without a date
        fine.setdefault(region_id, {})
        totals[region_id] += count
        if month is not None:
            fine[region_id][str(month)] = count
    for region in regions:
        if region.level == 2:
            region.months, region.papers = fine.get(region.id, {}), totals.get(region.id, 0)
    for region in regions:
        if region.level == 1:
            kids = [r for r in regions if r.parent_id == region.id]
            region.papers = sum(k.papers for k in kids)
            region.months = dict(sum((Counter(k.months) for k in kids), Counter()))
    MapRegion.objects.bulk_update(regions, ["months", "papers"], batch_size=500)


def _due(layout: MapLayout, new: int) -> bool:
    """A full rebuild: when more than MAP_REBUILD_SHARE of the laid-out papers are new, or
    the layout is older than MAP_REBUILD_DAYS (0: never by age)."""
    if new > settings.MAP_REBUILD_SHARE * layout.papers:
        return True
    days = settings.MAP_REBUILD_DAYS
    return bool(days) and timezone.now() - layout.built_at > dt.timedelta(days=days)


def build_layout(progress: Progress = lambda step: None) -> MapLayout | None:
    """Lay out every paper with a current vector, name its regions, and make it the
    current layout (older layouts of the model are dropped in the same transaction)."""
    started = time.perf_counter()
    progress("reading vectors")
    ids, vectors = all_paper_vectors()
    if len(ids) < MIN_PAPERS:
        return None
    progress(f"laying out {len(ids):,} papers ({projection.METHOD})")
    xy = projection.project(vectors)
    progress("measuring trustworthiness")
    trust = projection.trustworthiness(vectors, xy)
    progress("finding and naming regions")
    clusters = regions.cluster(xy)
    fine, coarse = clusters.fine, clusters.coarse_of_fine[clusters.fine]
    fine_terms = regions.distinctive_terms(_region_texts(ids, fine, len(clusters.fine_centres)))
    coarse_count = int(clusters.coarse_of_fine.max()) + 1
    coarse_terms = regions.distinctive_terms(_region_texts(ids, coarse, coarse_count))
    progress("storing")
    with transaction.atomic():
        MapLayout.objects.filter(model_name=encoder.model_name()).delete()
        layout = MapLayout.objects.create(
            model_name=encoder.model_name(), method=projection.METHOD, papers=len(ids),
            seconds=0.0, trustworthiness=trust,
            bounds=[*map(float, xy.min(axis=0)), *map(float, xy.max(axis=0))],
        )  # fmt: skip
        parents = [
            _region(layout, 1, number, terms, xy[coarse == number], parent=None)
            for number, terms in enumerate(coarse_terms)
        ]
        children = [
            _region(layout, 2, number, terms, xy[fine == number],
                    parent=parents[clusters.coarse_of_fine[number]])
            for number, terms in enumerate(fine_terms)
        ]  # fmt: skip
        days = dict(Paper.objects.values_list("id", "published"))
        MapPoint.objects.bulk_create(
            (
                MapPoint(layout=layout, paper_id=int(pid), x=float(x), y=float(y),
                         region=children[region], coarse_region=children[region].parent,
                         published=days.get(int(pid)))
                for pid, (x, y), region in zip(ids, xy, fine, strict=True)
            ),
            batch_size=5_000,
        )  # fmt: skip
        layout.seconds = round(time.perf_counter() - started, 1)
        layout.save(update_fields=["seconds"])
    logger.info("map of %d papers built in %.1fs", len(ids), layout.seconds)
    return layout


def _region(layout, level: int, number: int, terms: list[str], xy: np.ndarray, parent):
    return MapRegion.objects.create(
        layout=layout, level=level, number=number, parent=parent, label=regions.label(terms),
        terms=terms, x=float(xy[:, 0].mean()), y=float(xy[:, 1].mean()), papers=len(xy),
    )  # fmt: skip


def _place_until_none_left(layout: MapLayout, new: list[int]) -> int:
    """Place these papers, then those embedded meanwhile: the update their last batch
    asked for found this one holding the lock and did nothing, and would otherwise wait
    for the sweep. Each paper is tried once (one with no laid-out neighbour stays out)."""
    placed, tried = 0, set()
    while new:
        tried.update(new)
        placed += place_papers(layout, new)
        new = [pid for pid in _unlaid_paper_ids(layout) if pid not in tried]
    return placed


def place_papers(layout: MapLayout, paper_ids: list[int]) -> int:
    """Place these papers among their nearest laid-out neighbours; returns how many."""
    vectors = paper_vectors(paper_ids)
    days = dict(Paper.objects.filter(id__in=list(vectors)).values_list("id", "published"))
    placed = []
    for pid, vector in vectors.items():
        neighbours = _laid_out_neighbours(layout, vector, [pid])
        if not neighbours:
            # Its nearest are all new too (a day's papers on one new topic, or records
            # alike): look past every paper of this batch, none of which has a point yet.
            neighbours = _laid_out_neighbours(layout, vector, paper_ids)
        if not neighbours:
            continue
        xy = projection.place(
            np.array([[p.x, p.y] for p, _ in neighbours]), np.array([c for _, c in neighbours])
        )
        closest = neighbours[0][0]  # its regions are those of its closest neighbour
        placed.append(MapPoint(layout=layout, paper_id=pid, x=float(xy[0]), y=float(xy[1]),
                               region_id=closest.region_id,
                               coarse_region_id=closest.coarse_region_id,
                               published=days.get(pid), placed=True))  # fmt: skip
    with transaction.atomic():
        MapPoint.objects.bulk_create(placed, ignore_conflicts=True)
        _count_placed(layout, placed)
    return len(placed)


def _count_placed(layout: MapLayout, placed: list[MapPoint]) -> None:
    """Add the placed points to their regions' papers and months, as count_region_months
    would count them (it then finds the sums agree and skips its pass over every point,
    seconds at 1M, after each placement)."""
    regions = {r.id: r for r in layout.regions.all()}
    changed = {}
    for point in placed:
        for region in (regions.get(point.region_id), regions.get(point.coarse_region_id)):
            if region is None or region.months is None:
                continue  # not counted yet: count_region_months counts it whole
            region.papers += 1
            if point.published is not None:
                month = str(month_number(point.published))
                region.months[month] = region.months.get(month, 0) + 1
            changed[region.id] = region
    MapRegion.objects.bulk_update(list(changed.values()), ["months", "papers"], batch_size=500)


def _laid_out_neighbours(layout: MapLayout, vector: np.ndarray,
                         exclude_ids: list[int]) -> list[tuple[MapPoint, float]]:  # fmt: skip
    """Up to NEIGHBOURS of the vector's nearest papers that have a point, with cosines."""
    hits = nearest(vector, k=projection.NEIGHBOURS * 3, exclude_ids=exclude_ids)
    known = {point.paper_id: point for point in
             MapPoint.objects.filter(layout=layout, paper_id__in=[h[0] for h in hits])}  # fmt: skip
    return [(known[h], cosine) for h, cosine in hits if h in known][: projection.NEIGHBOURS]


def _unlaid_paper_ids(layout: MapLayout) -> list[int]:
    """Papers with a current vector of the model and no point on the layout."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT e.paper_id FROM {Embedding._meta.db_table} e
            JOIN {Paper._meta.db_table} p ON p.id = e.paper_id
            WHERE e.model_name = %s AND e.text_hash = {encoder.TEXT_HASH_SQL.format(row="p.")}
              AND NOT EXISTS (SELECT 1 FROM {MapPoint._meta.db_table} m
                              WHERE m.layout_id = %s AND m.paper_id = e.paper_id)
            ORDER BY e.paper_id
            """,
            [layout.model_name, layout.id],
        )
        return [row[0] for row in cursor.fetchall()]


def _region_texts(ids: np.ndarray, assignment: np.ndarray, count: int) -> list[str]:
    """Each region's papers' titles and abstracts, joined: at most SAMPLE_PER_REGION papers
    a region, enough for its distinctive terms and quick at 1M papers."""
    rng = np.random.default_rng(0)
    members = []
    for number in range(count):
        ids_here = ids[assignment == number]
        if len(ids_here) > SAMPLE_PER_REGION:
            ids_here = rng.choice(ids_here, SAMPLE_PER_REGION, replace=False)
        members.append(ids_here.tolist())
    wanted = [pid for group in members for pid in group]
    texts = {
        pid: encoder.paper_text(title, abstract)
        for pid, title, abstract in Paper.objects.filter(id__in=wanted).values_list(
            "id", "title", "abstract"
        )
    }
    return [" ".join(texts[pid] for pid in group if pid in texts) for group in members]
