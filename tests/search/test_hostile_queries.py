"""Anything a person can type is a valid query or a 400 naming `q`, in every mode and on
the page: never a 500, whatever the keyword engine's own query language would make of it."""

import pytest
from django.urls import reverse

from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db
HOSTILE = [
    "title:foo", "a:b:c", "*", "transform*", "graph^2", "learn~2", "(unbalanced", "a) (b",
    "AND", "graph AND OR NOT networks", '"unbalanced quote', '""', '"', "-", "--", "-graph",
    "+graph", "graph -", "[1 TO 5]", "{x}", "\\", "'; DROP TABLE papers_paper; --",
    "x" * 500, "graph \x00\x07 networks\x1b", "\u202egraph\u202c networks",
    "شبكات عصبية بيانية", "グラフニューラルネットワーク", "😀 graph 🤖", "id:5", "published:>2020",
    "cat:", 'author:"', "after:tomorrow",
]  # fmt: skip


@pytest.fixture
def paper():
    paper = PaperFactory(title="Graph neural networks", abstract="Learning on graphs.")
    index_keywords()
    return paper


@pytest.mark.parametrize("mode", ["hybrid", "semantic", "keyword"])
def test_every_string_is_a_query_or_a_400_naming_q(client, paper, mode):
    for query in HOSTILE:
        api = client.get(reverse("api:search"), {"q": query, "mode": mode})
        assert api.status_code in (200, 400), (query, api.status_code)
        if api.status_code == 400:
            assert list(api.json()) == ["q"], query
        page = client.get(reverse("frontend:search"), {"q": query, "mode": mode})
        assert page.status_code in (200, 400), (query, page.status_code)


def test_engine_syntax_is_only_words_to_us(client, paper):
    for query in ("graph AND networks", "title:graph", "(graph) networks^3"):
        body = client.get(reverse("api:search"), {"q": query, "mode": "keyword"}).json()
        assert [r["paper"]["id"] for r in body["results"]] == [paper.arxiv_id], query
