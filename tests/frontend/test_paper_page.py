"""A paper's page: abstract, author links, arXiv links, similar papers, BibTeX, 404."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_paper_page_has_everything_a_reader_needs(client, corpus):
    response = client.get(reverse("frontend:paper", args=["2501.00002"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "self-attention over patches" in html
    assert 'href="/authors/Ada%20Lovelace/"' in html  # their author page
    assert 'href="https://arxiv.org/abs/2501.00002"' in html
    assert 'href="https://arxiv.org/pdf/2501.00002"' in html
    assert "Similar papers" in html and "Denoising diffusion models" in html
    assert "@misc{lovelace2025image," in html and "eprint = {2501.00002}" in html
    assert "Log in</a> or" in html  # anonymous: invited to log in to bookmark


def test_old_style_ids_with_a_slash(client, corpus):
    assert client.get("/papers/cs/9311102/").status_code == 200


def test_unknown_paper_is_a_404_in_the_site_style(client, corpus):
    response = client.get("/papers/9999.99999/")
    assert response.status_code == 404
    assert "Paperscope" in response.content.decode()
