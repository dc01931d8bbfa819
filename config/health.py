"""GET /healthz: what a load balancer, compose's healthcheck or an operator asks first.

Public and cheap (one query, a file's age, a broker ping cached for a few seconds), and it
names no host, URL or secret. The status is 503 only when the database cannot be reached:
without it nothing works, while a broker or a worker that is down delays work (reported
here) and the site still serves.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.celery import app
from papers.models import WorkerHeartbeat
from search.fulltext.writer import index_age_seconds

BROKER_CHECK_SECONDS = 5  # a ping's answer is reused this long (probes come every few s)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def health_report() -> dict:
    """{"status", "database", "broker", "workers": {queue: {"last_heartbeat_seconds_ago"}},
    "keyword_index": {"age_seconds"}}."""
    try:
        beats = list(WorkerHeartbeat.objects.values_list("queue", "seen"))
        database = "ok"
    except DatabaseError:
        beats, database = [], "unavailable"
    now = timezone.now()
    age = index_age_seconds()
    return {
        "status": "ok" if database == "ok" else "unavailable",
        "database": database,
        "broker": _broker(),
        "workers": {queue: {"last_heartbeat_seconds_ago": _seconds(now - seen)}
                    for queue, seen in beats},
        "keyword_index": {"age_seconds": None if age is None else round(age, 1)},
    }  # fmt: skip


def _broker() -> str:
    state = cache.get("healthz:broker")
    if state is None:
        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=1)
            state = "ok"
        except Exception:  # kombu and redis raise many kinds; none may fail the check
            state = "unreachable"
        cache.set("healthz:broker", state, BROKER_CHECK_SECONDS)
    return state


def _seconds(delta: dt.timedelta) -> float:
    return round(max(delta.total_seconds(), 0.0), 1)
