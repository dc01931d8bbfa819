"""Where markup cannot show, TeX reads as Unicode ("$L_2$" as "L₂"): Atom feeds, digest
mail, the page's <title>; the API and MCP keep the raw field and add the plain one; BibTeX
keeps TeX."""

import datetime as dt

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PaperFactory
from tests.search.agents.conftest import call, http_client
from tests.search.following.digest_helpers import follow

TITLE = "Recursive Bias Estimation and $L_2$ Boosting"
ABSTRACT = "Boosting in an $\\omega(1)$-dimensional space, at $\\mathcal{O}(n^2)$ cost."
PLAIN_TITLE = "Recursive Bias Estimation and L₂ Boosting"
PLAIN_ABSTRACT = "Boosting in an ω(1)-dimensional space, at 𝒪(n²) cost."  # noqa: RUF001


@pytest.fixture
def paper(db):
    return PaperFactory(arxiv_id="2611.00042", title=TITLE, abstract=ABSTRACT,
                        published=dt.date(2026, 11, 2))


def test_feeds_and_the_title_tag_read_unicode(client, paper):
    feed = feedparser.parse(client.get(reverse("frontend:feed-daily")).content)
    (entry,) = feed.entries
    assert (entry.title, entry.summary) == (PLAIN_TITLE, PLAIN_ABSTRACT)
    page = client.get(f"/papers/{paper.arxiv_id}/").content.decode()
    assert f"<title>{PLAIN_TITLE} – Paperscope</title>" in page  # noqa: RUF001
    # The page itself keeps the TeX, in elements the browser typesets.
    assert f'<h1 class="tex">{TITLE}</h1>' in page


def test_digest_mail_reads_unicode(inbox, alice, paper):
    follow(alice, "Boosting", q="boosting")
    call_command("send_digests", "--frequency", "daily")
    (message,) = inbox.messages
    for part in ("plain", "html"):
        body = message.get_body((part,)).get_content()
        assert PLAIN_TITLE in body and "$L_2$" not in body


def test_api_keeps_the_raw_fields_and_adds_plain_ones(client, paper):
    data = client.get(f"/api/v1/papers/{paper.arxiv_id}/").json()
    assert (data["title"], data["abstract"]) == (TITLE, ABSTRACT)
    assert (data["title_text"], data["abstract_text"]) == (PLAIN_TITLE, PLAIN_ABSTRACT)


@pytest.mark.django_db(transaction=True)
def test_mcp_keeps_the_raw_fields_and_adds_plain_ones_and_bibtex_keeps_tex(live_server):
    PaperFactory(arxiv_id="2611.00042", title=TITLE, abstract=ABSTRACT)
    result = call(http_client(live_server.url), "get_paper", {"arxiv_id": "2611.00042"})
    assert not result.is_error
    found = result.structured_content
    assert (found["title"], found["title_text"]) == (TITLE, PLAIN_TITLE)
    assert (found["abstract"], found["abstract_text"]) == (ABSTRACT, PLAIN_ABSTRACT)
    assert "title = {{Recursive Bias Estimation and $L_2$ Boosting}}" in found["bibtex"]
