"""The schedule's chain with real components: a Celery worker (and a Valkey broker) runs
the arXiv harvest against a local OAI-PMH server, the harvest asks for digests, and the
same worker mails them to a real SMTP server on 127.0.0.1."""

import datetime as dt

import pytest
from django.utils import timezone

from papers.models import Paper
from search.following.services import saved_search_create
from tests.papers.pipeline import Broker, Worker, wait_for
from tests.papers.replay_server import Reply, oai_page, oai_record, replay_server
from tests.smtp_server import smtp_server

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_scheduled_harvest_is_followed_by_the_digest(tmp_path, alice):
    from celery import Celery

    search = saved_search_create(alice, {"name": "Diffusion", "q": "diffusion", "mode": "keyword",
                                         "alert": "daily"})  # fmt: skip
    search.created = timezone.now() - dt.timedelta(hours=1)
    search.save()
    records = [oai_record("2611.00001", title="Diffusion for molecules"),
               oai_record("2611.00002", title="Robot hands")]  # fmt: skip
    broker = Broker(tmp_path / "broker")
    broker.directory.mkdir()
    broker.start()
    with smtp_server() as inbox, replay_server(lambda params: Reply(oai_page(records))) as oai:
        worker = Worker(broker.url, tmp_path / "worker.log", extra_env={
            "ARXIV_OAI_URL": oai.url, "HARVEST_REQUEST_INTERVAL": "0",
            "HARVEST_CATEGORIES": "cs.LG", "EMAIL_URL": f"smtp://{inbox.host}:{inbox.port}",
            "SITE_URL": "https://papers.example.org",
        })  # fmt: skip
        try:
            worker.start()
            app = Celery(broker=broker.url)
            app.send_task("papers.harvest.tasks.harvest_arxiv_task")
            wait_for(lambda: inbox.messages, 120, "the digest after the harvest")
        finally:
            worker.stop()
            broker.stop()
    assert Paper.objects.count() == 2
    (message,) = inbox.messages
    assert message["To"] == alice.email
    text = message.get_body(("plain",)).get_content()
    assert "Diffusion for molecules" in text and "Robot hands" not in text
