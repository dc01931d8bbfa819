"""Venues on the site: a badge on cards and the paper page, /venues/ and a page per venue
and year, `venue:` in the query syntax and a `venue` filter in the API, and a bad venue a
400 naming the field."""

import datetime as dt

import pytest

from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    return {
        "oral": PaperFactory(title="Diffusion at scale", comments="ICLR 2025 (oral)",
                             published=dt.date(2024, 10, 1)),
        "neurips": PaperFactory(title="Diffusion for video", published=dt.date(2024, 6, 1),
                                comments="Accepted at NeurIPS 2024"),
        "old": PaperFactory(title="Diffusion, the first", published=dt.date(2023, 6, 1),
                            journal_ref="Advances in Neural Information Processing Systems 36 "
                            "(2023)"),
        "plan": PaperFactory(title="Diffusion submitted", comments="Submitted to NeurIPS 2025"),
    }  # fmt: skip


def test_badges_on_cards_and_the_paper_page(client, papers):
    home = client.get("/").content.decode()
    assert "Accepted at ICLR 2025 (oral)" in home and 'href="/venues/ICLR/2025/"' in home
    page = client.get(f"/papers/{papers['old'].arxiv_id}/").content.decode()
    assert "Published in NeurIPS 2023" in page
    assert "Submitted" not in client.get(f"/papers/{papers['plan'].arxiv_id}/").content.decode()


def test_venue_pages_list_their_papers(client, papers):
    index = client.get("/venues/").content.decode()
    assert 'href="/venues/NeurIPS/2024/"' in index and 'href="/venues/ICLR/2025/"' in index
    neurips = client.get("/venues/NeurIPS/").content.decode()
    assert "Diffusion for video" in neurips and "Diffusion, the first" in neurips
    assert "Diffusion submitted" not in neurips
    year = client.get("/venues/NeurIPS/2024/").content.decode()
    assert "Diffusion for video" in year and "Diffusion, the first" not in year
    assert client.get("/venues/NoSuchConf/").status_code == 404


def test_venue_in_the_query_and_the_api(client, papers):
    index_keywords()
    data = client.get("/api/v1/search/", {"q": "diffusion venue:neurips", "mode": "keyword"}).json()
    assert {r["paper"]["title"] for r in data["results"]} == {"Diffusion for video",
                                                              "Diffusion, the first"}  # fmt: skip
    data = client.get("/api/v1/search/", {"q": "diffusion", "venue": "NeurIPS'23",
                                          "mode": "keyword"}).json()  # fmt: skip
    assert [r["paper"]["title"] for r in data["results"]] == ["Diffusion, the first"]
    listing = client.get("/api/v1/papers/", {"venue": "ICLR 2025"}).json()
    (only,) = listing["results"]
    assert only["venue"] == {"name": "ICLR", "year": 2025, "status": "accepted",
                             "source": "comments", "track": "oral",
                             "badge": "Accepted at ICLR 2025 (oral)"}  # fmt: skip


@pytest.mark.parametrize("url", ["/api/v1/search/?q=x&venue=NoSuchConf",
                                 "/api/v1/papers/?venue=NoSuchConf",
                                 "/search?q=x&venue=NoSuchConf"])  # fmt: skip
def test_an_unknown_venue_is_a_400_naming_it(client, papers, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "venue" in response.content.decode() and "NoSuchConf" in response.content.decode()


def test_an_unknown_venue_in_the_query_is_a_400_too(client, papers):
    response = client.get("/api/v1/search/", {"q": "diffusion venue:NoSuchConf"})
    assert response.status_code == 400 and "venue:" in response.json()["q"][0]
