"""The queue embeds what people see first: newest papers first, and a new day before a
backfill queued earlier. Real broker, real worker, one paper a task."""

import datetime as dt
import subprocess
import sys

import pytest
from django.utils import timezone

from papers.models import Embedding, Paper
from tests.conftest import REPO_DIR
from tests.factories import PaperFactory
from tests.papers.pipeline import Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def queue(env: dict, *arxiv_ids: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "embed", "--ids", *arxiv_ids],
        cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_a_new_day_is_embedded_before_an_older_backfill_newest_first(broker, workers):
    today = timezone.localdate()
    backfill = {
        "old": dt.date(2015, 3, 1), "undated": None, "recent": today - dt.timedelta(days=200),
        "middle": dt.date(2020, 5, 1),
    }  # fmt: skip
    new_day = {"yesterday": today - dt.timedelta(days=1), "today": today}
    for name, published in (backfill | new_day).items():
        PaperFactory(arxiv_id=name, title=f"A paper called {name}", published=published)

    env = Worker(broker.url, broker.directory / "unused.log").env()
    env["EMBEDDING_PAPERS_PER_TASK"] = "1"
    queue(env, *backfill)  # while no worker runs: the backfill waits in the queue
    queue(env, *new_day)  # then a day's harvest arrives
    workers()
    wait_for(lambda: Embedding.objects.count() == Paper.objects.count(), 120,
             "every paper to be embedded")  # fmt: skip

    done = list(
        Embedding.objects.order_by("created", "id").values_list("paper__arxiv_id", flat=True)
    )
    assert done == ["today", "yesterday", "recent", "middle", "old", "undated"]
