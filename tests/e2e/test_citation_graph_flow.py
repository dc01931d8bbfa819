"""The citation graph in Chromium: a paper page draws its neighbourhood from the graph
API's payload (one circle a node, arrows for citations), a click opens a paper, and the
lists say the same without the picture. The screenshot is the documentation's
(docs/img/citations.png; the papers and edges are the transformer lineage as published, the
counts illustrative)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from papers.embeddings import embed_papers_now
from papers.sources.semantic_scholar import CitedWork
from tests.citation_graph import cite
from tests.e2e.browser import docs_image
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db(transaction=True)

# arXiv id: (title, abstract, published, cited by, references)
LINEAGE = {
    "1301.3781": ("Efficient estimation of word representations in vector space",
                  "Two architectures learn continuous word vectors from large corpora "
                  "cheaply.", "2013-01-16", 42000, []),
    "1409.0473": ("Neural machine translation by jointly learning to align and translate",
                  "An encoder-decoder that learns to attend to source words while it "
                  "translates.", "2014-09-01", 31000, []),
    "1512.03385": ("Deep residual learning for image recognition", "Residual connections "
                   "let very deep convolutional networks train.", "2015-12-10", 210000, []),
    "1706.03762": ("Attention is all you need", "The Transformer: sequence transduction "
                   "with attention alone, no recurrence or convolution.", "2017-06-12",
                   150000, ["1409.0473", "1512.03385"]),
    "1802.05365": ("Deep contextualized word representations", "Word vectors from the "
                   "internal states of a deep bidirectional language model.", "2018-02-15",
                   13000, ["1301.3781"]),
    "1810.04805": ("BERT: pre-training of deep bidirectional transformers for language "
                   "understanding", "Masked language model pre-training of deep "
                   "bidirectional Transformers, fine-tuned for many tasks.", "2018-10-11",
                   105000, ["1706.03762", "1802.05365", "1301.3781"]),
    "1906.08237": ("XLNet: generalized autoregressive pretraining for language "
                   "understanding", "Permutation language modelling pre-training beyond "
                   "masked tokens.", "2019-06-19", 9000, ["1810.04805", "1706.03762"]),
    "1907.11692": ("RoBERTa: a robustly optimized BERT pretraining approach", "BERT "
                   "pre-training revisited: more data, longer training, no next sentence "
                   "prediction.", "2019-07-26", 25000, ["1810.04805", "1906.08237"]),
    "1910.10683": ("Exploring the limits of transfer learning with a unified text-to-text "
                   "transformer", "Every language task as text to text, studied at "
                   "scale.", "2019-10-23", 20000, ["1706.03762", "1810.04805", "1907.11692"]),
    "2001.08361": ("Scaling laws for neural language models", "Language model loss falls "
                   "as a power law in parameters, data and compute.", "2020-01-23", 5000,
                   ["1706.03762"]),
    "2005.14165": ("Language models are few-shot learners", "A 175B parameter language "
                   "model learns tasks from a few examples in its prompt.", "2020-05-28",
                   40000, ["1706.03762", "1810.04805", "1910.10683", "2001.08361"]),
    "2010.11929": ("An image is worth 16x16 words: transformers for image recognition at "
                   "scale", "A pure Transformer on image patches classifies images.",
                   "2020-10-22", 45000, ["1706.03762", "1810.04805", "1512.03385"]),
    "2106.09685": ("LoRA: low-rank adaptation of large language models", "Fine-tuning by "
                   "low-rank updates to frozen weights.", "2021-06-17", 15000,
                   ["2005.14165", "1907.11692", "1810.04805"]),
}  # fmt: skip
OUTSIDE = [
    CitedWork("doi:10.1162/neco.1997.9.8.1735", doi="10.1162/neco.1997.9.8.1735",
              title="Long short-term memory", year=1997),
    CitedWork("arxiv:1607.06450", arxiv_id="1607.06450", title="Layer normalization", year=2016),
]  # fmt: skip


FIRST_AUTHORS = ["Mikolov, T.", "Bahdanau, D.", "He, K.", "Vaswani, A.", "Peters, M. E.",
                 "Devlin, J.", "Yang, Z.", "Liu, Y.", "Raffel, C.", "Kaplan, J.", "Brown, T. B.",
                 "Dosovitskiy, A.", "Hu, E. J."]  # fmt: skip


# When Semantic Scholar was asked, as the section says: a fixed day, so that the
# documentation's picture of it (docs/img/citations.png) does not change with the date.
CHECKED = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)


@pytest.fixture
def lineage(transactional_db):
    papers = {i: PaperFactory(arxiv_id=i, title=t, abstract=a, published=dt.date.fromisoformat(d),
                              categories=["cs.CL"], authors=[author, "et al."])
              for (i, (t, a, d, _, _)), author in zip(LINEAGE.items(), FIRST_AUTHORS,
                                                      strict=True)}  # fmt: skip
    embed_papers_now([p.id for p in papers.values()])
    for arxiv_id, (_, _, _, cited_by, refs) in LINEAGE.items():
        outside = OUTSIDE if arxiv_id == "1810.04805" else []
        cite(papers[arxiv_id], *(papers[r] for r in refs), *outside, cited_by=cited_by,
             checked=CHECKED)  # fmt: skip
    return papers


def test_the_neighbourhood_draws_and_a_click_opens_a_paper(page, lineage, shot):
    page.goto("/papers/1810.04805/")
    figure = page.locator("figure.graph")
    expect(figure.locator("svg")).to_be_visible()
    payload = page.evaluate("fetch('/api/v1/papers/1810.04805/graph/').then(r => r.json())")
    assert figure.locator("circle.node").count() == len(payload["nodes"])
    cites = [e for e in payload["edges"] if e["kind"] == "cites"]
    assert figure.locator("line.edge.cites").count() == len(cites)
    assert page.locator(".year-range").inner_text() == "2009 to 2021"
    assert figure.locator("text.self-label").text_content() == "Devlin 2018"
    assert (
        "Cited by 105,000 worldwide (10,500 influential)"
        in page.locator(".citation-counts").inner_text()
    )
    figure.scroll_into_view_if_needed()
    shot(page, "paper")
    docs_image("citations", figure.page.locator("section.citations").screenshot())

    # The lists hold the same papers: references (linked when held) and citers.
    references = page.locator(".reference-list li")
    expect(references).to_have_count(5)
    expect(page.locator(".cited-by .paper-title a")).to_have_count(6)

    # A click on a citing paper's circle opens its page.
    figure.locator('a[aria-label^="Liu 2019: RoBERTa"]').click()
    expect(page).to_have_url(f"{page.url.split('/papers/')[0]}/papers/1907.11692/")
    expect(page.locator("h1")).to_have_text(LINEAGE["1907.11692"][0])
