"""The growth chart is cached until the corpus or its vectors change: a new paper counts
at the next request, by its words once indexed and by meaning once it has a vector."""

import datetime as dt

import pytest

from papers.embeddings import embed_papers_now
from tests.factories import PaperFactory
from tests.helpers import index_keywords
from tests.search.test_search_trend import papers, trend  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_a_new_paper_counts_by_its_words_at_the_next_request(papers):  # noqa: F811
    assert trend("diffusion models", "keyword").papers == 2
    PaperFactory(title="Diffusion models for audio", abstract="Sound by denoising.",
                 published=dt.date(2024, 6, 1))  # fmt: skip
    index_keywords()
    assert trend("diffusion models", "keyword").papers == 3


def test_a_new_vector_counts_by_meaning_at_the_next_request(papers, settings):  # noqa: F811
    settings.SAVED_SEARCH_MIN_COSINE = -1.0  # every paper with a vector is close enough
    assert trend("image generation", "semantic").papers == 5
    new = PaperFactory(title="Audio generation", abstract="Sound.", published=dt.date(2024, 6, 1))
    assert trend("image generation", "semantic").papers == 5  # no vector yet
    embed_papers_now([new.id])
    assert trend("image generation", "semantic").papers == 6
