"""Alice publishes a tag of her library as a public reading list with her notes; a
visitor reads it; the list, the lists index and a venue page pass axe."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from papers.services import bookmark_save
from tests.e2e.axe import axe_problems
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_publish_a_tag_and_a_visitor_reads_it(page, browser, live_server, alice, shot):
    papers = [PaperFactory(title="Policy gradients", comments="NeurIPS 2024 (oral)"),
              PaperFactory(title="Q-learning", journal_ref="Machine Learning 8, 279 (1992)")]
    for paper in papers:
        bookmark_save(alice, paper, note=f"Why {paper.title} matters", tags=["rl"])
    client = Client()
    client.force_login(alice)
    page.context.add_cookies([{"name": "sessionid", "url": live_server.url,
                               "value": client.cookies["sessionid"].value}])  # fmt: skip

    page.goto("/library/?tag=rl")
    share = page.get_by_role("region", name="Share “rl”")
    share.get_by_label("Public, listed on the site").check()
    share.get_by_label("Show my notes on it").check()
    share.get_by_label("Description").fill("Where to start with RL")
    share.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("rl")
    expect(page.locator("ol.papers > li.paper")).to_have_count(2)
    expect(page.get_by_text("Why Policy gradients matters")).to_be_visible()
    expect(page.get_by_role("link", name="Accepted at NeurIPS 2024 (oral)")).to_be_visible()
    shot(page, "list-owner")

    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/lists/")
    visitor.get_by_role("link", name="rl").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("rl")
    expect(visitor.get_by_text("Log in")).to_have_count(2)  # the menu's, and to copy it
    shot(visitor, "list-visitor")
    visitor.context.close()

    assert axe_problems(page, {"list": "/lists/alice/rl/", "lists": "/lists/",
                               "venues": "/venues/", "venue": "/venues/NeurIPS/2024/"},
                        shot) == []  # fmt: skip
