"""A paper page carries Highwire Press citation_* tags (read by Zotero's Embedded Metadata
translator and Google Scholar) and Open Graph tags, parsed here from the rendered page."""

import datetime as dt
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


class MetaTags(HTMLParser):
    """Every <meta name|property content> of the page's <head>, as a reader sees them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: dict[str, list[str]] = defaultdict(list)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        key = attributes.get("name") or attributes.get("property")
        if tag == "meta" and key:
            self.tags[key].append(attributes.get("content"))


def meta(client, paper) -> dict[str, list[str]]:
    return MetaTags(client.get(f"/papers/{paper.arxiv_id}/").content.decode()).tags


def test_highwire_and_open_graph_tags(client):
    paper = PaperFactory(
        arxiv_id="1706.03762",
        title='Attention "Is" All You Need: <$\\mathcal{O}(n^2)$> & more',
        authors=["Ashish Vaswani", "Łukasz Kaiser", "Zoë Müller"],
        published=dt.date(2017, 6, 12),
        abstract="The dominant sequence transduction models " * 20,
    )
    tags = meta(client, paper)
    # Quotes, < and & survive the attribute; its TeX reads as Unicode (no markup there).
    assert tags["citation_title"] == ['Attention "Is" All You Need: <𝒪(n²)> & more']  # noqa: RUF001
    assert tags["citation_author"] == ["Ashish Vaswani", "Łukasz Kaiser", "Zoë Müller"]
    assert tags["citation_publication_date"] == ["2017/06/12"]
    assert tags["citation_arxiv_id"] == ["1706.03762"]
    assert tags["citation_pdf_url"] == ["https://arxiv.org/pdf/1706.03762"]
    assert tags["citation_abstract_html_url"] == ["https://arxiv.org/abs/1706.03762"]
    assert tags["citation_doi"] == ["10.48550/arXiv.1706.03762"]
    assert tags["og:title"] == tags["citation_title"]
    assert tags["og:description"][0].startswith("The dominant sequence transduction models")
    assert len(tags["og:description"][0]) <= 300
    assert tags["og:url"] == ["http://testserver/papers/1706.03762/"]
    assert tags["og:type"] == ["article"]


def test_a_paper_without_arxiv_id_or_date_leaves_those_tags_out(client):
    paper = PaperFactory(arxiv_id="title:abc123", published=None, abs_url="", pdf_url="")
    tags = meta(client, paper)
    assert tags["citation_title"] == [paper.title]
    for absent in ("citation_arxiv_id", "citation_publication_date", "citation_pdf_url",
                   "citation_doi"):  # fmt: skip
        assert absent not in tags
    # Its abstract page is ours.
    assert tags["citation_abstract_html_url"] == ["http://testserver/papers/title:abc123/"]
