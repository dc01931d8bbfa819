"""Each region keeps its papers per month and its paper count (its page's growth chart
and pager read them): counted when the map is built, and again after papers are placed."""

import pytest

from search.map.models import MapRegion
from search.map.selectors import monthly_counts, region_months, region_papers
from search.map.services import update_map
from tests.map_corpus import add_topic_papers

pytestmark = pytest.mark.django_db


def kept_and_counted():
    for region in MapRegion.objects.all():
        assert region.months is not None
        counted = region_papers(region)
        yield region, region_months(region), monthly_counts(counted), counted.count()


def test_regions_keep_their_months_and_counts_through_placement(map_corpus, settings):
    settings.MAP_REBUILD_SHARE = 0.5
    update_map()
    for region, kept, counted, papers in kept_and_counted():
        assert kept == counted and region.papers == papers
    add_topic_papers("policy", 6, seed=9)
    assert update_map().action == "placed"
    for region, kept, counted, papers in kept_and_counted():
        assert kept == counted and region.papers == papers
    assert sum(r.papers for r in MapRegion.objects.filter(level=1)) == 66
