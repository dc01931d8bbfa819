"""Hybrid search on 120 real papers with their vectors: the dense side's beam is narrower
than the keyword side's candidates, and every keyword candidate still carries its true
cosine (read with the dense scan), so each shown hit has both of its scores."""

import gzip
import json
from itertools import islice

import numpy as np
import pytest

from papers.embeddings import store_vectors
from papers.encoder import paper_text, text_hash
from search import pipeline
from search.params import parse_search_params
from search.pipeline import paper_search
from search.semantic import nearest, query_vector
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db
PAPERS = 120


@pytest.fixture
def embedded(shared):
    with gzip.open(shared / "data" / "arxiv-ml-106k.jsonl.gz", "rt") as lines:
        docs = [json.loads(line) for line in islice(lines, PAPERS)]
    vectors = np.load(shared / "data" / "arxiv-ml-106k.minilm-f16.npy", mmap_mode="r")
    papers = [PaperFactory(arxiv_id=d["id"], title=" ".join(d["title"].split()),
                           abstract=" ".join(d["abstract"].split())) for d in docs]  # fmt: skip
    store_vectors([p.id for p in papers], np.asarray(vectors[:PAPERS], dtype=np.float32),
                  [text_hash(paper_text(p.title, p.abstract)) for p in papers])  # fmt: skip
    index_keywords()
    return {p.id: vectors[i].astype(np.float32) for i, p in enumerate(papers)}


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
