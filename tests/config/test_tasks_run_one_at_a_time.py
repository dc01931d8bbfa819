"""A harvest, the digests, the map, a backup: never two at once, even when the broker
hands the same task to a second worker (a redelivery, a second beat). The second copy
finds the first one's advisory lock and does nothing."""

import threading

import pytest

from config.celery import advisory_lock, one_at_a_time
from papers.harvest.tasks import harvest_arxiv_task, harvest_citations_task, harvest_hf_daily_task
from papers.tasks import backup_task, build_vector_index, refresh_repositories_task, sweep
from search.following.tasks import send_digests_task, update_new_papers_task
from search.map.tasks import update_map_task
from search.recommend.tasks import for_you_rank_task

pytestmark = pytest.mark.django_db(transaction=True)

SINGLE = [harvest_arxiv_task, harvest_hf_daily_task, harvest_citations_task, send_digests_task,
          update_new_papers_task, update_map_task, for_you_rank_task, backup_task,
          build_vector_index, refresh_repositories_task, sweep]  # fmt: skip


def test_a_second_copy_returns_at_once_while_the_first_runs():
    started, release, results = threading.Event(), threading.Event(), []

    @one_at_a_time
    def harvest() -> str:
        started.set()
        release.wait(30)
        return "harvested"

    first = threading.Thread(target=lambda: results.append(harvest()))
    first.start()
    assert started.wait(30)
    assert harvest() is None  # the first still holds the lock
    release.set()
    first.join(30)
    assert results == ["harvested"]
    assert harvest() == "harvested"  # free again once the first is done


@pytest.mark.parametrize("task", SINGLE, ids=lambda t: t.name)
def test_each_long_task_does_nothing_while_another_copy_holds_its_lock(task):
    function = task.run.__wrapped__
    with advisory_lock(f"{function.__module__}.{function.__name__}") as held:
        assert held
        assert task.run() is None  # run, each would return its work's result
