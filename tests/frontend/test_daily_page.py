"""/daily/: a day's papers (or its week or month) with chips, sorts and day links."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 10, 15)


def test_latest_day_with_entries_and_day_links(client):
    PaperFactory(published=DAY - dt.timedelta(days=4))
    PaperFactory(title="Today's paper", published=DAY, upvotes=12, categories=["cs.CL", "cs.LG"],
                 authors=["Grace Hopper"], abstract="Short abstract about compilers.")  # fmt: skip
    html = client.get(reverse("frontend:daily")).content.decode()
    assert "Papers of Thursday 15 October 2026" in html
    assert "Today&#x27;s paper" in html and "Grace Hopper" in html and "▲ 12" in html
    assert "cs.CL" in html and "Short abstract about compilers." in html
    assert 'rel="prev" href="/daily/2026-10-11"' in html
    assert 'rel="next"' not in html
    assert "data-bookmark" in html or "Log in to bookmark" in html or "bookmark" in html.lower()
    assert '<link rel="alternate" type="application/atom+xml"' in html


def test_one_day_by_url_with_or_without_a_slash(client):
    PaperFactory(title="Older paper", published=DAY - dt.timedelta(days=4))
    PaperFactory(published=DAY)
    for path in ("/daily/2026-10-11", "/daily/2026-10-11/"):
        html = client.get(path).content.decode()
        assert "Older paper" in html and 'rel="next" href="/daily/2026-10-15"' in html


def test_week_and_month_views_keep_category_and_sort_in_their_links(client):
    PaperFactory(title="Monday vision", published=DAY - dt.timedelta(days=3), categories=["cs.CV"])
    PaperFactory(title="Thursday vision", published=DAY, categories=["cs.CV"])
    PaperFactory(title="Thursday language", published=DAY, categories=["cs.CL"])
    html = client.get("/daily/2026-10-15", {"period": "week", "category": "cs.CV",
                                           "sort": "newest"}).content.decode()  # fmt: skip
    assert "Monday vision" in html and "Thursday vision" in html
    assert "Thursday language" not in html
    assert html.index("Thursday vision") < html.index("Monday vision")
    assert 'href="/daily/2026-10-12?period=month&amp;category=cs.CV&amp;sort=newest"' in html


@pytest.mark.parametrize("path", ["/daily/2026-02-31", "/daily/?sort=best", "/daily/?period=year",
                                  "/daily/?category=cs.XX"])  # fmt: skip
def test_bad_parameters_are_400s_that_say_what_is_wrong(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_home_page_leads_with_the_latest_day(client):
    PaperFactory(title="Fresh paper", published=DAY, upvotes=3)
    html = client.get(reverse("frontend:home")).content.decode()
    assert html.index("Papers of Thursday 15 October 2026") < html.index("Newest papers")
    assert 'href="/daily/2026-10-15"' in html


def test_entries_have_the_bookmark_toggle(alice_client, alice):
    from papers.services import bookmark_save

    saved = PaperFactory(title="Saved paper", published=DAY)
    PaperFactory(title="Other paper", published=DAY)
    bookmark_save(alice, saved)
    html = alice_client.get("/daily/2026-10-15").content.decode()
    assert html.count("data-bookmark") == 2
    assert "Bookmarked (press to remove): Saved paper" in html


def test_most_cited_first_says_how_it_orders(client):
    PaperFactory(title="Cited a little", published=DAY, citation_count=3)
    PaperFactory(title="Cited a lot", published=DAY, citation_count=4200)
    html = client.get(reverse("frontend:daily"), {"sort": "citations"}).content.decode()
    assert html.index("Cited a lot") < html.index("Cited a little")
    assert "Cited by 4,200" in html and "Citations: the worldwide count" in html
    assert "Trending: upvotes" not in html
    assert "Trending: upvotes" in client.get(reverse("frontend:daily")).content.decode()
