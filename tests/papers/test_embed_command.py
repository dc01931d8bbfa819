"""manage.py embed: --sync with the real model, --ids, --status, and a clear error when no
broker is there to take queued work."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from papers.models import Embedding
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("embed", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_sync_embeds_missing_papers_in_process_then_finds_nothing_to_do():
    PaperFactory.create_batch(3)
    assert "embedded 3 of 3 papers" in run("--sync")
    assert Embedding.objects.count() == 3
    assert "nothing to embed" in run("--sync")


def test_ids_recompute_named_papers_and_reject_unknown_ones():
    paper = PaperFactory(arxiv_id="2501.00042")
    assert "embedded 1 of 1 papers" in run("--ids", "2501.00042", "--sync")
    assert "embedded 1 of 1 papers" in run("--ids", "2501.00042", "--sync")  # forced
    assert Embedding.objects.get().paper == paper
    with pytest.raises(CommandError, match=r"unknown arXiv ids: 9999\.99999"):
        run("--ids", "2501.00042", "9999.99999")


def test_status_reports_progress():
    PaperFactory.create_batch(2)
    run("--ids", PaperFactory(arxiv_id="2501.00077").arxiv_id, "--sync")
    status = run("--status")
    assert "papers:   3" in status and "embedded: 1" in status and "pending:  2" in status
    assert "model:    all-MiniLM-L6-v2" in status


def test_queueing_without_a_broker_says_what_to_do(unreachable_broker):
    PaperFactory()
    with pytest.raises(CommandError, match="broker is unreachable"):
        run("--missing")
