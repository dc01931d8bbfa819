"""The documentation's screenshots (docs/img/) are taken here, from 600 real papers of the
shared corpus with their bundled vectors, alice's library, a saved search with its digest
and the map, so the pictures show the site as it is. Each page is first checked to show
what its caption says; a picture is rewritten only when the page looks different, so a
change in the UI shows in `git status` as a changed image to commit."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from papers.models import Bookmark
from papers.services import bookmark_save
from search.map.services import update_map
from tests.e2e.browser import docs_image
from tests.helpers import shared_papers
from tests.search.following.digest_helpers import follow

pytestmark = pytest.mark.django_db(transaction=True)

# When alice saved her bookmarks, as docs/img/library.png shows it: a fixed day, so that
# the picture does not change with the date the tests run on.
SAVED = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)
# A stretch of the shared file from 2026 (its records are not in date order).
FIRST, COUNT = 100_000, 600


@pytest.fixture
def site(shared, live_server, page, alice):
    papers, _ = shared_papers(shared, COUNT, first=FIRST, as_published=True)
    update_map()
    shown = [p for p in papers if "$" not in p.title and p.authors]
    for minute, (paper, tags) in enumerate(((shown[0], ["agents"]),
                                            (shown[1], ["agents", "to-read"]),
                                            (shown[2], ["to-read"]))):  # fmt: skip
        bookmark, _ = bookmark_save(alice, paper, note="Compare with our baseline", tags=tags)
        # Saved on a fixed day (in the order saved): the library's picture shows the date.
        Bookmark.objects.filter(id=bookmark.id).update(created=SAVED + dt.timedelta(minutes=minute))
    follow(alice, "Agents", q="agents planning")  # dated back: the papers are new to it
    client = Client()
    client.force_login(alice)
    page.context.add_cookies([{"name": "sessionid", "url": live_server.url,
                               "value": client.cookies["sessionid"].value}])  # fmt: skip
    return shown


def picture(page, name: str) -> None:
    """What a reader sees first of the page, as docs/img/<name>.png; without the search's
    own timing, which would change the picture on every run."""
    page.evaluate("window.scrollTo(0, 0)")
    docs_image(name, page.screenshot(full_page=False, style=".count .seconds { display: none }"))


def test_docs_screenshots_show_what_their_captions_say(site, page, inbox):
    paper = site[0]
    page.set_viewport_size({"width": 1200, "height": 820})

    page.goto("/")
    expect(page.locator(".paper-title").first).to_be_visible()
    assert page.locator(".paper-title").count() >= 5
    picture(page, "home")

    page.goto("/search?q=language+model+agents+for+planning")
    expect(page.locator(".paper-title").first).to_be_visible()
    assert page.locator(".paper-title").count() >= 10
    assert page.locator(".snippet mark, .paper mark").count() > 0
    picture(page, "search")

    page.goto(f"/papers/{paper.arxiv_id}/")
    expect(page.locator("h1")).to_have_text(paper.title)
    expect(page.get_by_text("Similar papers").first).to_be_visible()
    picture(page, "paper")

    page.goto("/library/")
    expect(page.locator(".paper-title")).to_have_count(3)
    picture(page, "library")

    page.goto("/daily/?period=week")
    expect(page.locator(".paper-title").first).to_be_visible()
    picture(page, "daily")

    author = paper.authors[0]
    page.goto(f"/authors/{author}/")
    expect(page.locator("h1")).to_contain_text(author)
    expect(page.locator(".paper-title").first).to_be_visible()
    picture(page, "author")

    call_command("send_digests", "--frequency", "daily")
    (message,) = inbox.messages
    assert message["Subject"].startswith("Paperscope: ") and '"Agents"' in message["Subject"]
    page.set_content(message.get_body(("html",)).get_content())
    expect(page.get_by_role("link", name="Agents").first).to_be_visible()
    picture(page, "digest")
