"""Papers embedded while the map worker places others are placed by the same update: the
update their own last batch asked for found the map's lock held and did nothing (two
workers take the queue), and would have left them for the sweep."""

import pytest

from search.map import services
from search.map.models import MapPoint
from search.map.services import update_map
from tests.map_corpus import add_topic_papers

pytestmark = pytest.mark.django_db


def test_an_update_places_the_papers_embedded_while_it_placed(map_corpus, settings, monkeypatch):
    settings.MAP_REBUILD_SHARE = 0.5
    update_map()
    first = add_topic_papers("policy", 4, seed=9)
    late = []
    placing = services.place_papers

    def while_placing(layout, paper_ids):
        if not late:  # the worker's next batch lands while this one is being placed
            late.extend(add_topic_papers("graphs", 3, seed=12))
        return placing(layout, paper_ids)

    monkeypatch.setattr(services, "place_papers", while_placing)
    done = update_map()
    assert (done.action, done.papers) == ("placed", 7)
    on_map = set(MapPoint.objects.values_list("paper_id", flat=True))
    assert {p.id for p in first + late} <= on_map
