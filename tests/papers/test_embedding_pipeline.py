"""The embedding pipeline end to end, with real processes: a Valkey broker, Celery
workers, the bundled model and the test database. Faults are real too: SIGKILL, a broker
that is not there."""

import gzip
import subprocess
import sys
from itertools import islice

import numpy as np
import pytest

from papers.embeddings import embedding_status
from papers.encoder import model_name, paper_text, text_hash
from papers.models import Embedding, Paper
from tests.conftest import REPO_DIR
from tests.papers.pipeline import Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def corpus_slice(shared, tmp_path):
    """The first N records of the shared corpus as a file, with their bundled vectors."""

    def make(count: int):
        path = tmp_path / f"first{count}.jsonl"
        with gzip.open(shared / "data" / "arxiv-ml-106k.jsonl.gz", "rb") as lines:
            path.write_bytes(b"".join(islice(lines, count)))
        reference = np.load(shared / "data" / "arxiv-ml-106k.minilm-f16.npy", mmap_mode="r")
        return path, np.asarray(reference[:count], dtype=np.float32)

    return make


def import_file(path, broker_url, worker_env) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "import_papers", "--no-progress", str(path)],
        cwd=REPO_DIR,
        env={**worker_env, "CELERY_BROKER_URL": broker_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def all_current() -> bool:
    status = embedding_status()
    return status.papers > 0 and status.pending == 0


def assert_exactly_one_current_embedding_each():
    model = model_name()
    for paper in Paper.objects.all():
        embeddings = list(Embedding.objects.filter(paper=paper, model_name=model))
        assert len(embeddings) == 1, paper.arxiv_id
        assert embeddings[0].text_hash == text_hash(paper_text(paper.title, paper.abstract))


def test_imported_papers_are_embedded_by_the_worker(broker, workers, corpus_slice):
    path, reference = corpus_slice(40)
    worker = workers()
    output = import_file(path, broker.url, worker.env())
    assert "queued 40 papers for embedding" in output
    wait_for(all_current, 120, "40 papers to be embedded")
    assert_exactly_one_current_embedding_each()
    # The stored vectors are the real model's: they agree with the bundled reference ones.
    stored = {
        e.paper.arxiv_id: np.array(e.vector) for e in Embedding.objects.select_related("paper")
    }
    ids = [line.split('"')[3] for line in path.read_text().splitlines()]
    cosines = [float(stored[pid] @ reference[i]) for i, pid in enumerate(ids)]
    assert min(cosines) > 0.995 and np.mean(cosines) > 0.999
    assert "embed_papers" in worker.output()


def test_worker_killed_mid_batch_loses_nothing(broker, workers, corpus_slice):
    path, _ = corpus_slice(300)
    first = Worker(broker.url, broker.directory / "unused.log")
    import_file(path, broker.url, first.env())  # queued while no worker runs
    worker = workers()
    wait_for(lambda: "embed_papers" in worker.output(), 30, "the worker to take a batch")
    worker.kill()  # SIGKILL, pool child included, in the middle of the 256-paper batch
    assert embedding_status().pending > 0

    workers()  # a fresh worker: the sweeper re-queues whatever the dead one left
    wait_for(all_current, 240, "every paper to be embedded after the crash")
    assert_exactly_one_current_embedding_each()
    assert Embedding.objects.count() == Paper.objects.count() == 300


def test_import_while_the_broker_is_down_is_embedded_later(broker, workers, corpus_slice):
    path, _ = corpus_slice(30)
    broker.stop()
    env = Worker(broker.url, broker.directory / "unused.log").env()
    output = import_file(path, broker.url, env)
    assert "embedding deferred" in output
    assert Paper.objects.count() == 30 and Embedding.objects.count() == 0

    broker.start()
    workers()
    wait_for(all_current, 120, "the deferred papers to be embedded")
    assert_exactly_one_current_embedding_each()


def test_an_edited_abstract_gets_a_new_vector(broker, workers, corpus_slice):
    path, _ = corpus_slice(5)
    worker = workers()
    import_file(path, broker.url, worker.env())
    wait_for(all_current, 120, "5 papers to be embedded")
    paper = Paper.objects.order_by("id").first()
    before = np.array(Embedding.objects.get(paper=paper).vector)
    paper.abstract = "An entirely different abstract about protein folding with diffusion."
    paper.save()
    assert embedding_status().pending == 1
    wait_for(all_current, 60, "the sweeper to re-embed the edited paper")
    after = np.array(Embedding.objects.get(paper=paper).vector)
    assert float(before @ after) < 0.95
    assert_exactly_one_current_embedding_each()
