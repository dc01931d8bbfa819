"""Stars and last push of linked GitHub repositories, asked politely of a real HTTP server
on 127.0.0.1 replaying GitHub's answers: conditional requests, rate limits obeyed."""

import json
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command

from papers.github import refresh_repositories
from papers.models import Paper, Repository
from papers.services import links_refresh
from tests.factories import PaperFactory
from tests.papers.replay_server import Reply, replay_server

pytestmark = pytest.mark.django_db

RATE = {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4990",
        "X-RateLimit-Reset": "1796000000"}  # fmt: skip


@pytest.fixture
def linked(settings):
    settings.GITHUB_TOKEN = "ghp_test"
    settings.GITHUB_REQUEST_INTERVAL = 0
    papers = [PaperFactory(abstract=f"Code: https://github.com/Lab/Repo{n}.") for n in range(3)]
    PaperFactory(abstract="Same toolkit, another paper: https://github.com/lab/repo0")
    links_refresh([p.id for p in Paper.objects.all()])
    return papers


@contextmanager
def github(settings, respond):
    """A replaying server standing in for api.github.com."""
    with replay_server(respond) as running:
        settings.GITHUB_API_URL = running.url
        yield running


def answer(status: int, body: bytes = b"{}", headers: dict | None = None) -> Reply:
    return Reply(body, status, headers or {}, content_type="application/json")


def repo_json(name: str, stars: int) -> bytes:
    return json.dumps({"full_name": name, "stargazers_count": stars, "archived": False,
                       "pushed_at": "2026-11-30T12:00:00Z"}).encode()  # fmt: skip


def test_each_repository_is_asked_once_and_shared_by_the_papers_linking_it(settings, linked):
    assert Repository.objects.count() == 3  # Lab/Repo0 and lab/repo0 are one repository

    def respond(params):
        name = params["_path"].split("/repos/")[1]
        return answer(200, repo_json(name, 7), {"ETag": f'W/"{name}"', **RATE})

    with github(settings, respond) as running:
        report = refresh_repositories()
    assert (report.asked, report.changed, report.stopped) == (3, 3, "")
    paths = sorted(r["_path"] for r in running.requests)
    assert paths == [f"/oai/repos/lab/repo{n}" for n in range(3)]
    headers = running.headers[0]
    assert headers["authorization"] == "Bearer ghp_test"
    assert headers["accept"] == "application/vnd.github+json"
    assert "x-github-api-version" in headers and "if-none-match" not in headers
    assert set(Repository.objects.values_list("stars", flat=True)) == {7}


def test_a_second_look_is_conditional_and_a_304_changes_nothing(settings, linked):
    Repository.objects.update(stars=7, etag='W/"v1"', checked_at="2026-01-01T00:00:00Z")
    with github(settings, lambda params: Reply(b"", 304, RATE)) as running:
        report = refresh_repositories()
    assert (report.asked, report.unchanged) == (3, 3)
    assert [h["if-none-match"] for h in running.headers] == ['W/"v1"'] * 3
    assert set(Repository.objects.values_list("stars", flat=True)) == {7}
    assert not Repository.objects.filter(checked_at__year=2026, checked_at__month=1).exists()
    # Checked now: nothing is due, nothing is asked.
    assert refresh_repositories().asked == 0


def test_a_rate_limit_stops_the_run_until_it_resets_and_the_rest_waits(settings, linked):
    limited = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1796000000"}
    refusal = answer(403, b'{"message": "API rate limit exceeded"}', limited)
    with github(settings, lambda params: refusal) as running:
        report = refresh_repositories()
    assert len(running.requests) == 1  # it stopped at the first refusal
    assert report.asked == 0 and "resets at 2026-11-30 00:53:20 UTC" in report.stopped
    assert not Repository.objects.filter(checked_at__isnull=False).exists()


def test_a_secondary_limit_with_retry_after_stops_the_run_too(settings, linked):
    with github(settings, lambda params: answer(429, headers={"Retry-After": "60"})) as running:
        report = refresh_repositories()
    assert len(running.requests) == 1 and report.stopped.startswith("rate limit reached")


def test_the_reserve_is_left_for_others_and_a_missing_repository_is_marked(settings, linked):
    settings.GITHUB_RATE_RESERVE = 100
    low = {**RATE, "X-RateLimit-Remaining": "100"}
    with github(settings, lambda params: answer(404, headers=low)) as running:
        report = refresh_repositories()
    assert (report.asked, report.missing, len(running.requests)) == (1, 1, 1)
    assert "100 requests left" in report.stopped
    assert Repository.objects.filter(missing=True).count() == 1


def test_without_a_token_github_is_never_asked(settings, linked):
    settings.GITHUB_TOKEN = ""
    assert refresh_repositories().stopped == "GITHUB_TOKEN is not set"
    with pytest.raises(CommandError, match="GITHUB_TOKEN is not set"):
        call_command("github_stars")


def test_stars_show_on_cards_and_in_the_api(client, settings, linked):
    Repository.objects.filter(full_name="lab/repo1").update(stars=1234)
    answer = client.get(f"/api/v1/papers/{linked[1].arxiv_id}/").json()
    assert answer["links"] == [{"kind": "code", "url": "https://github.com/Lab/Repo1",
                                "stars": 1234, "pushed_at": None}]  # fmt: skip
    page = client.get(f"/papers/{linked[1].arxiv_id}/").content.decode()
    assert "★ 1234 stars" in page
