"""`manage.py harvest` against a real HTTP server on 127.0.0.1 replaying arXiv's OAI-PMH
responses (recorded ones, and pages built in their arXivRaw shape)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.management import CommandError, call_command

from papers.models import HarvestRun, HarvestState, Paper
from tests.papers.helpers import kill_harvest_when
from tests.papers.replay_server import Pages, Reply, oai_error, oai_page, oai_record, replay_server

RANGE = ["--from", "2026-11-16", "--until", "2026-11-17"]


@pytest.fixture(autouse=True)
def harvest_settings(settings, unreachable_broker):
    settings.HARVEST_CATEGORIES = ["cs.LG", "cs.CL"]  # one OAI set: cs
    settings.HARVEST_REQUEST_INTERVAL = 0
    settings.HARVEST_BACKOFF_SECONDS = 0.05
    settings.HARVEST_RETRIES = 2
    return settings


def three_pages() -> Pages:
    return Pages([[oai_record(f"2611.{n:05d}") for n in range(p * 4, p * 4 + 4)]
                  for p in range(3)])  # fmt: skip


def harvest(url: str, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("harvest", "--url", url, *RANGE, *args, "--no-progress", stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.django_db
def test_three_pages_follow_resumption_tokens():
    pages = three_pages()
    with replay_server(pages.reply) as server:
        out = harvest(server.url)
    assert Paper.objects.count() == 12
    first, *rest = server.requests
    del first["_at"]
    assert first == {"verb": "ListRecords", "metadataPrefix": "arXivRaw", "set": "cs",
                     "from": "2026-11-16", "until": "2026-11-17", "_path": "/oai"}  # fmt: skip
    assert [r["resumptionToken"] for r in rest] == ["page-2", "page-3"]
    assert "3 pages, 12 records" in out and "created 12" in out
    paper = Paper.objects.get(arxiv_id="2611.00005")
    assert paper.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert paper.published == dt.date(2026, 11, 16) and paper.categories == ["cs.LG"]
    state = HarvestState.objects.get(source="arxiv")
    assert (state.harvested_until, state.in_flight) == (dt.date(2026, 11, 17), {})
    run = HarvestRun.objects.get()
    assert (run.status, run.created, run.error) == ("ok", 12, "")


@pytest.mark.django_db
def test_rerunning_a_harvest_changes_nothing():
    pages = three_pages()
    with replay_server(pages.reply) as server:
        harvest(server.url)
        modified = dict(Paper.objects.values_list("arxiv_id", "modified"))
        out = harvest(server.url)
    assert "created 0, updated 0, unchanged 12" in out
    assert dict(Paper.objects.values_list("arxiv_id", "modified")) == modified


@pytest.mark.django_db
def test_a_503_with_retry_after_is_obeyed_then_the_harvest_goes_on():
    pages = three_pages()
    throttled = []

    def respond(params):
        if params.get("resumptionToken") == "page-2" and not throttled:
            throttled.append(True)
            return Reply(b"busy", status=503, headers={"Retry-After": "1"})
        return pages.reply(params)

    with replay_server(respond) as server:
        harvest(server.url)
    refused, retried = [r for r in server.requests if r.get("resumptionToken") == "page-2"]
    assert retried["_at"] - refused["_at"] >= 1.0
    assert Paper.objects.count() == 12


@pytest.mark.django_db
def test_a_connection_dropped_mid_response_is_retried():
    pages = three_pages()
    cut = []

    def respond(params):
        reply = pages.reply(params)
        if params.get("resumptionToken") == "page-3" and not cut:
            cut.append(True)
            return Reply(reply.body, cut_after=len(reply.body) // 2)
        return reply

    with replay_server(respond) as server:
        harvest(server.url)
    assert [r.get("resumptionToken") for r in server.requests].count("page-3") == 2
    assert Paper.objects.count() == 12


@pytest.mark.django_db
def test_a_server_that_keeps_failing_gives_up_saying_where_to_resume():
    pages = three_pages()

    def respond(params):
        if params.get("resumptionToken") == "page-2":
            return Reply(b"", status=502)
        return pages.reply(params)

    with replay_server(respond) as server, pytest.raises(CommandError) as failure:
        harvest(server.url)
    assert failure.value.returncode == 1
    message = str(failure.value)
    assert "3 tries" in message and "'page-2'" in message and "resume" in message
    assert Paper.objects.count() == 4  # the first page landed
    assert HarvestState.objects.get().in_flight["token"] == "page-2"
    run = HarvestRun.objects.get()
    assert run.status == "failed" and "502" in run.error and run.created == 4


@pytest.mark.django_db
def test_bad_resumption_token_is_a_clear_error_and_the_range_restarts():
    pages = three_pages()

    def respond(params):
        if params.get("resumptionToken") == "page-2":
            return Reply(oai_error("badResumptionToken", "The resumptionToken is illegal"))
        return pages.reply(params)

    with replay_server(respond) as server, pytest.raises(CommandError) as failure:
        harvest(server.url)
    assert failure.value.returncode == 2
    assert "badResumptionToken" in str(failure.value) and "first page" in str(failure.value)
    assert Paper.objects.count() == 4
    assert HarvestState.objects.get().in_flight["token"] is None

    with replay_server(pages.reply) as server:
        harvest(server.url)
    assert "resumptionToken" not in server.requests[0]  # from the range's first page
    assert Paper.objects.count() == 12


@pytest.mark.django_db
def test_no_records_match_is_success_with_no_papers(samples):
    recorded = (samples / "arxiv_oai_pmh" / "arXivRaw_ErrorResponseNoRecordsMatch.xml").read_bytes()
    with replay_server(lambda params: Reply(recorded)) as server:
        out = harvest(server.url)
    assert "0 records" in out
    assert Paper.objects.count() == 0
    assert HarvestState.objects.get().harvested_until == dt.date(2026, 11, 17)


@pytest.mark.django_db
def test_bad_argument_is_a_clear_error():
    reply = Reply(oai_error("badArgument", "Illegal argument: from"))
    with replay_server(lambda params: reply) as server, pytest.raises(CommandError) as failure:
        harvest(server.url)
    assert failure.value.returncode == 2
    assert "badArgument" in str(failure.value) and "--from" in str(failure.value)


@pytest.mark.django_db
def test_a_record_with_a_bad_date_is_skipped_and_named_while_the_others_land():
    bad = oai_record("2611.00002", date="Mon, 31 Feb 2026 10:00:00 GMT")
    records = [oai_record("2611.00001"), bad, oai_record("2611.00003")]
    with replay_server(lambda params: Reply(oai_page(records))) as server:
        out = harvest(server.url)
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {"2611.00001", "2611.00003"}
    assert "skipped page 1, entry 2 (oai:arXiv.org:2611.00002): published:" in out
    assert "skipped 1" in out


@pytest.mark.django_db
def test_only_configured_categories_are_kept(settings):
    settings.HARVEST_CATEGORIES = ["cs.LG", "stat.ML"]
    records = {
        "cs": [oai_record("2611.00001", "cs.LG"), oai_record("2611.00002", "cs.DS")],
        "stat": [oai_record("2611.00003", "stat.ML cs.LG"), oai_record("2611.00004", "stat.ME")],
    }

    with replay_server(lambda params: Reply(oai_page(records[params["set"]]))) as server:
        out = harvest(server.url)
    assert [r["set"] for r in server.requests] == ["cs", "stat"]
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {"2611.00001", "2611.00003"}
    assert "outside cs.LG, stat.ML 2" in out


@pytest.mark.django_db
def test_without_from_it_starts_the_day_after_the_last_complete_harvest():
    HarvestState.objects.create(source="arxiv", harvested_until=dt.date(2026, 11, 10))
    with replay_server(lambda params: Reply(oai_page([]))) as server:
        call_command("harvest", "--url", server.url, "--until", "2026-11-12", "--no-progress")
    assert server.requests[0]["from"] == "2026-11-11"
    assert HarvestState.objects.get().harvested_until == dt.date(2026, 11, 12)


@pytest.mark.django_db
def test_a_repository_without_sets_is_harvested_whole_and_filtered_here():
    def respond(params):
        if "set" in params:
            return Reply(oai_error("noSetHierarchy", "This repository does not support sets"))
        return Reply(oai_page([oai_record("2611.00001"), oai_record("2611.00002", "math.AG")]))

    with replay_server(respond) as server:
        harvest(server.url)
    assert [r.get("set") for r in server.requests] == ["cs", None]
    assert list(Paper.objects.values_list("arxiv_id", flat=True)) == ["2611.00001"]


def test_bad_dates_are_refused_by_name():
    with pytest.raises(CommandError, match="--from"):
        call_command("harvest", "--from", "2026-13-01")


@pytest.mark.django_db(transaction=True)
def test_a_harvest_killed_between_pages_resumes_with_every_record_once(tmp_path):
    pages = three_pages()
    page_two_asked, release = threading.Event(), threading.Event()

    def respond(params):
        if params.get("resumptionToken") == "page-2" and not page_two_asked.is_set():
            page_two_asked.set()
            release.wait(30)  # the harvester is killed while it waits for page 2
        return pages.reply(params)

    with replay_server(respond) as server:
        kill_harvest_when(page_two_asked, release, "page 2", "--url", server.url, *RANGE,
                          HARVEST_REQUEST_INTERVAL="0", HARVEST_CATEGORIES="cs.LG")  # fmt: skip
        assert Paper.objects.count() == 4
        assert HarvestState.objects.get().in_flight["token"] == "page-2"

        asked_before = len(server.requests)
        harvest(server.url)
    resumed = server.requests[asked_before:]
    assert [r.get("resumptionToken") for r in resumed] == ["page-2", "page-3"]
    assert sorted(Paper.objects.values_list("arxiv_id", flat=True)) == [
        f"2611.{n:05d}" for n in range(12)
    ]
    assert HarvestState.objects.get().in_flight == {}
