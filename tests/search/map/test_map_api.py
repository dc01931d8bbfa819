"""GET /api/v1/map/, the points payload and the point under a pointer."""

import gzip

import pytest

from search.map import payload
from search.map.models import MapPoint
from search.map.services import update_map
from search.months import month_number

pytestmark = pytest.mark.django_db


def test_no_map_yet_is_a_404_that_says_why(client):
    for path in ("/api/v1/map/", "/api/v1/map/points"):
        response = client.get(path)
        assert response.status_code == 404
        assert "no map yet" in response.json()["detail"]


def test_metadata_names_the_regions_and_where_the_points_are(client, map_corpus):
    update_map()
    data = client.get("/api/v1/map/").json()
    assert data["papers"] == data["laid_out"] == 60 and data["placed"] == 0
    assert data["method"] == "openTSNE" and 0 < data["trustworthiness"] <= 1
    assert data["points_url"] == "/api/v1/map/points"
    assert set(data["categories"]) == {"cs.DI", "cs.PO", "cs.GR"}
    levels = {region["level"] for region in data["regions"]}
    assert levels == {1, 2}
    assert all(region["url"].startswith("/map/regions/") for region in data["regions"])
    assert data["first_month"] == month_number(min(
        p.published for papers in map_corpus.values() for p in papers
    ))  # fmt: skip


def test_the_payload_holds_every_point_and_is_sent_gzipped(client, map_corpus):
    update_map()
    response = client.get("/api/v1/map/points", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert response["Content-Type"] == "application/octet-stream"
    columns = payload.decode(gzip.decompress(response.content))
    assert sorted(columns["ids"].tolist()) == sorted(
        MapPoint.objects.values_list("paper_id", flat=True)
    )
    plain = client.get("/api/v1/map/points")
    assert "Content-Encoding" not in plain and payload.decode(plain.content)["ids"].size == 60
    again = client.get("/api/v1/map/points", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_point_under_the_pointer_has_its_title_and_page(client, map_corpus):
    paper = map_corpus["graphs"][0]
    data = client.get(f"/api/v1/map/papers/{paper.id}/").json()
    assert data["title"] == paper.title and data["url"] == f"/papers/{paper.arxiv_id}/"
    assert client.get("/api/v1/map/papers/999999999/").status_code == 404


def test_above_the_first_view_budget_a_sample_comes_first_and_tiles_hold_every_point(
    client, map_corpus, settings
):
    settings.MAP_OVERVIEW_POINTS = 25
    update_map()
    data = client.get("/api/v1/map/").json()
    assert data["sampled"] and data["overview_stride"] == 3 and data["tile_zoom"] == 2
    first_view = payload.decode(client.get("/api/v1/map/points").content)
    assert 15 <= first_view["ids"].size <= 25 and all(first_view["ids"] % 3 == 0)
    seen = []
    for x in range(4):
        for y in range(4):
            tile = payload.decode(client.get("/api/v1/map/points", {"tile": f"2/{x}/{y}"}).content)
            # Each point of a tile lies inside it (payload units: 65536 / 4 a tile).
            assert all(x * 16384 <= v <= (x + 1) * 16384 for v in tile["x"].tolist())
            assert all(y * 16384 <= v <= (y + 1) * 16384 for v in tile["y"].tolist())
            seen += tile["ids"].tolist()
    assert sorted(seen) == sorted(MapPoint.objects.values_list("paper_id", flat=True))


@pytest.mark.parametrize("tile", ["2/4/0", "13/0/0", "a/b/c", "1/0", ""])
def test_a_bad_tile_is_a_400_naming_it(client, map_corpus, tile):
    update_map()
    response = client.get("/api/v1/map/points", {"tile": tile})
    assert response.status_code == 400 and "tile" in response.json()
