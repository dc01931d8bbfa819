"""A reader goes from a paper to its author's page, orders it by citations, and follows
the author: a saved search by person, with its feed."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from search.following.models import SavedSearch
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in(live_server, page, alice):
    client = Client()
    client.force_login(alice)
    page.context.add_cookies([{"name": "sessionid", "url": live_server.url,
                               "value": client.cookies["sessionid"].value}])  # fmt: skip
    return alice


def test_from_a_paper_to_its_author_then_follow(page, signed_in, shot):
    first = PaperFactory(title="Deep learning", authors=["Bengio, Yoshua", "Geoffrey Hinton"],
                         citation_count=50)  # fmt: skip
    PaperFactory(title="Neural machine translation", authors=["Kyunghyun Cho", "Yoshua Bengio"],
                 citation_count=900)  # fmt: skip
    PaperFactory(title="Large margin ranking", authors=["Samy Bengio"])
    page.goto(f"/papers/{first.arxiv_id}/")
    page.get_by_role("link", name="Bengio, Yoshua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yoshua Bengio")
    papers = page.locator("ol.papers > li .paper-title")
    expect(papers).to_have_count(2)
    expect(page.get_by_role("region", name="Co-authors")).to_contain_text("Kyunghyun Cho")
    page.get_by_role("link", name="Most cited first").click()
    expect(papers.first).to_have_text("Neural machine translation")
    shot(page, "author")

    page.get_by_role("button", name="Follow Yoshua Bengio").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Papers by Yoshua Bengio")
    assert SavedSearch.objects.get(user=signed_in).person == "Yoshua Bengio"
    # His two papers, less the one opened on the way here (it is read).
    expect(page.locator("ol.papers > li")).to_have_count(1)
    expect(page.locator("ol.papers > li")).to_contain_text("Neural machine translation")
    shot(page, "followed")
