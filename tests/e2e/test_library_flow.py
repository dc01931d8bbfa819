"""A researcher signs up, bookmarks from results and from a paper page, annotates, finds
it all in the library, exports BibTeX, logs out and finds the library private."""

import re

import pytest
from playwright.sync_api import expect

from papers.models import Bookmark

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_bookmark_annotate_export_and_log_out(page, corpus, shot):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password", exact=True).fill("a long pass phrase 42")
    page.get_by_label("Password confirmation").fill("a long pass phrase 42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Your library")).to_be_visible()

    # Bookmark from the results: the toggle flips without a page load.
    page.goto("/search?q=reinforcement+learning+policy")
    result = page.locator("ol.papers > li", has_text="Proximal policy optimization")
    page.evaluate("window.notReloaded = true")
    result.get_by_role("button", name=re.compile("^Bookmark")).click()
    expect(result.get_by_role("button", name=re.compile("^Bookmarked"))).to_have_text(
        "★ Bookmarked"
    )
    assert page.evaluate("window.notReloaded") is True
    shot(page, "bookmarked-result")

    # Bookmark from a paper page, with a note and tags.
    page.goto("/papers/2501.00003/")
    page.get_by_label("Note").fill("Compare with <b>score</b> matching")
    page.get_by_label("Tags").fill("diffusion, to-read")
    page.get_by_role("button", name="Bookmark with note and tags").click()
    expect(page.get_by_role("heading", name="In your library")).to_be_visible()

    page.get_by_role("link", name="Library").click()
    entries = page.locator("ol.papers > li")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("Denoising diffusion probabilistic models")
    expect(entries.first.locator(".note")).to_have_text("Compare with <b>score</b> matching")
    expect(page.get_by_role("navigation", name="Tags")).to_contain_text("to-read")
    shot(page, "library")

    page.get_by_role("navigation", name="Tags").get_by_role("link", name="to-read").click()
    expect(page.locator("ol.papers > li")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="BibTeX").click()
    bibtex = download.value.path().read_text(encoding="utf-8")
    assert bibtex.count("@misc{") == 1 and "eprint = {2501.00003}" in bibtex

    page.get_by_role("button", name="Log out").click()
    page.goto("/library/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/library/"))
    expect(page.get_by_text("Compare with")).to_have_count(0)
    assert Bookmark.objects.filter(user__username="alice").count() == 2
