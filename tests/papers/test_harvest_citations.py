"""`manage.py harvest --citations` against a real HTTP server on 127.0.0.1 answering in
the shape of Semantic Scholar's paper batch endpoint: batches of 500, unknown ids, 429s,
dropped connections, malformed answers, a killed harvest, papers that arrive later."""

from __future__ import annotations

import datetime as dt
import json
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from papers.harvest.citations import harvest_citations, s2_client
from papers.harvest.client import HarvestFailed
from papers.models import Citation, HarvestState, Paper
from papers.services import paper_bulk_upsert
from papers.sources.record import build_record
from tests.factories import PaperFactory
from tests.papers.helpers import kill_harvest_when
from tests.papers.replay_server import Reply, replay_server
from tests.papers.semantic_scholar_replay import (
    S2Graph,
    arxiv_reference,
    asked_ids,
    doi_reference,
    s2_paper,
)


@pytest.fixture(autouse=True)
def s2_settings(settings, unreachable_broker):
    settings.S2_REQUEST_INTERVAL = 0
    settings.S2_BACKOFF_SECONDS = 0.01
    settings.S2_RETRIES = 2
    return settings


def harvest(url: str, *args: str) -> str:
    out = StringIO()
    call_command("harvest", "--citations", "--url", url, *args, "--no-progress",
                 stdout=out, stderr=out)  # fmt: skip
    return out.getvalue()


def held(n: int, start: int = 0) -> list[str]:
    ids = [f"2501.{k:05d}" for k in range(start, start + n)]
    Paper.objects.bulk_create([PaperFactory.build(arxiv_id=i) for i in ids])
    return ids


@pytest.mark.django_db
def test_batches_of_500_store_counts_and_references(settings):
    settings.S2_API_KEY = "s2-secret"
    ids = held(1100)
    graph = S2Graph({i: s2_paper(i, cited_by=n, influential=n // 10, references=[
        arxiv_reference(ids[n - 1]) if n else arxiv_reference("1706.03762", "Attention", 2017),
        doi_reference("10.1162/NECO.1997.9.8.1735", "Long Short-Term Memory", 1997),
    ]) for n, i in enumerate(ids)})  # fmt: skip
    with replay_server(graph.reply) as server:
        out = harvest(server.url)
    assert [len(asked_ids(r)) for r in server.requests] == [500, 500, 100]
    assert [i for r in server.requests for i in asked_ids(r)] == ids
    first = server.requests[0]
    assert first["_path"] == "/oai/graph/v1/paper/batch"
    assert "references.externalIds" in first["fields"] and "citationCount" in first["fields"]
    assert all(h["x-api-key"] == "s2-secret" for h in server.headers)
    assert "asked about 1100 papers in 3 batches" in out and "known 1100, unknown 0" in out
    assert "2200 references, 1099 to papers held here" in out

    paper = Paper.objects.get(arxiv_id=ids[7])
    assert (paper.citation_count, paper.reference_count, paper.influential_citation_count) == (
        7, 2, 0)  # fmt: skip
    assert paper.citations_checked is not None
    cited, lstm = Citation.objects.filter(citing=paper).order_by("position")
    assert cited.cited.arxiv_id == ids[6] and cited.work == f"arxiv:{ids[6]}"
    assert (lstm.cited, lstm.doi, lstm.title, lstm.year) == (
        None, "10.1162/neco.1997.9.8.1735", "Long Short-Term Memory", 1997)  # fmt: skip
    outside = Citation.objects.get(citing__arxiv_id=ids[0], arxiv_id="1706.03762")
    assert outside.cited is None and outside.title == "Attention"

    # Again: every paper was asked; nothing is asked twice.
    with replay_server(graph.reply) as server:
        out = harvest(server.url)
    assert server.requests == [] and "asked about 0 papers" in out
    assert Citation.objects.count() == 2200


@pytest.mark.django_db
def test_unknown_ids_are_recorded_once_and_not_asked_again(settings):
    settings.S2_API_KEY = ""
    ids = held(4)
    graph = S2Graph({ids[0]: s2_paper(ids[0], cited_by=3), ids[2]: s2_paper(ids[2])})
    with replay_server(graph.reply) as server:
        out = harvest(server.url)
        assert "x-api-key" not in server.headers[0]
        assert "known 2, unknown 2" in out
        unknown = Paper.objects.get(arxiv_id=ids[1])
        assert unknown.citations_checked is not None and unknown.citation_count is None
        harvest(server.url)
        assert len(server.requests) == 1  # the unknown ones are not asked again

        # A refresh asks the known again, and the unknown only while they are young.
        Paper.objects.filter(arxiv_id=ids[1]).update(published="2020-01-01")
        Paper.objects.filter(arxiv_id=ids[3]).update(published=dt.date.today())
        harvest(server.url, "--refresh")
    assert asked_ids(server.requests[-1]) == [ids[0], ids[2], ids[3]]


