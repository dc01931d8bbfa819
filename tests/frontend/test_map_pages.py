"""The map's pages without a browser: what the server renders (the region list as plain
links, region pages, the small map on paper pages, the search page's link, the data the
script highlights)."""

import json
import re

import pytest

from papers.models import Paper
from papers.services import bookmark_save, links_refresh
from search.map.models import MapRegion
from search.map.services import update_map
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


def map_data(response) -> dict:
    found = re.search(r'<script id="map-data" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)  # fmt: skip
    return json.loads(found.group(1))


def test_without_a_map_the_page_says_how_one_comes(client):
    response = client.get("/map/")
    assert response.status_code == 200 and b"No map yet" in response.content


def test_the_regions_are_plain_links_for_keyboards_and_screen_readers(client, map_corpus):
    update_map()
    html = client.get("/map/").content.decode()
    assert 'aria-label="Regions of the map"' in html
    for region in MapRegion.objects.all():
        assert f'href="/map/regions/{region.id}/"' in html
    assert 'id="map-canvas"' in html and "frontend/map.js" in html


def test_a_region_page_lists_its_papers_newest_first_with_their_growth(client, map_corpus):
    update_map()
    region = MapRegion.objects.get(level=2, label__contains="diffusion")
    html = client.get(f"/map/regions/{region.id}/").content.decode()
    titles = re.findall(r'class="paper-title tex"><a href="[^"]+">([^<]+)</a>', html)
    newest_first = sorted(map_corpus["diffusion"], key=lambda p: p.published, reverse=True)
    assert titles == [p.title for p in newest_first]
    assert '<svg role="img" aria-label="20 papers from' in html
    assert "<figcaption>20 papers from" in html
    coarse = region.parent
    assert f'href="/map/regions/{coarse.id}/"' in html
    assert client.get(f"/map/regions/{coarse.id}/").status_code == 200
    assert client.get("/map/regions/999999/").status_code == 404


def test_a_search_on_the_map_highlights_the_same_results_as_the_search_page(client, map_corpus):
    update_map()
    index_keywords()
    data = map_data(client.get("/map/", {"q": "policy", "mode": "keyword"}))
    policy_ids = {p.id for p in map_corpus["policy"]}
    assert data["search"] and set(data["search"]) <= policy_ids
    search_page = client.get("/search", {"q": "policy", "mode": "keyword"}).content.decode()
    assert 'href="/map/?q=policy&amp;mode=keyword">see these results on the map' in search_page
    bad = client.get("/map/", {"q": "policy", "mode": "psychic"})
    assert bad.status_code == 400 and b"mode" in bad.content


def test_bookmarks_are_highlighted_by_tag_for_their_owner_only(
    alice, alice_client, bob_client, map_corpus
):
    update_map()
    paper = map_corpus["graphs"][3]
    bookmark_save(alice, paper, tags=["to-read"])
    assert map_data(alice_client.get("/map/"))["bookmarks"] == {"to-read": [paper.id]}
    assert map_data(bob_client.get("/map/"))["bookmarks"] == {}


def test_a_paper_page_shows_where_it_sits_on_the_map(client, map_corpus):
    paper = map_corpus["policy"][0]
    assert b"On the map" not in client.get(f"/papers/{paper.arxiv_id}/").content
    update_map()
    html = client.get(f"/papers/{paper.arxiv_id}/").content.decode()
    assert "On the map" in html and f'href="/map/?paper={paper.id}"' in html
    assert '<circle class="here"' in html
    assert html.count("<circle") == 61  # every point of a small map, and this one


def test_with_code_highlights_the_papers_that_link_their_code(client, map_corpus):
    with_code = map_corpus["policy"][:2]
    for paper in with_code:
        Paper.objects.filter(id=paper.id).update(
            abstract=f"{paper.abstract} Code: https://github.com/lab/p{paper.id}."
        )
    links_refresh([p.id for p in with_code])
    update_map()
    index_keywords()
    data = map_data(client.get("/map/", {"has_code": "true"}))
    assert sorted(data["search"]) == sorted(p.id for p in with_code)
    narrowed = map_data(client.get("/map/", {"q": "policy", "mode": "keyword", "has_code": "true"}))
    assert sorted(narrowed["search"]) == sorted(p.id for p in with_code)
