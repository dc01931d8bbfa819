"""A paper whose title, abstract and authors carry markup is shown as text everywhere:
lists, results and snippets, its page, the library, BibTeX and JSON."""

import pytest
from django.urls import reverse

from papers.embeddings import embed_papers_now
from papers.services import bookmark_save
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
IMAGE = '<img src=x onerror="alert(1)">'


@pytest.fixture
def hostile(alice):
    paper = PaperFactory(
        arxiv_id="2505.00666",
        title=f"Attention {SCRIPT} heads",
        abstract=f"We study attention heads {IMAGE} and {SCRIPT} in transformers.",
        authors=[f"Mallory {IMAGE}", "Eve </b><script>x</script>"],
    )
    embed_papers_now([paper.id])
    bookmark_save(alice, paper, note=f"note {SCRIPT}", tags=["xss"])
    index_keywords()
    yield paper


def assert_inert(html: str):
    # No tag survives (onerror="…" is harmless as text once its "<img" is escaped).
    assert "<script>" not in html and "<img" not in html and "</b>" not in html


PAGES = ["/", "/search?q=attention+heads", "/search?q=attention&mode=keyword",
         "/papers/2505.00666/", "/library/", "/search?author=mallory"]  # fmt: skip


@pytest.mark.parametrize("url", PAGES)
def test_every_page_shows_the_markup_as_text(alice_client, hostile, url):
    html = alice_client.get(url).content.decode()
    assert "&lt;script&gt;" in html
    assert_inert(html.replace('<script src="/static/frontend/site.js" defer></script>', ""))


def test_snippets_mark_only_matches(alice_client, hostile):
    body = alice_client.get("/api/v1/search/", {"q": "attention heads", "mode": "keyword"}).json()
    snippet = body["results"][0]["snippet"]
    assert "<mark>" in snippet and "&lt;img" in snippet
    assert_inert(snippet.replace("<mark>", "").replace("</mark>", ""))


def test_json_and_bibtex_carry_the_text_unchanged(alice_client, hostile):
    paper = alice_client.get("/api/v1/papers/2505.00666/").json()
    assert paper["title"] == f"Attention {SCRIPT} heads"  # JSON is data: the client escapes
    bib = alice_client.get(reverse("frontend:library-export", args=["bib"]))
    assert bib["Content-Type"].startswith("application/x-bibtex")  # never rendered as HTML
    assert "Mallory" in bib.content.decode()
