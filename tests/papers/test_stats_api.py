"""GET /api/v1/stats/ and the home page's progress line."""

import pytest
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
    assert isinstance(body["workers"], list)


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
    assert harvests[1]["error"] == "OAI-PMH error badArgument"
    html = client.get(reverse("frontend:about")).content.decode()
    assert "OAI-PMH error badArgument" in html and "hf-daily" in html
