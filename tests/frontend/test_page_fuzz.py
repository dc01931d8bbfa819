"""The page fuzzer: every server-rendered route in the URLconf, signed out and signed in as
alice, with hostile path arguments and hostile values in each parameter its view reads
(NUL, control characters, huge and negative numbers, impossible dates, 6,000 characters,
markup, repeated and unknown parameters), by GET and, where the route takes forms, POST.

No answer may be a 5xx, and a 400 page is the site's own (header and navigation). The
counts print at the end of the run."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from papers.daily import DailyForm
from papers.embeddings import embed_papers_now
from papers.services import bookmark_save
from search.following.digests import unsubscribe_token
from search.following.services import feed_secret, saved_search_create
from search.map.models import MapRegion
from search.map.services import update_map
from search.params import SearchForm
from search.recommend.services import feedback_save
from tests.conftest import RUN_FIGURES
from tests.factories import PaperFactory
from tests.frontend.page_fuzz import (
    HOSTILE,
    READS,
    RecordParameters,
    argument_values,
    page_routes,
    query_string,
)
from tests.helpers import index_keywords

FIGURES = Counter(failures=0)
RUN_FIGURES["Page fuzz"] = FIGURES
ROUTES: set[str] = set()

# Names every page may be handed, beside those a view is seen to read: a view that reads
# its parameters wholesale (`request.GET.dict()`) gets all of them.
KNOWN = {*SearchForm.base_fields, *DailyForm.base_fields, "tag", "paper", "next", "since"}
SITE_PAGE = 'class="site-header"'  # the site's layout: a 400 page must be one of ours


@pytest.fixture
def record_parameters(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{RecordParameters.__module__}.RecordParameters"]
    READS.clear()


@pytest.fixture
def site(db, alice, map_corpus, record_parameters) -> dict[str, str]:
    """A small site with everything a page can show: papers with vectors and keywords, a
    map, alice's tagged bookmarks, a saved search with alerts, For-you feedback. Returns
    a valid value for each path argument (by name, or by route and name)."""
    papers = [PaperFactory(arxiv_id=f"2412.0000{n}", published=dt.date(2025, 1, n))
              for n in range(1, 4)]  # fmt: skip
    embed_papers_now([p.id for p in papers])
    update_map()
    index_keywords()
    policy = map_corpus["policy"]
    for paper, tags in zip(policy[:3], (["rl"], ["rl", "agents"], []), strict=True):
        bookmark_save(alice, paper, note="fuzz", tags=tags)
    feedback_save(alice, policy[4], "more")
    saved = saved_search_create(alice, {"name": "Policy", "q": "policy", "alert": "daily"})
    return {
        "paper_id": papers[0].arxiv_id,
        "saved_id": str(saved.id),
        "frontend:feed-saved:secret": feed_secret(alice, saved),
        "frontend:feed-for-you:secret": feed_secret(alice),
        "user_id": str(alice.id),
        "category": "cs.LG",
        "region_id": str(MapRegion.objects.order_by("id").first().id),
        "extension": "bib",
        "token": unsubscribe_token(alice.id, [saved.id]),
        "day": "2025-01-01",
    }


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "alice"])
def test_no_page_answers_a_hostile_request_with_a_server_error(site, alice, signed_in):
    client = Client(raise_request_exception=False)
    failures: list[str] = []

    def fetch(method: str, url: str, pairs: list[tuple[str, str]] | None = None) -> None:
        if signed_in:
            client.force_login(alice)  # a fuzzed logout must not end the run signed out
        data = query_string(pairs or [])
        if method == "GET":
            response = client.get(f"{url}?{data}" if data else url)
        else:
            response = client.post(url, data, content_type="application/x-www-form-urlencoded")
        FIGURES["requests"] += 1
        FIGURES[f"status {response.status_code}"] += 1
        problem = None
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            problem = f"{response.status_code} {error[1]!r}" if error else response.status_code
        elif (response.status_code == 400 and "html" in response.get("Content-Type", "")
              and SITE_PAGE not in response.content.decode(errors="replace")):  # fmt: skip
            problem = "a 400 that is not the site's page"
        if problem:
            FIGURES["failures"] += 1
            failures.append(f"{method} {url[:120]} {str(pairs)[:200]}: {problem}")

    for route in page_routes():
        ROUTES.add(route.template)
        FIGURES["routes"] = len(ROUTES)
        for arguments in argument_values(route, site):
            try:
                url = reverse(route.name, kwargs=arguments)
            except NoReverseMatch:  # a value the route's pattern refuses cannot reach a view
                continue
            fetch("GET", url)
            fetch("POST", url)
        url = reverse(route.name, kwargs=argument_values(route, site)[0])
        for method in ("GET", "POST"):
            names = READS[route.name][method]
            names = (names | KNOWN) - {"*"} if "*" in names else names
            for name in sorted(names):
                for value in HOSTILE:
                    fetch(method, url, [(name, value)])
                fetch(method, url, [(name, "1"), (name, "\x00"), (name, "x" * 6000)])
            fetch(method, url, [(name, "x" * 6000) for name in sorted(names)])
            fetch(method, url, [("__proto__", "x"), ("zz\x00", "\x00"), ("q[]", "1")])

    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:40])
