"""Hybrid search on 120 real papers with their vectors: the dense side's beam (40) is
narrower than the keyword side's candidates (100); a keyword candidate outside the beam
still carries its true cosine, read with the dense scan, and is shown with it."""

import numpy as np
import pytest

from search import pipeline
from search.params import parse_search_params
from search.pipeline import paper_search
from search.semantic import nearest, query_vector
from tests.helpers import shared_papers

pytestmark = pytest.mark.django_db
PAPERS = 120


@pytest.fixture
def embedded(shared):
    papers, vectors = shared_papers(shared, PAPERS)
    return {p.id: vectors[i] for i, p in enumerate(papers)}


def test_keyword_candidates_outside_the_dense_beam_keep_their_cosines(embedded):
    beam = pipeline.FUSED_DENSE_CANDIDATES
    hits = paper_search(parse_search_params({"q": "learning", "k": str(beam)})).hits
    vector, _ = query_vector("learning")
    nearest_ids = {pid for pid, _ in nearest(vector, k=beam)}
    outside = [hit for hit in hits if hit.paper.id not in nearest_ids]
    assert outside and all(hit.keyword_rank is not None for hit in outside)
    for hit in outside:
        stored = embedded[hit.paper.id]
        expected = float(vector @ stored / np.linalg.norm(stored))
        assert hit.semantic_similarity == pytest.approx(expected, abs=2e-3)
