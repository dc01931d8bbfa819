"""A reader comes back for the day's papers: from the home page to the daily listing, then
the week, a category and the previous day."""

import re

import pytest
from playwright.sync_api import expect

from papers.models import Paper

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_home_to_the_day_the_week_and_a_category(page, corpus, shot):
    Paper.objects.filter(arxiv_id="2501.00002").update(upvotes=42)
    page.goto("/")
    latest = page.get_by_role("link", name="Papers of Sunday 01 June 2025")
    expect(latest).to_be_visible()
    latest.click()
    expect(page).to_have_url(re.compile(r"/daily/2025-06-01$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Papers of Sunday 01 June 2025")
    expect(page.locator("ol.papers > li").first).to_contain_text("▲ 42")
    shot(page, "day")

    page.get_by_role("navigation", name="Period").get_by_role("link", name="Month").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Papers of June 2025")
    page.get_by_role("link", name=re.compile("← 1 Mar 2025")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Papers of March 2025")
    expect(page.locator("ol.papers > li")).to_have_count(1)
    page.get_by_role("navigation", name="Categories").get_by_role("link", name="cs.CL").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("in cs.CL")
    expect(page.locator(".empty")).to_contain_text("No papers")
    shot(page, "month-category")
