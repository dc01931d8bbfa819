"""TeX in titles and abstracts typeset by the vendored KaTeX, in Chromium: on a card and on
the paper page the formula is KaTeX's markup and no `$` is left; a span KaTeX cannot parse
stays as the author wrote it; the page passes axe."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_problems
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def math_paper(transactional_db):
    paper = PaperFactory(arxiv_id="2611.00042",
                         title="Recursive Bias Estimation and $L_2$ Boosting",
                         abstract="Boosting in an $\\omega(1)$-dimensional space costs "
                         "\\(\\mathcal{O}(n^2)\\); a broken span $\\frac{1}{$ stays "
                         "as text.")  # fmt: skip
    index_keywords()
    return paper


def test_formulas_are_typeset_and_a_bad_span_stays_text(page, math_paper, shot):
    page.goto(f"/papers/{math_paper.arxiv_id}/")
    title = page.get_by_role("heading", level=1)
    expect(title.locator(".katex")).to_have_count(1)
    expect(title.locator(".katex-html")).to_be_visible()
    assert "$" not in title.inner_text()
    assert title.locator("annotation").text_content() == "L_2"
    abstract = page.locator(".full-abstract")
    expect(abstract.locator(".katex")).to_have_count(2)
    assert "\\frac{1}{" in abstract.inner_text()  # left as written, no error markup
    expect(abstract.locator(".katex-error")).to_have_count(0)
    shot(page, "paper")

    page.goto("/search?q=boosting&mode=keyword")
    card_title = page.locator("ol.papers > li .paper-title").first
    expect(card_title.locator(".katex")).to_have_count(1)
    assert "$" not in card_title.inner_text()
    shot(page, "search")
    assert axe_problems(page, {"math-paper": f"/papers/{math_paper.arxiv_id}/",
                               "math-search": "/search?q=boosting&mode=keyword"},
                        shot) == []  # fmt: skip