@pytest.mark.django_db
def test_429_waits_as_told_then_doubles_with_jitter_when_not_told():
    ids = held(3)
    graph = S2Graph({i: s2_paper(i) for i in ids})
    answers = iter([Reply(b"", 429, {"Retry-After": "7"}), Reply(b"", 429), Reply(b"", 429)])

    def respond(params):
        return next(answers, None) or graph.reply(params)

    slept: list[float] = []
    with replay_server(respond) as server:
        outcome = harvest_citations(server.url, client=s2_client(sleep=slept.append))
    assert len(server.requests) == 4 and outcome.stored.known == 3
    told, second, third = slept
    assert told == 7
    assert 0.02 <= second <= 0.03 and 0.04 <= third <= 0.06  # 2x, 4x the backoff, +≤50%
    assert outcome.throttled_seconds == pytest.approx(sum(slept))


@pytest.mark.django_db
def test_a_429_storm_stops_resumably_after_a_bounded_wait(settings):
    settings.S2_MAX_THROTTLED_SECONDS = 60
    held(2)
    slept: list[float] = []
    storm = replay_server(lambda params: Reply(b"", 429, {"Retry-After": "10"}))
    with storm as server, pytest.raises(HarvestFailed, match="again to resume") as failure:
        harvest_citations(server.url, client=s2_client(sleep=slept.append))
    assert sum(slept) <= 60 and len(server.requests) == 7
    assert "kept answering 429" in str(failure.value)
    assert not Paper.objects.filter(citations_checked__isnull=False).exists()

    storm = replay_server(lambda params: Reply(b"", 429, {"Retry-After": "3600"}))
    with storm as server, pytest.raises(CommandError, match="again to resume") as failure:
        harvest(server.url)  # told to wait past the budget: no wait at all
    assert failure.value.returncode == 1 and len(server.requests) == 1


