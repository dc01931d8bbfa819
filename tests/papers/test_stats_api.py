"""GET /api/v1/stats/ and the home page's progress line."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from papers.embeddings import embed_papers_now
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def test_stats_report_papers_embedded_pending_and_model(client):
    papers = PaperFactory.create_batch(3)
    embed_papers_now([papers[0].id])
    body = client.get(reverse("api:stats")).json()
    assert body["papers"] == 3 and body["embedded"] == 1 and body["pending"] == 2
    assert body["model"] == "all-MiniLM-L6-v2"
    assert body["device"] in {"cpu", "cuda"}
    assert isinstance(body["worker_count"], int)


def test_stats_read_counts_and_never_the_text_of_papers(client):
    """Hashing every paper's text took 4.7 s a call at 106k: a public endpoint must not."""
    PaperFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("api:stats")).status_code == 200
        assert client.get(reverse("frontend:home")).status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "count(*)" in sql and "sha256" not in sql


def test_home_page_shows_progress_while_work_is_pending(client):
    PaperFactory.create_batch(2)
    html = client.get(reverse("frontend:home")).content.decode()
    assert "0 of 2 papers embedded" in html


def test_schema_lists_the_stats_endpoint(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/v1/stats/" in schema["paths"]


def test_stats_and_about_page_show_the_last_harvest_of_each_source(client):
    from papers.models import HarvestRun

    HarvestRun.objects.create(source="arxiv", status="ok", created=5)
    HarvestRun.objects.create(source="arxiv", status="failed", error="OAI-PMH error badArgument")
    HarvestRun.objects.create(source="hf-daily", status="ok", updated=3)
    harvests = client.get(reverse("api:stats")).json()["harvests"]
    latest = [(h["source"], h["status"]) for h in harvests]
    assert latest == [("hf-daily", "ok"), ("arxiv", "failed")]
    html = client.get(reverse("frontend:about")).content.decode()
    assert "failed" in html and "hf-daily" in html


def test_only_staff_see_worker_host_names_and_harvest_errors(client, alice, settings):
    from django.core.cache import cache

    from papers.models import HarvestRun

    HarvestRun.objects.create(source="arxiv", status="failed", error="connect to 10.0.0.7 failed")
    cache.set("paperscope:workers-seen", ["celery@web-3.internal"])  # as a ping found them
    anonymous = client.get(reverse("api:stats")).json()
    assert anonymous["worker_count"] == 1 and anonymous["workers"] is None
    assert anonymous["harvests"][0]["error"] == ""
    assert "10.0.0.7" not in client.get(reverse("frontend:about")).content.decode()
    alice.is_staff = True
    alice.save()
    client.force_login(alice)
    staff = client.get(reverse("api:stats")).json()
    assert staff["workers"] == ["celery@web-3.internal"]
    assert staff["harvests"][0]["error"] == "connect to 10.0.0.7 failed"
    assert "10.0.0.7" in client.get(reverse("frontend:about")).content.decode()
