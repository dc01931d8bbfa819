"""The Celery app. Tasks live in <app>/tasks.py; embedding work goes to the `embeddings`
queue so that GPU machines can serve that queue alone."""

import logging
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)
app = Celery("paperscope")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def request(task, what: str) -> bool:
    """Queue `task` with no arguments; False (logged) when the broker cannot be reached.
    For work that follows an event (a harvest, a drained queue): the event's caller must
    never fail for it, and the next event, or the sweep, asks again."""
    try:
        task.apply_async(retry=True, retry_policy={"max_retries": 1})
    except Exception as error:  # kombu/redis raise many kinds
        logger.warning("%s not requested, broker unreachable: %s", what, error)
        return False
    return True
