"""A reader searches and opens a paper, by mouse and by keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_and_open_a_paper(page, corpus, shot):
    page.goto("/")
    expect(page.get_by_role("heading", name="Newest papers")).to_be_visible()
    shot(page, "home")
    page.get_by_role("searchbox", name="Search papers").fill("generating pictures from noise")
    page.get_by_role("button", name="Search", exact=True).click()
    first = page.locator("ol.papers > li").first
    expect(first).to_contain_text("Denoising diffusion probabilistic models")
    expect(first.locator(".why")).to_contain_text("meaning similarity")
    shot(page, "results")
    first.get_by_role("link", name=re.compile("Denoising diffusion")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Denoising diffusion probabilistic models"
    )
    expect(page.locator(".full-abstract")).to_contain_text("reverse a gradual noising process")
    expect(page.get_by_role("heading", name="Similar papers")).to_be_visible()
    expect(page.locator("#bibtex")).to_contain_text("@misc{lovelace2025denoising,")
    shot(page, "paper")


def test_latex_is_typeset_and_its_source_kept_for_screen_readers(page, corpus):
    # KaTeX draws the formula and keeps its TeX in MathML's annotation; no `$` is shown.
    page.goto("/papers/2501.00002/")
    abstract = page.locator(".full-abstract")
    expect(abstract.locator(".katex")).to_have_count(1)
    assert abstract.locator("annotation").text_content() == "\\mathcal{O}(n^2)"
    assert "$" not in abstract.inner_text()


def test_keyboard_only_search(page, corpus, shot):
    page.goto("/")
    page.keyboard.press("/")  # focuses the search box
    expect(page.locator("#site-q")).to_be_focused()
    page.keyboard.type("scaling laws for language models")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=scaling"))
    # Tab from the query box through the form to the first result's link.
    target = page.get_by_role("link", name="Scaling laws for neural language models")
    for _ in range(40):
        page.keyboard.press("Tab")
        if target.evaluate("node => node === document.activeElement"):
            break
    expect(target).to_be_focused()
    shot(page, "focused-result")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Scaling laws for neural language models"
    )
