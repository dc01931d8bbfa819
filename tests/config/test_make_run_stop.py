"""`make run`'s processes stop in order on Ctrl-C: the workers (embedding apart from the
rest, as in production) and keyword index writer first, the broker last, with no
tracebacks and no queued message lost."""

import os
import signal
import subprocess
import sys

import pytest
import redis
from django.db import connection
from kombu import Connection

from config import embedded
from papers.models import Embedding
from papers.tasks import embed_papers
from tests.conftest import REPO_DIR
from tests.factories import PaperFactory
from tests.papers.pipeline import Broker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
TASKS = 20


def test_ctrl_c_stops_the_worker_and_writer_before_the_broker(tmp_path, keyword_index_dir):
    broker_dir = tmp_path / "broker"
    server = embedded.postgres()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{server.user}@/{connection.settings_dict['NAME']}"
                        f"?host={server.host}",
        "EMBEDDED_BROKER_DIR": str(broker_dir),
        "KEYWORD_INDEX_DIR": str(keyword_index_dir),
        "EMBEDDING_SWEEP_SECONDS": "3600",
        "PYTHONUNBUFFERED": "1",
    }  # fmt: skip
    env.pop("CELERY_BROKER_URL", None)
    log = tmp_path / "run.log"
    with open(log, "wb") as output:
        run = subprocess.Popen(
            [sys.executable, "-m", "config.devserver", "broker", "worker-embeddings", "worker",
             "indexer"],
            cwd=REPO_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, like a terminal's foreground job
        )  # fmt: skip
    text = lambda: log.read_text(errors="replace")  # noqa: E731
    try:
        wait_for(lambda: text().count("ready.") == 2 and "following PostgreSQL" in text(), 120,
                 "the workers and the writer")  # fmt: skip
        socket = broker_dir / "valkey.sock"
        client = redis.Redis(unix_socket_path=str(socket))
        client.rpush("probe", *range(100))
        papers = [PaperFactory() for _ in range(TASKS)]
        with Connection(f"redis+socket://{socket}") as producer:
            for paper in papers:
                embed_papers.apply_async(([paper.id],), connection=producer)
        os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        assert run.wait(120) == 0
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    output = text()
    for noise in ("Traceback", "WorkerLostError", "ConnectionError", "Couldn't"):
        assert noise not in output, output
    stopped = output.index("broker stopped")
    assert output.index("worker.1 stopped (rc=0)") < stopped  # not killed: it finished
    assert output.index("worker-embeddings.1 stopped (rc=0)") < stopped
    assert output.index("indexer.1 stopped (rc=0)") < stopped

    # The broker saved its queue on the way out: nothing queued was lost.
    broker = Broker(broker_dir)
    broker.start()
    try:
        client = redis.Redis(unix_socket_path=str(broker.socket))
        assert client.llen("probe") == 100
        waiting = client.llen("embeddings") + client.hlen("unacked")
        done = Embedding.objects.count()
        assert done + waiting >= TASKS, (done, waiting)
    finally:
        broker.stop()
