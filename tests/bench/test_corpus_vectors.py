"""The benchmarks' corpus gives each shared paper the row of the shared vectors file that
belongs to its own arXiv id, whatever order the import gave the papers (the figures of
every bench built on it depend on that)."""

import gzip
import sys

import numpy as np
import pytest

from papers.importer import import_files
from papers.models import Embedding
from tests.conftest import REPO_DIR, SHARED_DIR

sys.path.insert(0, str(REPO_DIR / "bench"))
import corpus

PAPERS = 40


@pytest.fixture
def sample_dir(tmp_path):
    """The first PAPERS shared papers and their rows, as a shared data folder."""
    with gzip.open(SHARED_DIR / "data" / corpus.CORPUS_FILE, "rt") as lines:
        head = [next(lines) for _ in range(PAPERS)]
    with gzip.open(tmp_path / corpus.CORPUS_FILE, "wt") as out:
        out.writelines(head)
    vectors = np.load(SHARED_DIR / "data" / corpus.VECTORS_FILE, mmap_mode="r")[:PAPERS]
    np.save(tmp_path / corpus.VECTORS_FILE, np.array(vectors))
    # Imported in reverse first, so the papers' ids run against the file's order.
    with gzip.open(tmp_path / "reversed.jsonl.gz", "wt") as out:
        out.writelines(reversed(head))
    import_files([tmp_path / "reversed.jsonl.gz"])
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_a_bench_corpus_paper_carries_the_shared_row_of_its_own_arxiv_id(sample_dir):
    import json

    ids, vectors, _ = corpus.load_corpus(PAPERS, data_dir=sample_dir)
    with gzip.open(sample_dir / corpus.CORPUS_FILE, "rt") as lines:
        row_of = {json.loads(line)["id"]: row for row, line in enumerate(lines)}
    rows = np.load(sample_dir / corpus.VECTORS_FILE).astype(np.float32)
    stored = Embedding.objects.select_related("paper")
    assert stored.count() == PAPERS == len(ids)
    for embedding in stored:
        own = rows[row_of[embedding.paper.arxiv_id]]
        assert np.allclose(np.asarray(embedding.vector, dtype=np.float32), own, atol=1e-3), (
            embedding.paper.arxiv_id
        )
    returned = dict(zip(ids.tolist(), vectors, strict=True))
    for embedding in stored:
        assert np.allclose(returned[embedding.paper_id], rows[row_of[embedding.paper.arxiv_id]])
