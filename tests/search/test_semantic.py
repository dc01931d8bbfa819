"""Nearest neighbours with the real model: ranking, filters that never starve k, the
query-vector cache, another side's candidates scored in the same round trip, and vectors
of other models kept out."""

import datetime as dt

import numpy as np
import pytest
from django.db import connection

from papers.embeddings import embed_papers_now
from papers.filters import Filters
from papers.models import Embedding
from search.semantic import nearest, nearest_and_cosines, paper_vector, query_vector
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db

TOPICS = [
    ("Deep residual learning for image recognition", "Residual connections let very deep "
     "convolutional networks train well on ImageNet classification.", "cs.CV"),
    ("Proximal policy optimization", "A policy-gradient reinforcement learning method with "
     "clipped surrogate objectives for stable agent training.", "cs.LG"),
    ("Attention is all you need", "The Transformer replaces recurrence with self-attention "
     "for machine translation.", "cs.CL"),
    ("Denoising diffusion probabilistic models", "Image generation by learning to reverse "
     "a gradual noising process.", "cs.CV"),
]  # fmt: skip


@pytest.fixture
def corpus():
    papers = [
        PaperFactory(title=t, abstract=a, categories=[c], published=dt.date(2020 + i, 1, 1))
        for i, (t, a, c) in enumerate(TOPICS)
    ]
    embed_papers_now([p.id for p in papers])
    return papers


def test_conceptual_queries_find_the_right_paper(corpus):
    vector, _ = query_vector("stop an RL agent's updates from being too large")
    assert nearest(vector, k=1)[0][0] == corpus[1].id
    vector, _ = query_vector("translate sentences without recurrent networks")
    ranked = nearest(vector, k=4)
    assert ranked[0][0] == corpus[2].id
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)


def test_filters_apply_and_still_fill_k(corpus):
    vector, _ = query_vector("reinforcement learning")
    vision = nearest(vector, k=10, filters=Filters(categories=["cs.CV"]))
    assert {pid for pid, _ in vision} == {corpus[0].id, corpus[3].id}
    recent = nearest(vector, k=10, filters=Filters(after=dt.date(2022, 1, 1)))
    assert {pid for pid, _ in recent} == {corpus[2].id, corpus[3].id}
    by_author = nearest(vector, k=10, filters=Filters(authors=["lovelace"]))
    assert len(by_author) == 4
    assert nearest(vector, k=10, filters=Filters(authors=["100%_nobody"])) == []


def test_similar_excludes_the_paper_itself(corpus):
    ranked = nearest(paper_vector(corpus[3]), k=10, exclude_ids=[corpus[3].id])
    assert sorted(pid for pid, _ in ranked) == sorted(p.id for p in corpus[:3])
    assert nearest(paper_vector(corpus[3]), k=1)[0] == (corpus[3].id, pytest.approx(1, abs=1e-3))


def test_query_vectors_are_cached_by_normalised_text(corpus):
    first, hit = query_vector("Graph  Neural Networks")
    assert not hit
    again, hit = query_vector("graph neural networks")
    assert hit and np.allclose(first, again)


def test_vectors_of_another_model_never_appear(corpus, settings):
    settings.EMBEDDING_MODEL = "another-model"
    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    assert nearest(vector, k=10) == []
    assert Embedding.objects.count() == 4


def test_the_cosines_of_another_sides_candidates_come_with_the_nearest(corpus):
    vector, _ = query_vector("reinforcement learning agents")
    unembedded = PaperFactory(title="Policy gradients", abstract="No vector yet.")
    others = [p.id for p in corpus] + [unembedded.id]
    ranked, cosines = nearest_and_cosines(vector, 1, exclude_ids=[], others=others)
    assert ranked == nearest(vector, k=1)
    everyone = dict(nearest(vector, k=10))
    assert cosines.keys() == everyone.keys()  # every paper with a vector, the rest left out
    assert all(cosines[pid] == pytest.approx(everyone[pid], abs=1e-6) for pid in everyone)


def test_each_scan_sets_its_beam_and_iterative_scanning_first(corpus):
    # They travel in the scan's own round trip: a scan wider than the default beam must
    # widen it, and a filtered one must keep walking past it.
    vector, _ = query_vector("reinforcement learning")
    for k, beam in ((100, "100"), (3, "40")):
        nearest(vector, k=k, filters=Filters(categories=["cs.CV"]))
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('hnsw.ef_search'), "
                           "current_setting('hnsw.iterative_scan')")  # fmt: skip
            assert cursor.fetchone() == (beam, "relaxed_order")
