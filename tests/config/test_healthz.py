"""/healthz: public, cheap, names nothing secret; 200 while the database answers, with the
broker's state, each queue's last heartbeat and the keyword index's age."""

import pytest

from papers.tasks import heartbeat
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


def test_health_reports_each_part_and_leaks_nothing(client):
    first = client.get("/healthz")
    assert first.status_code == 200 and first["Cache-Control"].startswith("max-age=0")
    body = first.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["workers"] == {} and body["keyword_index"] == {"age_seconds": None}
    # (tests/config/test_docker_compose.py sees "ok" with the broker up)
    assert body["broker"] in ("ok", "unreachable")
    assert "redis://" not in first.content.decode() and "postgres" not in first.content.decode()

    heartbeat("embeddings")
    index_keywords()
    body = client.get("/healthz").json()
    assert body["workers"]["embeddings"]["last_heartbeat_seconds_ago"] < 60
    assert 0 <= body["keyword_index"]["age_seconds"] < 60
    assert client.post("/healthz").status_code == 405