@pytest.mark.django_db
def test_a_dropped_connection_and_a_5xx_are_tried_again():
    ids = held(2)
    graph = S2Graph({i: s2_paper(i, cited_by=1) for i in ids})
    body = graph.reply({"_body": json.dumps({"ids": [f"ARXIV:{i}" for i in ids]})}).body
    answers = iter([Reply(body, cut_after=len(body) // 2), Reply(b"busy", 503 - 1)])

    def respond(params):
        return next(answers, None) or graph.reply(params)

    with replay_server(respond) as server:
        out = harvest(server.url)
    assert len(server.requests) == 3 and "known 2" in out
    assert Paper.objects.filter(citation_count=1).count() == 2


@pytest.mark.django_db
def test_a_malformed_answer_is_retried_then_reported_with_its_ids_and_never_stored(settings):
    settings.S2_BATCH_SIZE = 2
    ids = held(4)
    graph = S2Graph({i: s2_paper(i, references=[arxiv_reference("1706.03762")]) for i in ids})

    def respond(params):
        if asked_ids(params) == ids[:2]:  # always the wrong length, then cut off
            return Reply(json.dumps([s2_paper(ids[0])]).encode())
        return graph.reply(params)

    with replay_server(respond) as server:
        out = harvest(server.url)
    assert len(server.requests) == 3 + 1  # the first batch three times (2 retries), then the next
    assert f"ids {ids[0]}, {ids[1]}" in out and "1 entries for 2 ids" in out
    assert "batches skipped 1" in out
    assert not Citation.objects.filter(citing__arxiv_id__in=ids[:2]).exists()
    assert not Paper.objects.filter(arxiv_id__in=ids[:2], citations_checked__isnull=False).exists()
    assert Citation.objects.filter(citing__arxiv_id__in=ids[2:]).count() == 2
    with replay_server(graph.reply) as server:
        harvest(server.url)  # the skipped batch is asked next time
    assert asked_ids(server.requests[0]) == ids[:2]


@pytest.mark.django_db
def test_edges_to_papers_that_arrive_later_get_linked():
    (citing,) = held(1)
    graph = S2Graph({citing: s2_paper(citing, references=[
        arxiv_reference("2412.00042v2", "Later"), arxiv_reference("2412.00043", "Never"),
    ])})  # fmt: skip
    with replay_server(graph.reply) as server:
        harvest(server.url)
    edge = Citation.objects.get(work="arxiv:2412.00042")
    assert edge.cited is None and edge.arxiv_id == "2412.00042"

    paper_bulk_upsert([build_record(arxiv_id="2412.00042", title="Later", abstract="Arrived.",
                                    source="arxiv_jsonl", position="line 1")])  # fmt: skip
    edge.refresh_from_db()
    assert edge.cited.arxiv_id == "2412.00042"
    assert Citation.objects.get(work="arxiv:2412.00043").cited is None
    # Deleting the cited paper keeps the edge, unlinked, ready for its return.
    edge.cited.delete()
    edge.refresh_from_db()
    assert edge.cited is None and edge.title == "Later"


@pytest.mark.django_db
def test_a_refresh_replaces_the_references_a_paper_no_longer_lists():
    (citing,) = held(1)
    refs = [arxiv_reference("2401.00001"), arxiv_reference("2401.00002")]
    old = S2Graph({citing: s2_paper(citing, references=refs)})
    with replay_server(old.reply) as server:
        harvest(server.url)
    new = S2Graph({citing: s2_paper(citing, cited_by=9, references=[
        arxiv_reference("2401.00002", "Renamed", 2025)])})  # fmt: skip
    with replay_server(new.reply) as server:
        harvest(server.url, "--refresh")
    (edge,) = Citation.objects.all()
    assert (edge.work, edge.title, edge.year, edge.position) == ("arxiv:2401.00002", "Renamed",
                                                                 2025, 0)  # fmt: skip
    assert Paper.objects.get(arxiv_id=citing).citation_count == 9


@pytest.mark.django_db(transaction=True)
def test_a_harvest_killed_between_batches_resumes_with_every_paper_once(settings):
    settings.S2_BATCH_SIZE = 3
    ids = held(9)
    graph = S2Graph({i: s2_paper(i, cited_by=2) for i in ids})
    second_asked, release = threading.Event(), threading.Event()

    def respond(params):
        if asked_ids(params) == ids[3:6] and not second_asked.is_set():
            second_asked.set()
            release.wait(30)  # the harvester is killed while it waits for batch 2
        return graph.reply(params)

    with replay_server(respond) as server:
        kill_harvest_when(second_asked, release, "batch 2", "--citations", "--url", server.url,
                          S2_REQUEST_INTERVAL="0", S2_BATCH_SIZE="3")  # fmt: skip
        assert Paper.objects.filter(citation_count=2).count() == 3
        assert HarvestState.objects.get(source="citations").in_flight["after"] == (
            Paper.objects.get(arxiv_id=ids[2]).id)  # fmt: skip

        asked_before = len(server.requests)
        out = harvest(server.url)
    resumed = server.requests[asked_before:]
    assert [asked_ids(r) for r in resumed] == [ids[3:6], ids[6:9]]
    assert "(resumed)" in out
    assert Paper.objects.filter(citation_count=2).count() == 9
    assert HarvestState.objects.get(source="citations").in_flight == {}


def test_citations_options_go_together():
    with pytest.raises(CommandError, match="go with --citations"):
        call_command("harvest", "--refresh")
    with pytest.raises(CommandError, match="at least 1"):
        call_command("harvest", "--citations", "--limit", "0")
    with pytest.raises(CommandError, match="goes alone"):
        call_command("harvest", "--citations", "--hf-daily")


@pytest.mark.django_db
def test_a_limit_stops_early_and_the_next_run_goes_on(settings):
    settings.S2_BATCH_SIZE = 2
    ids = held(5)
    graph = S2Graph({i: s2_paper(i) for i in ids})
    with replay_server(graph.reply) as server:
        out = harvest(server.url, "--limit", "3")
        assert [asked_ids(r) for r in server.requests] == [ids[:2], ids[2:3]]
        assert "asked about 3 papers" in out
        assert HarvestState.objects.get(source="citations").in_flight["after"] > 0
        out = harvest(server.url)
    assert asked_ids(server.requests[-1]) == ids[3:] and "(resumed)" in out
    assert HarvestState.objects.get(source="citations").in_flight == {}
