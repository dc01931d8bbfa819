"""Which papers need a vector, idempotent writes, and odd texts in a batch (real model,
in this process: no worker needed to test what one batch does)."""

import datetime as dt

import pytest

from papers.embeddings import (
    embed_papers_now,
    embedding_status,
    paper_ids_needing_embedding,
)
from papers.encoder import model_name
from papers.models import Embedding
from papers.tasks import enqueue_embedding
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def test_missing_and_stale_vectors_are_found_newest_first_and_rerunning_changes_nothing():
    dates = [dt.date(2020, 1, 1), None, dt.date(2025, 6, 1)]
    papers = [PaperFactory(published=date) for date in dates]
    assert paper_ids_needing_embedding() == [papers[2].id, papers[0].id, papers[1].id]
    assert embed_papers_now([p.id for p in papers]) == 3
    assert paper_ids_needing_embedding() == []
    created = dict(Embedding.objects.values_list("paper_id", "created"))

    assert embed_papers_now([p.id for p in papers]) == 0  # current vectors are skipped
    assert dict(Embedding.objects.values_list("paper_id", "created")) == created

    papers[1].abstract = "A new abstract."
    papers[1].save()
    assert paper_ids_needing_embedding() == [papers[1].id]
    assert embedding_status().pending == 1
    assert embed_papers_now([papers[1].id]) == 1
    assert Embedding.objects.count() == 3


def test_another_model_never_counts_as_current(settings):
    paper = PaperFactory()
    embed_papers_now([paper.id])
    settings.EMBEDDING_MODEL = "some-other-model"
    assert model_name() == "some-other-model"
    assert paper_ids_needing_embedding() == [paper.id]
    assert embedding_status().embedded == 0


def test_empty_and_absurdly_long_texts_do_not_block_their_batch():
    ordinary = PaperFactory()
    empty = PaperFactory(title="", abstract="")
    huge = PaperFactory(abstract="token " * 2_000_000)  # 12 MB of text
    assert embed_papers_now([ordinary.id, empty.id, huge.id]) == 3
    assert Embedding.objects.filter(model_name=model_name()).count() == 3


def test_unreachable_broker_defers_instead_of_failing(unreachable_broker):
    assert enqueue_embedding([p.id for p in PaperFactory.create_batch(3)]) is False
