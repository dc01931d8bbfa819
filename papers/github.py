"""Stars and last push of the GitHub repositories papers link, from GitHub's REST API.

Optional: nothing is asked without GITHUB_TOKEN. Polite, as GitHub's REST guidelines ask:
- one request at a time, GITHUB_REQUEST_INTERVAL apart;
- conditional requests (If-None-Match with the ETag of the last answer): a 304 costs no
  rate limit and changes nothing;
- the rate-limit headers obeyed: a run stops when X-RateLimit-Remaining falls to
  GITHUB_RATE_RESERVE, and on a 403/429 that says the limit is reached (remaining 0, or a
  Retry-After), saying when it resets; the next run goes on from the least recently
  checked repository, so nothing is skipped and nothing asked twice in a row;
- a repository is asked again after GITHUB_REFRESH_DAYS, a missing one (404) too: it may
  have been made public since.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils import timezone

from papers.harvest.client import USER_AGENT, retry_after
from papers.models import Repository
from papers.selectors import repositories_due
from papers.services import repository_checked, repository_missing, repository_update

logger = logging.getLogger(__name__)
API_VERSION = "2022-11-28"
MAX_FAILURES_IN_A_ROW = 3  # connection errors and 5xx: then GitHub is down; stop


@dataclass
class RefreshReport:
    asked: int = 0
    changed: int = 0  # 200: stars, push or archived state stored
    unchanged: int = 0  # 304: as it was
    missing: int = 0  # 404, 410, 451
    failed: int = 0  # network errors and 5xx: asked again next run
    stopped: str = ""  # why the run ended before every due repository was asked
    resets_at: dt.datetime | None = None  # when the rate limit resets, if it stopped us

    def summary(self) -> str:
        text = (f"asked {self.asked}: {self.changed} changed, {self.unchanged} unchanged, "
                f"{self.missing} missing, {self.failed} failed")  # fmt: skip
        return f"{text}; stopped: {self.stopped}" if self.stopped else text


def refresh_repositories(limit: int | None = None, *,
                         sleep: Callable[[float], None] = time.sleep) -> RefreshReport:  # fmt: skip
    """Ask GitHub about the repositories due for a look (never asked, or not for
    GITHUB_REFRESH_DAYS), least recently asked first, `limit` at most."""
    report = RefreshReport()
    if not settings.GITHUB_TOKEN:
        report.stopped = "GITHUB_TOKEN is not set"
        return report
    session = requests.Session()
    session.headers.update({
        "Authorization": f"Bearer {settings.GITHUB_TOKEN}", "User-Agent": USER_AGENT,
        "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION,
    })  # fmt: skip
    due = repositories_due(dt.timedelta(days=settings.GITHUB_REFRESH_DAYS), limit)
    failures, last = 0, -float("inf")
    for repository in due:
        wait = last + settings.GITHUB_REQUEST_INTERVAL - time.monotonic()
        if wait > 0:
            sleep(wait)
        last = time.monotonic()
        report.asked += 1
        try:
            response = _ask(session, repository)
        except requests.RequestException as error:
            report.failed += 1
            failures += 1
            logger.warning("GitHub %s: %s", repository.full_name, error)
            if failures >= MAX_FAILURES_IN_A_ROW:
                report.stopped = f"GitHub unreachable ({failures} failures in a row: {error})"
                break
            continue
        if _limited(response):
            report.asked -= 1  # not answered: asked again next run
            report.resets_at = _reset_time(response)
            report.stopped = f"rate limit reached; it resets at {_when(report.resets_at)}"
            break
        if response.status_code == 401:
            report.asked -= 1
            report.stopped = "GitHub refused GITHUB_TOKEN (HTTP 401): renew it"
            break
        failures = failures + 1 if response.status_code >= 500 else 0
        _store(repository, response, report)
        if failures >= MAX_FAILURES_IN_A_ROW:
            report.stopped = (
                f"GitHub answered HTTP {response.status_code} {failures} times in a row"
            )
            break
        remaining = response.headers.get("X-RateLimit-Remaining", "")
        if remaining.isdigit() and int(remaining) <= settings.GITHUB_RATE_RESERVE:
            report.resets_at = _reset_time(response)
            report.stopped = (f"{remaining} requests left, the reserve kept for others; the "
                              f"limit resets at {_when(report.resets_at)}")  # fmt: skip
            break
    logger.info("GitHub repositories: %s", report.summary())
    return report


def _ask(session: requests.Session, repository: Repository) -> requests.Response:
    headers = {"If-None-Match": repository.etag} if repository.etag else {}
    url = f"{settings.GITHUB_API_URL.rstrip('/')}/repos/{repository.full_name}"
    return session.get(url, headers=headers, timeout=settings.GITHUB_TIMEOUT_SECONDS)


def _limited(response: requests.Response) -> bool:
    """A 403 or 429 that is GitHub's rate limit (primary or secondary), not a refusal."""
    if response.status_code not in (403, 429):
        return False
    return (response.headers.get("X-RateLimit-Remaining") == "0"
            or "Retry-After" in response.headers or response.status_code == 429)  # fmt: skip


def _reset_time(response: requests.Response) -> dt.datetime:
    reset = response.headers.get("X-RateLimit-Reset", "")
    if "Retry-After" in response.headers or not reset.isdigit():
        seconds = retry_after(response.headers.get("Retry-After"), 60.0)
        return timezone.now() + dt.timedelta(seconds=seconds)
    return dt.datetime.fromtimestamp(int(reset), tz=dt.UTC)


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "an unknown time"


def _store(repository: Repository, response: requests.Response, report: RefreshReport) -> None:
    status = response.status_code
    if status == 304:
        report.unchanged += 1
        repository_checked(repository)
    elif status in (404, 410, 451):
        report.missing += 1
        repository_missing(repository)
    elif status == 200:
        try:
            data = response.json()
            stars = int(data["stargazers_count"])
            pushed = data.get("pushed_at")
            pushed_at = dt.datetime.fromisoformat(pushed.replace("Z", "+00:00")) if pushed else None
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            report.failed += 1
            logger.warning("GitHub %s: unreadable answer (%s)", repository.full_name, error)
            return
        report.changed += 1
        repository_update(repository, stars=stars, pushed_at=pushed_at,
                          archived=bool(data.get("archived")),
                          etag=response.headers.get("ETag", ""))  # fmt: skip
    else:
        report.failed += 1
        logger.warning("GitHub %s: HTTP %s", repository.full_name, status)
