"""Alice marks a paper read on her saved search's page: it leaves the list; "Show read"
brings it back, labelled; opening another paper takes it out too. The page passes axe."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from search.following.services import saved_search_create
from tests.e2e.axe import axe_problems
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db(transaction=True)


def test_mark_read_show_read_and_opened_papers_leave(page, live_server, alice, shot):
    for name in ("one", "two", "three"):
        PaperFactory(title=f"Graph networks {name}", abstract="Graph networks, again.")
    index_keywords()
    saved = saved_search_create(alice, {"name": "Graphs", "q": "graph", "mode": "keyword"})
    client = Client()
    client.force_login(alice)
    page.context.add_cookies([{"name": "sessionid", "url": live_server.url,
                               "value": client.cookies["sessionid"].value}])  # fmt: skip

    page.goto(f"/saved/{saved.id}/")
    cards = page.locator("ol.papers > li.paper")
    expect(cards).to_have_count(3)
    page.get_by_role("button", name="Mark read: Graph networks two").click()
    expect(cards).to_have_count(2)
    expect(page.get_by_text("1 paper you opened or marked read is hidden")).to_be_visible()
    page.get_by_role("link", name="Show read").click()
    expect(cards).to_have_count(3)
    expect(page.locator(".read-label")).to_have_count(1)
    shot(page, "show-read")

    page.get_by_role("link", name="Graph networks one").click()
    page.goto(f"/saved/{saved.id}/")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Graph networks three")
    assert axe_problems(page, {"saved-search-read": f"/saved/{saved.id}/?show=read"}, shot) == []
