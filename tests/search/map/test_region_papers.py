"""A region's page lists its papers newest first from the points' own index (each point
keeps its coarse region and its paper's date): the same papers, in the same order, as
joining every point of the region to its paper and sorting them, after a build and after
papers are placed."""

import pytest

from papers.models import Paper
from search.map.models import MapPoint, MapRegion
from search.map.selectors import region_papers
from search.map.services import update_map
from tests.map_corpus import add_topic_papers

pytestmark = pytest.mark.django_db


def sorted_the_long_way(region: MapRegion) -> list[int]:
    fine = [region] if region.level == 2 else list(region.children.all())
    ids = MapPoint.objects.filter(region__in=fine).values("paper_id")
    return list(Paper.objects.filter(id__in=ids).order_by("-published", "-id")
                .values_list("id", flat=True))  # fmt: skip


def assert_pages_match() -> None:
    regions = list(MapRegion.objects.all())
    assert {r.level for r in regions} == {1, 2}
    for region in regions:
        assert [p.id for p in region_papers(region)] == sorted_the_long_way(region)
        assert [p.id for p in region_papers(region)[2:5]] == sorted_the_long_way(region)[2:5]


def test_region_pages_list_newest_first_after_a_build_and_a_placement(map_corpus, settings):
    settings.MAP_REBUILD_SHARE = 0.5
    update_map()
    assert_pages_match()
    add_topic_papers("policy", 6, seed=9)
    assert update_map().action == "placed"
    placed = MapPoint.objects.filter(placed=True).select_related("region", "paper")
    assert placed.count() == 6
    for point in placed:
        assert point.coarse_region_id == point.region.parent_id
        assert point.published == point.paper.published
    assert_pages_match()
