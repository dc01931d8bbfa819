"""Building the map: a full layout with named, nested regions; new papers placed among
their neighbours; a rebuild once enough of the map is new (real PostgreSQL, openTSNE)."""

import numpy as np
import pytest
from django.core.management import call_command
from pgvector import HalfVector

from papers.models import Embedding
from search.map.models import MapLayout, MapPoint, MapRegion
from search.map.selectors import current_layout
from search.map.services import update_map
from tests.map_corpus import add_topic_papers, topic_vectors

pytestmark = pytest.mark.django_db


def test_the_first_layout_places_every_paper_in_named_nested_regions(map_corpus):
    done = update_map()
    assert done.action == "built" and done.papers == 60
    layout = current_layout()
    assert layout.method == "openTSNE" and layout.papers == 60 and layout.seconds > 0
    assert 0.5 < layout.trustworthiness <= 1.0
    points = {p.paper_id: p for p in MapPoint.objects.filter(layout=layout)}
    assert len(points) == 60 and not any(p.placed for p in points.values())
    x0, y0, x1, y1 = layout.bounds
    assert all(x0 <= p.x <= x1 and y0 <= p.y <= y1 for p in points.values())
    coarse = MapRegion.objects.filter(layout=layout, level=1)
    fine = MapRegion.objects.filter(layout=layout, level=2)
    assert coarse.exists() and fine.exists()
    assert all(region.parent.level == 1 for region in fine)
    assert sum(r.papers for r in fine) == sum(r.papers for r in coarse) == 60
    # Each topic's papers share a fine region and its name says what they are about.
    for topic, words in (("diffusion", "diffusion"), ("policy", "policy"), ("graphs", "graph")):
        regions = {points[p.id].region for p in map_corpus[topic]}
        assert len(regions) == 1
        assert words in regions.pop().label


def test_new_papers_are_placed_beside_their_neighbours_without_a_rebuild(map_corpus, settings):
    settings.MAP_REBUILD_SHARE = 0.25
    update_map()
    layout = current_layout()
    new = add_topic_papers("policy", 5, seed=9)
    done = update_map()
    assert done.action == "placed" and done.papers == 5
    assert current_layout().id == layout.id  # the same layout
    policy_points = MapPoint.objects.filter(layout=layout, paper__in=map_corpus["policy"])
    centre = np.mean([[p.x, p.y] for p in policy_points], axis=0)
    spread = np.mean([abs(p.x - centre[0]) + abs(p.y - centre[1]) for p in policy_points])
    for point in MapPoint.objects.filter(layout=layout, paper__in=new):
        assert point.placed
        assert point.region == policy_points.first().region
        assert abs(point.x - centre[0]) + abs(point.y - centre[1]) < 3 * spread
    assert update_map().action == "nothing"


def test_new_papers_alike_are_placed_though_their_nearest_are_each_other(map_corpus, settings):
    settings.MAP_REBUILD_SHARE = 0.9
    update_map()
    # 40 new papers nearer each other than any laid-out paper: a paper's 30 nearest are
    # all new, and none of them has a point yet.
    new = add_topic_papers("graphs", 40, seed=11)
    Embedding.objects.filter(paper__in=new).update(
        vector=HalfVector(
            list(topic_vectors(2, 1, seed=(11, new[0].id))[0] * 0.999
                 + topic_vectors(0, 1, seed=(3, new[0].id))[0] * 0.045)
        )
    )
    done = update_map()
    assert done.action == "placed" and done.papers == 40
    assert MapPoint.objects.filter(paper__in=new, placed=True).count() == 40


def test_a_map_with_many_new_papers_is_laid_out_again(map_corpus, settings):
    settings.MAP_REBUILD_SHARE = 0.25
    update_map()
    add_topic_papers("graphs", 16, seed=4)  # 16 > 0.25 x 60
    done = update_map()
    assert done.action == "built" and done.papers == 76
    assert MapLayout.objects.count() == 1  # the old layout is gone
    assert not MapPoint.objects.filter(placed=True).exists()


def test_a_rebuild_on_request_and_nothing_to_map_without_vectors(db, capsys):
    assert update_map().action == "nothing" and current_layout() is None
    call_command("build_map", "--no-progress")
    assert "the map is current" in capsys.readouterr().out


def test_the_command_builds_and_says_what_it_did(map_corpus, capsys):
    call_command("build_map", "--no-progress")
    assert "built 60 papers" in capsys.readouterr().out
    call_command("build_map", "--rebuild", "--no-progress")
    assert "built 60 papers" in capsys.readouterr().out
    assert MapLayout.objects.count() == 1
