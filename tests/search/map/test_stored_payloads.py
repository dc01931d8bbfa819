"""The worker that keeps the map stores every part of the points payload (the first view
and each tile) and the metadata describing them whenever the points change, and a request
reads one stored row: the same bytes a part built on request has, swapped in at once
after a placement."""

import pytest
from django.core.cache import cache

from search.map import payload
from search.map.models import MapLayout, MapPayload, MapPoint
from search.map.selectors import Tile, map_metadata, payload_part, points_payload
from search.map.services import update_map
from tests.map_corpus import add_topic_papers

pytestmark = pytest.mark.django_db

PARTS = {"metadata", "first"} | {f"tile-2-{x}-{y}" for x in range(4) for y in range(4)}


def stored() -> dict[str, MapPayload]:
    return {p.part: p for p in MapPayload.objects.all()}


def built_on_request(layout: MapLayout) -> dict[str, bytes]:
    """Each part as a request builds it when none is stored."""
    MapPayload.objects.all().delete()
    cache.clear()
    tiles = [Tile(2, x, y) for x in range(4) for y in range(4)]
    return {payload_part(t): points_payload(layout, t).raw for t in [None, *tiles]}


def test_every_part_is_stored_with_the_bytes_a_request_would_build(map_corpus, settings):
    settings.MAP_OVERVIEW_POINTS = 25  # sampled: the first view and 16 tiles at zoom 2
    update_map()
    layout = MapLayout.objects.get()
    kept = stored()
    assert set(kept) == PARTS
    assert {p.version for p in kept.values()} == {f"{layout.id}-60"}
    metadata = map_metadata(layout)
    assert (metadata["version"], metadata["papers"], metadata["tile_zoom"]) == (
        f"{layout.id}-60", 60, 2)
    points = {part: bytes(p.raw) for part, p in kept.items() if part != "metadata"}
    assert points == built_on_request(layout)
    assert map_metadata(layout) == metadata  # built on request: the same


def test_a_placement_stores_new_parts_and_requests_read_the_stored_ones(map_corpus, settings):
    settings.MAP_OVERVIEW_POINTS = 25
    settings.MAP_REBUILD_SHARE = 0.5
    update_map()
    layout = MapLayout.objects.get()
    new = add_topic_papers("policy", 6, seed=9)
    # Until the worker places them, requests go on reading the parts stored.
    assert points_payload(layout).version == f"{layout.id}-60"
    assert update_map().action == "placed"
    assert {p.version for p in stored().values()} == {f"{layout.id}-66"}
    assert points_payload(layout, Tile(2, 0, 0)).version == f"{layout.id}-66"
    assert map_metadata(layout)["papers"] == 66
    in_tiles = set()
    for part, kept in stored().items():
        if part.startswith("tile-"):
            in_tiles |= set(payload.decode(bytes(kept.raw))["ids"].tolist())
    assert {p.id for p in new} <= in_tiles
    assert in_tiles == set(MapPoint.objects.values_list("paper_id", flat=True))
