"""The search page: results with why they matched, modes, filters, errors, empty states."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def get(client, **params):
    return client.get(reverse("frontend:search"), params)


def test_empty_search_page_suggests_queries_and_explains_syntax(client):
    response = get(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Query syntax" in html and "cat:cs.LG" in html and "Try:" in html


def test_results_show_snippet_reason_and_bookmark_toggle(client, corpus):
    html = get(client, q="reinforcement learning policy").content.decode()
    assert html.index("Proximal policy optimization") < html.index("Software agents")
    assert "<mark>" in html and "Why: meaning similarity" in html and "keyword match #1" in html
    assert 'action="/papers/2501.00001/bookmark"' in html
    assert 'href="/papers/2501.00001/"' in html


@pytest.mark.parametrize("mode", ["hybrid", "semantic", "keyword"])
def test_each_mode_is_selectable(client, corpus, mode):
    html = get(client, q="image generation", mode=mode).content.decode()
    assert f'value="{mode}" checked' in html and "Denoising diffusion models" in html


def test_filters_and_newest_sort(client, corpus):
    html = get(client, q="images", category="cs.CV", sort="newest").content.decode()
    assert "Proximal policy" not in html
    assert html.index("Image transformers") < html.index("Denoising diffusion")
    only_filter = get(client, author="lovelace", before="2000-01-01").content.decode()
    assert "Software agents" in only_filter and "Image transformers" not in only_filter


def test_bad_parameters_are_a_400_page_naming_the_field(client, corpus):
    for params, field in [({"q": "x", "mode": "fuzzy"}, "mode"), ({"q": "x" * 5001}, "q"),
                          ({"q": "x", "after": "2025-13-01"}, "after"),
                          ({"q": "x", "page": "-1"}, "page"),
                          ({"q": "x", "category": "<b>"}, "category")]:  # fmt: skip
        response = get(client, **params)
        assert response.status_code == 400
        assert f"{field}:" in response.content.decode()


def test_no_results_suggests_what_to_try(client, corpus):
    html = get(client, q="zymurgy", mode="keyword").content.decode()
    assert "Nothing matched" in html and "hybrid search" in html


def test_paging_links(client, corpus):
    html = get(client, q="learning", k=2).content.decode()
    assert "Page 1 of 2" in html and "page=2" in html
    second = get(client, q="learning", k=2, page=2).content.decode()
    assert "Page 2 of 2" in second and '<ol class="papers" start="3">' in second
