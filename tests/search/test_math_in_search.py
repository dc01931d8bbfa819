"""TeX in titles and abstracts searched as people type it: "L2", "L₂" and "$L_2$" are one
word, and so are "omega(1)" and "$\\omega(1)$"; snippets show the Unicode form."""

import pytest

from search.params import parse_search_params
from search.pipeline import paper_search
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


def search(text: str, mode: str = "keyword"):
    index_keywords()
    return paper_search(parse_search_params({"q": text, "mode": mode, "k": 10})).hits


@pytest.fixture
def papers():
    boosting = PaperFactory(title="Recursive Bias Estimation and $L_2$ Boosting",
                            abstract="We study $L_2$ boosting with a bias correction.")  # fmt: skip
    dimensional = PaperFactory(title="Learning in high dimension",
                               abstract="Sample complexity in an $\\omega(1)$-dimensional "
                               "feature space.")  # fmt: skip
    PaperFactory(title="Gradient boosting machines", abstract="Trees, one after another.")
    return boosting, dimensional


@pytest.mark.parametrize("query", ["L2 boosting", "L₂ boosting", "$L_2$ boosting",
                                   '"L2 boosting"'])  # fmt: skip
def test_subscripts_match_however_they_are_typed(papers, query):
    assert [hit.paper.id for hit in search(query)][:1] == [papers[0].id]


@pytest.mark.parametrize("query", ["omega(1)-dimensional", "ω(1)-dimensional",
                                   "$\\omega(1)$-dimensional",
                                   '"omega(1)-dimensional"'])  # fmt: skip
def test_commands_match_by_name_and_by_symbol(papers, query):
    assert [hit.paper.id for hit in search(query)] == [papers[1].id]


def test_snippets_show_unicode_never_raw_tex(papers):
    (hit,) = search("dimensional feature")
    assert "in an ω(1)-<mark>dimensional</mark>" in hit.snippet
    assert "$" not in hit.snippet and "\\omega" not in hit.snippet
