"""The map in Chromium: it draws, a hover names a paper and a click opens it, the month
slider thins it out, a search lights up its results, and the library shows for its owner
only. The browser's own timings are reported at the end of `make test`."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from papers.services import bookmark_save
from search.map.services import update_map
from tests.conftest import RUN_FIGURES
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db(transaction=True)

SEARCH_RGB = [0xFF, 0x3D, 0x00]


def open_map(page, path="/map/") -> dict:
    page.goto(path)
    page.wait_for_function("window.paperscopeMap && (paperscopeMap.ready || paperscopeMap.error)")
    state = page.evaluate("({...window.paperscopeMap, screenOf: undefined})")
    assert state["ready"], state.get("error")
    return state


def pixels_of(page, rgb: list[int]) -> int:
    return page.evaluate(
        """([r, g, b]) => {
        const c = document.getElementById('map-canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] === r && d[i+1] === g && d[i+2] === b) n++;
        return n;
    }""",
        rgb,
    )


def inked_pixels(page) -> int:
    """Canvas pixels that are not the white background."""
    return page.evaluate(
        """() => {
        const c = document.getElementById('map-canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 250 || d[i+1] < 250 || d[i+2] < 250) n++;
        return n;
    }"""
    )


def at(page, paper_id: int) -> tuple[float, float]:
    x, y = page.evaluate(f"paperscopeMap.screenOf({paper_id})")
    box = page.locator("#map-canvas").bounding_box()
    return box["x"] + x, box["y"] + y


def most_isolated(page, papers):
    """The paper whose point is farthest from any other: the pointer cannot miss it."""
    points = {p.id: page.evaluate(f"paperscopeMap.screenOf({p.id})") for p in papers}

    def room(paper) -> float:
        x, y = points[paper.id]
        return min((x - a) ** 2 + (y - b) ** 2 for pid, (a, b) in points.items() if pid != paper.id)

    return max(papers, key=room)


def log_in(page, user, live_server) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])


def test_the_map_draws_names_a_hovered_paper_and_opens_a_clicked_one(page, map_corpus, shot):
    update_map()
    state = open_map(page)
    assert state["points"] == 60
    drawn = inked_pixels(page)
    assert drawn > 60  # not blank: every point, region labels
    shot(page, "map")

    target = most_isolated(page, [p for papers in map_corpus.values() for p in papers])
    page.mouse.move(*at(page, target.id))
    tooltip = page.locator("[data-map-tooltip]")
    expect(tooltip).to_have_text(target.title)

    # Zoom steps, timed by the page itself.
    page.mouse.wheel(0, -300)
    page.wait_for_function("paperscopeMap.draws > 2")
    zoom_ms = page.evaluate("paperscopeMap.lastZoomMs")

    # The month slider back to the first month: fewer papers, less ink.
    page.locator("[data-map-month]").evaluate(
        "(el) => { el.value = el.min; el.dispatchEvent(new Event('input')); }"
    )
    page.get_by_role("button", name="Whole map").click()
    assert inked_pixels(page) < drawn

    page.goto("/map/")
    page.wait_for_function("window.paperscopeMap && paperscopeMap.ready")
    page.mouse.click(*at(page, target.id))
    expect(page).to_have_url(f"{page.url.split('/map/')[0]}/papers/{target.arxiv_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(target.title)
    RUN_FIGURES["map in Chromium (60 papers)"] = {
        "time to interactive ms": round(state["interactiveMs"]),
        "first draw ms": round(state["lastDrawMs"], 1),
        "zoom step ms": round(zoom_ms, 1),
        "payload bytes": state["payloadBytes"],
    }


def test_a_search_lights_up_its_results(page, map_corpus):
    update_map()
    index_keywords()
    state = open_map(page, "/map/?q=policy&mode=keyword")
    assert state["highlighted"] == len(map_corpus["policy"])
    expect(page.locator("[data-map-search-count]")).to_contain_text("20 results")
    assert pixels_of(page, SEARCH_RGB) > 0  # orange dots, drawn only for results
    open_map(page, "/map/")
    assert pixels_of(page, SEARCH_RGB) == 0


def test_the_library_is_highlighted_for_alice_and_not_for_bob(
    page, map_corpus, alice, bob, live_server
):
    update_map()
    bookmark_save(alice, map_corpus["diffusion"][2], tags=["to-read"])
    log_in(page, alice, live_server)
    state = open_map(page)
    assert state["bookmarked"] == 1
    expect(page.get_by_role("group", name="Your bookmarks by tag")).to_contain_text("to-read")

    page.context.clear_cookies()
    log_in(page, bob, live_server)
    state = open_map(page)
    assert state["bookmarked"] == 0
    expect(page.get_by_role("group", name="Your bookmarks by tag")).to_have_count(0)


def test_a_sampled_first_view_fills_in_with_tiles_as_the_map_zooms(page, map_corpus, settings):
    settings.MAP_OVERVIEW_POINTS = 25  # as 1M papers would be against 150,000
    update_map()
    papers = [p for group in map_corpus.values() for p in group]
    only_in_tiles = [p for p in papers if p.id % 3]  # the first view holds every 3rd paper
    focus = only_in_tiles[0]
    state = open_map(page, f"/map/?paper={focus.id}")  # opens zoomed in on that paper
    assert state["points"] < 60
    page.wait_for_function("paperscopeMap.tilesLoaded() > 0 && paperscopeMap.tilesInSightLoaded()")
    box = page.locator("#map-canvas").bounding_box()

    def on_screen(paper) -> bool:
        where = page.evaluate(f"paperscopeMap.screenOf({paper.id})")
        inside = where and 10 < where[0] < box["width"] - 10 and 10 < where[1] < box["height"] - 10
        return bool(inside)

    # Its neighbours, which only a tile holds, are drawn and name themselves on hover.
    in_sight = [p for p in only_in_tiles if p != focus and on_screen(p)]
    assert in_sight
    target = most_isolated(page, in_sight)
    page.mouse.move(*at(page, target.id))
    expect(page.locator("[data-map-tooltip]")).to_have_text(target.title)
