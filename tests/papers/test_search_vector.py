"""The full-text vector follows the text on every write path, title above abstract."""

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from papers.keywords import fill_search_vectors
from papers.models import Paper
from papers.services import paper_bulk_upsert
from papers.sources.record import build_record
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def test_orm_writes_compute_the_vector():
    paper = PaperFactory(title="Graph neural networks", abstract="We study message passing.")
    assert Paper.objects.filter(search_vector="graph").get() == paper
    paper.abstract = "Now about reinforcement learning."
    paper.save()
    assert not Paper.objects.filter(search_vector="passing").exists()
    assert Paper.objects.filter(search_vector="reinforcement").get() == paper


def test_title_match_ranks_above_abstract_match():
    in_title = PaperFactory(title="Diffusion models", abstract="A study of generative models.")
    in_abstract = PaperFactory(title="Generative models", abstract="We look at diffusion.")
    ranked = (
        Paper.objects.filter(search_vector=SearchQuery("diffusion"))
        .annotate(rank=SearchRank(F("search_vector"), SearchQuery("diffusion")))
        .order_by("-rank")
    )
    assert list(ranked) == [in_title, in_abstract]


def test_bulk_upserts_defer_the_vector_until_filled():
    record = build_record(
        position="line 1",
        source="arxiv_jsonl",
        arxiv_id="2501.00001",
        title="Sparse attention",
        abstract="Long contexts, cheaply.",
    )
    paper_bulk_upsert([record])
    assert Paper.objects.get().search_vector is None
    assert fill_search_vectors(workers=1) == 1
    assert Paper.objects.filter(search_vector="attention").exists()
