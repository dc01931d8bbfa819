"""A search page does not wait on its growth chart: shown in place when it is cached, else
fetched apart from /search/chart (an HTML fragment), which the page links to."""

import pytest

from tests.search.test_search_trend import papers  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

ASKED = {"q": "diffusion models", "mode": "keyword"}


def test_the_chart_comes_apart_then_from_the_cache(client, papers):  # noqa: F811
    page = client.get("/search", ASKED).content.decode()
    assert "<figcaption>" not in page
    assert 'data-growth-chart="/search/chart?q=diffusion+models&amp;mode=keyword"' in page
    chart = client.get("/search/chart", ASKED)
    assert chart.status_code == 200
    assert "<figcaption>2 matching papers from 2023-05 to 2024-05" in chart.content.decode()
    again = client.get("/search", ASKED).content.decode()  # counted now: in place
    assert "<figcaption>2 matching papers" in again and "data-growth-chart" not in again


def test_a_bad_chart_request_is_a_400(client, db):
    assert client.get("/search/chart", {"q": "x", "mode": "psychic"}).status_code == 400
