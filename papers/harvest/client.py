"""A polite HTTP client for harvesting: it spaces its requests out, obeys 429/503 +
Retry-After (arXiv's and Semantic Scholar's flow control), and retries what may pass
(connection errors, timeouts, 5xx, responses cut off mid-way) with a doubling backoff
before it gives up with a clear error.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import requests
from django.conf import settings

from papers.sources.semantic_scholar import BrokenAnswer
from papers.sources.xml_stream import BrokenXml

logger = logging.getLogger(__name__)
T = TypeVar("T")
# What the parsers raise for an answer cut off or malformed: asked again, like a 5xx.
_UNREADABLE = (BrokenXml, BrokenAnswer)
USER_AGENT = "Paperscope harvester (+https://github.com/paperscope)"


class HarvestFailed(RuntimeError):
    """The source could not be read; the message says why (and where to resume)."""


class Unreachable(HarvestFailed):
    """Retries ran out: a network failure, or a server failing again and again."""


class Unreadable(Unreachable):
    """Retries ran out on answers that could not be read (cut off, malformed)."""


@dataclass
class Politeness:
    interval: float  # seconds between the start of two requests
    retries: int
    backoff: float  # first wait after a failure; doubles each time
    max_retry_after: float
    max_throttles: int
    timeout: float
    # All the waits throttling may take in one request, then it gives up (a 429 storm
    # never makes a harvest spin: it stops, resumable).
    max_throttled: float = float("inf")
    jitter: float = 0.0  # each computed wait is stretched by up to this fraction, at random

    @classmethod
    def from_settings(cls) -> Politeness:
        return cls(
            interval=settings.HARVEST_REQUEST_INTERVAL,
            retries=settings.HARVEST_RETRIES,
            backoff=settings.HARVEST_BACKOFF_SECONDS,
            max_retry_after=settings.HARVEST_MAX_RETRY_AFTER,
            max_throttles=settings.HARVEST_MAX_THROTTLES,
            timeout=settings.HARVEST_TIMEOUT_SECONDS,
        )


class PoliteClient:
    def __init__(self, politeness: Politeness | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 headers: dict[str, str] | None = None):  # fmt: skip
        self.politeness = politeness or Politeness.from_settings()
        self._sleep = sleep
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        self._session.headers.update(headers or {})
        self._last_request = -float("inf")
        self.requests = 0
        self.throttled_seconds = 0.0

    def get(self, url: str, params: dict[str, str], parse: Callable[[bytes], T]) -> T:
        """GET and parse the body; what fails in a way that may pass is tried again."""
        return self.request("GET", url, parse, params=params)

    def request(self, method: str, url: str, parse: Callable[[bytes], T], *,
                params: dict[str, str] | None = None, json: object = None) -> T:  # fmt: skip
        """Send and parse the body. A 429 or 503 waits as Retry-After says, or, without
        one, a doubling delay; connection errors, timeouts, 5xx and answers cut off (the
        parser's BrokenXml/BrokenAnswer) are tried again after a doubling delay."""
        p = self.politeness
        failures = throttles = 0
        throttled = 0.0
        while True:
            self._wait_turn()
            try:
                response = self._session.request(method, url, params=params, json=json,
                                                 timeout=p.timeout)  # fmt: skip
                if response.status_code in (429, 503):
                    throttles += 1
                    told = response.headers.get("Retry-After")
                    wanted = retry_after(told, self._jittered(p.backoff * 2 ** (throttles - 1)))
                    # Told to wait past the budget: stop now rather than wait in vain.
                    if throttles > p.max_throttles or throttled + wanted > p.max_throttled:
                        raise Unreachable(
                            f"{url} kept answering {response.status_code} (throttled "
                            f"{throttles - 1} times, {throttled:.0f} s of waiting)"
                        )
                    wait = min(wanted, p.max_retry_after)
                    logger.info("%s asks to retry after %.0f s", url, wait)
                    throttled += wait
                    self.throttled_seconds += wait
                    self._sleep(wait)
                    continue
                if 400 <= response.status_code < 500:
                    raise HarvestFailed(f"{response.url} answered HTTP {response.status_code}")
                response.raise_for_status()
                return parse(response.content)
            except (requests.ConnectionError, requests.Timeout, requests.HTTPError,
                    requests.exceptions.ChunkedEncodingError, *_UNREADABLE) as error:  # fmt: skip
                failures += 1
                if failures > p.retries:
                    failed = Unreadable if isinstance(error, _UNREADABLE) else Unreachable
                    raise failed(f"{url}: {_describe(error)}, {failures} tries") from None
                wait = self._jittered(p.backoff * 2 ** (failures - 1))
                logger.warning("%s: %s; retrying in %.0f s", url, _describe(error), wait)
                self._sleep(wait)
            except requests.RequestException as error:  # a bad URL: no retry will help
                raise HarvestFailed(f"{url}: {_describe(error)}") from None

    def _jittered(self, wait: float) -> float:
        # Clients that failed together do not all come back at the same moment.
        return wait * (1 + random.uniform(0, self.politeness.jitter))

    def _wait_turn(self) -> None:
        wait = self._last_request + self.politeness.interval - time.monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last_request = time.monotonic()
        self.requests += 1


def retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
        except (TypeError, ValueError):
            pass
    return default


def _describe(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) < 300 else text[:300] + "…"
