"""The about page, error pages, and the site chrome on every page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_about_shows_corpus_and_model(client, corpus):
    html = client.get(reverse("frontend:about")).content.decode()
    assert "all-MiniLM-L6-v2" in html and "4 of 4" in html
    assert "31 Oct 1993 \N{EN DASH} 1 Jun 2025" in html and "cs.CV" in html


@pytest.mark.parametrize("name", ["frontend:home", "frontend:search", "frontend:about",
                                  "login", "frontend:signup"])  # fmt: skip
def test_pages_have_landmarks_search_box_and_labels(client, name):
    html = client.get(reverse(name)).content.decode()
    assert '<main id="main">' in html and 'role="search"' in html
    assert 'class="skip" href="#main"' in html
    assert 'for="site-q"' in html or 'for="q"' in html  # the search page has its own box


def test_home_date_ranges(client):
    import datetime as dt

    from tests.factories import PaperFactory

    PaperFactory(title="Fresh paper", published=dt.date.today())
    PaperFactory(title="Old paper", published=dt.date(2001, 1, 1))
    html = client.get(reverse("frontend:home"), {"since": "week"}).content.decode()
    assert "Fresh paper" in html and "Old paper" not in html


def test_error_pages_are_in_the_site_style(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "Not found" in response.content.decode()
    assert 'class="brand"' in response.content.decode()
