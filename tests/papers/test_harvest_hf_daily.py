"""`manage.py harvest --hf-daily DATE` against a real HTTP server replaying Hugging Face's
recorded /api/daily_papers responses."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from papers.models import HarvestRun, Paper
from tests.factories import PaperFactory
from tests.papers.replay_server import Reply, replay_server


@pytest.fixture(autouse=True)
def quick(settings, unreachable_broker):
    settings.HARVEST_REQUEST_INTERVAL = 0
    settings.HARVEST_BACKOFF_SECONDS = 0.05


def recorded(samples, day: str):
    return (samples / "hf_daily_papers" / f"daily_papers_date_{day}.json").read_bytes()


@pytest.mark.django_db
def test_upvotes_update_papers_we_have_and_add_the_others(samples):
    body = recorded(samples, "2024-05-29")
    items = json.loads(body)
    known = items[0]["paper"]
    PaperFactory(arxiv_id=known["id"], upvotes=None, categories=["cs.CV"])
    with replay_server(lambda params: Reply(body, content_type="application/json")) as server:
        call_command(
            "harvest", "--hf-daily", "2024-05-29", "--url", server.url.removesuffix("/oai")
        )
    assert [(r["_path"], r["date"]) for r in server.requests] == [
        ("/api/daily_papers", "2024-05-29")
    ]
    assert Paper.objects.count() == len(items)
    paper = Paper.objects.get(arxiv_id=known["id"])
    assert paper.upvotes == known["upvotes"]
    assert paper.categories == ["cs.CV"]  # the listing has none; ours are kept
    run = HarvestRun.objects.get(source="hf-daily")
    assert (run.status, run.created, run.updated) == ("ok", len(items) - 1, 1)


@pytest.mark.django_db
def test_an_unreachable_hub_is_a_clear_failure_that_is_recorded():
    server = replay_server(lambda params: Reply(b"", status=500))
    with server as hub, pytest.raises(CommandError, match="500") as failure:
        call_command("harvest", "--hf-daily", "--url", hub.url)
    assert failure.value.returncode == 1
    assert HarvestRun.objects.get().status == "failed"
