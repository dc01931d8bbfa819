"""GET /api/v1/papers/: orderings with undated and never-upvoted papers last, and a
cursor that walks every paper exactly once."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    dated = [PaperFactory(arxiv_id=f"2503.0000{n}", published=dt.date(2025, 3, n), upvotes=n)
             for n in range(1, 6)]  # fmt: skip
    undated = [PaperFactory(arxiv_id=f"2503.0001{n}", published=None, upvotes=None)
               for n in range(3)]  # fmt: skip
    return dated, undated


def walk(client, **params) -> list[str]:
    """Every page, following `next`, with two papers a page."""
    page = client.get(reverse("api:papers"), {"k": 2, **params}).json()
    ids = [p["id"] for p in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        ids += [p["id"] for p in page["results"]]
    return ids


def test_newest_first_then_undated_walks_every_paper_once(client, papers):
    ids = walk(client)
    assert ids[:5] == [f"2503.0000{n}" for n in range(5, 0, -1)]
    assert sorted(ids[5:]) == ["2503.00010", "2503.00011", "2503.00012"]
    assert len(ids) == len(set(ids)) == 8


def test_oldest_and_most_upvoted(client, papers):
    assert walk(client, ordering="oldest")[:5] == [f"2503.0000{n}" for n in range(1, 6)]
    assert walk(client, ordering="upvotes")[:2] == ["2503.00005", "2503.00004"]
    assert len(set(walk(client, ordering="upvotes"))) == 8


def test_previous_goes_back(client, papers):
    first = client.get(reverse("api:papers"), {"k": 2}).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert [p["id"] for p in back["results"]] == [p["id"] for p in first["results"]]


def test_bad_ordering_and_cursor_are_400s(client, papers):
    bad = client.get(reverse("api:papers"), {"ordering": "title"})
    assert bad.status_code == 400 and "ordering" in bad.json()
    garbage = client.get(reverse("api:papers"), {"cursor": "garbage"})
    assert garbage.status_code == 400 and "cursor" in garbage.json()
