"""make bench-scale: the whole product at 1M papers, served as in production.

Builds, in a database of its own, the corpus `bench-search` builds (the 106,764 shared
papers with their vectors plus perturbed copies, `--papers`), the HNSW and keyword
indexes and the map, then 1,000 users made through the product's services (50 bookmarks
under 3 tags and 5 saved searches with daily mail each). Serves it with gunicorn (2
workers), the keyword index writer, the two Celery workers of docker-compose.yml (embedding
apart from the rest) and the embedded broker, and:

1. times every page and API operation, `--requests` each with varied arguments, one at
   a time: p50 / p95 / max of the server's own time (its Server-Timing header), hostile
   queries (NUL, 5,000-character prose, markup) among the searches; then the web
   workers' memory (RSS);
2. lives a day: `manage.py harvest` takes `--day` new papers from a local OAI-PMH replay
   server while a steady load of searches and page views runs; the workers embed them,
   the writer indexes them, the map places them, and the digests go out through a local
   SMTP server. Reports the slowest search meanwhile, how soon new papers are findable
   by keyword and by meaning, when the map had placed them, how long the digests took,
   and papers lost or mailed twice.

Prints the figures issue 37 set targets for, each beside its target, then one JSON line
with every figure. `--smoke` runs all of it at 5,000 papers and 20
users (CI runs that). `--keep` leaves the database for `--reuse` by the next run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REPO_DIR, bench_database, load_corpus

DATABASE = "paperscope_bench_scale"
PORT = 8766
TARGETS_MS = {"p95": 300, "search_p95": 100, "max": 1000}
# The server's and this process's: feed secrets made here must open there.
SECRET_KEY = os.environ.setdefault("SECRET_KEY", "bench-scale-only-" + "x" * 40)
HOSTILE = [
    "graph\x00neural",
    "<script>alert(1)</script> attention",
    "' OR 1=1 --",
    "\u202etransformer",
    "a" * 300,
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument(
        "--active",
        type=int,
        default=100,
        help="users who logged in lately: For you is ranked ahead for them",
    )
    parser.add_argument("--requests", type=int, default=50, help="per operation")
    parser.add_argument("--day", type=int, default=2000, help="papers the day's harvest brings")
    parser.add_argument("--smoke", action="store_true", help="5,000 papers, 20 users")
    parser.add_argument("--keep", action="store_true", help="leave the database")
    parser.add_argument("--reuse", action="store_true", help="the database a --keep left")
    args = parser.parse_args()
    if args.smoke:
        args.papers, args.users, args.active, args.requests, args.day = 5_000, 20, 10, 5, 100
    figures: dict = {"papers": args.papers, "users": args.users}
    with (
        bench_database(DATABASE, reuse=args.reuse, keep=args.keep),
        tempfile.TemporaryDirectory() as scratch,
    ):
        figures |= build(args)
        with Services(Path(scratch)) as services:
            sample = Sample.draw(args)
            figures["growth_chart_counts"] = growth_chart_counts(sample.queries[:20])
            figures["operations"] = measure_operations(sample, args.requests)
            figures["web_worker_rss_mb_max"] = services.web_rss_mb()
            figures["day"] = live_a_day(services, sample, args.day)
    report(figures)


# --- Building -----------------------------------------------------------------------


def build(args) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from papers.models import Paper
    from search.map.models import MapLayout

    figures: dict = {}
    # Each step unless a kept database (--reuse) has it done already.
    if not Paper.objects.exists():
        _, _, loaded = load_corpus(args.papers)
        figures["corpus"] = loaded
        # The corpus arrived long ago: only the day's harvest is new to anyone.
        Paper.objects.update(created=django.utils.timezone.now() - dt.timedelta(days=30))
    if get_user_model().objects.count() != args.users:
        get_user_model().objects.all().delete()  # a run stopped half-way
        figures["users_build_s"] = make_users(args.users, args.active)
    if not MapLayout.objects.exists():
        figures["map"] = build_map()
    else:  # a kept map: brought up to date as the worker would (regions' counts too)
        from search.map.services import update_map

        figures["map_update_s"] = round(update_map().seconds, 1)
    figures["for_you_rank"] = rank_for_you()
    figures["new_counts_refresh"] = refresh_new_counts()
    return figures


def refresh_new_counts() -> dict:
    """Every saved search's "N new" brought up to date, as a worker does after an import."""
    from search.following.services import new_papers_update_all

    started = time.perf_counter()
    searches = new_papers_update_all()
    return {"saved_searches": searches, "seconds": round(time.perf_counter() - started, 1)}


def make_users(count: int, active: int) -> float:
    """`count` users through the product's services: 50 bookmarks under 3 tags and 5
    saved searches with daily mail each; the first `active` logged in today, the rest
    two months ago (For you is ranked ahead for active users only)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from papers.models import Paper
    from papers.services import bookmark_save
    from search.following.models import VerifiedEmail
    from search.following.services import saved_search_create

    started = time.perf_counter()
    rng = random.Random(5)
    real = Paper.objects.exclude(arxiv_id__startswith="synthetic:").values_list("id", "title")
    by_id = dict(real)
    papers = {p.id: p for p in Paper.objects.filter(id__in=rng.sample(list(by_id), 5000))}
    chosen = list(papers)
    modes = ["hybrid", "hybrid", "hybrid", "keyword", "semantic"]
    for n in range(count):
        user = get_user_model().objects.create_user(
            f"user{n}",
            email=f"user{n}@example.org",
            last_login=timezone.now() - dt.timedelta(days=0 if n < active else 60),
        )
        VerifiedEmail.objects.create(user=user, email=user.email)  # digests go to it
        tags = [f"topic{rng.randrange(20)}" for _ in range(3)]
        for pid in rng.sample(chosen, 50):
            bookmark_save(user, papers[pid], tags=[rng.choice(tags)])
        for s in range(5):
            words = by_id[rng.choice(chosen)].split()
            query = " ".join(words[: rng.randint(min(2, len(words)), min(5, len(words)))])
            saved_search_create(
                user, {"name": f"search {s}", "q": query, "mode": modes[s], "alert": "daily"}
            )
    return round(time.perf_counter() - started, 1)


def build_map() -> dict:
    from search.map.models import MapLayout
    from search.map.services import update_map

    started = time.perf_counter()
    done = update_map(rebuild=True)
    layout = MapLayout.objects.get()
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "papers": done.papers,
        "trustworthiness": round(layout.trustworthiness, 4),
    }


def rank_for_you() -> dict:
    """For you ranked ahead for every active user, as a worker does after a batch."""
    from search.recommend.services import for_you_rank_active

    started = time.perf_counter()
    ranked = for_you_rank_active() or 0
    seconds = time.perf_counter() - started
    return {
        "users": ranked,
        "seconds": round(seconds, 1),
        "ms_per_user": round(seconds * 1000 / max(ranked, 1), 1),
    }


def growth_chart_counts(queries: list[str]) -> dict:
    """The meaning side of the growth chart through the HNSW index against an exact scan
    of every vector, for the same queries: papers counted, and the index walk's time."""
    from django.conf import settings
    from django.db import connection

    from papers import encoder
    from search.semantic import published_above, query_vector, vector_literal

    index_counts, exact_counts, times = [], [], []
    budgeted_counts, budgeted_times = [], []
    for text in queries:
        if "\x00" in text:
            continue
        vector = query_vector(text)[0]
        started = time.perf_counter()
        index_counts.append(len(published_above(vector, settings.SAVED_SEARCH_MIN_COSINE).papers))
        times.append((time.perf_counter() - started) * 1000)
        # As the chart walks: within its budget (search/trend.py).
        started = time.perf_counter()
        budgeted = published_above(vector, settings.SAVED_SEARCH_MIN_COSINE,
                                   budget_s=settings.TREND_WALK_BUDGET_MS / 1000)  # fmt: skip
        budgeted_times.append((time.perf_counter() - started) * 1000)
        budgeted_counts.append(len(budgeted.papers))
        with connection.cursor() as cursor:
            # A threshold, not a top k: PostgreSQL scans every vector (the chart's old way).
            cursor.execute(
                "SELECT count(*) FROM papers_embedding WHERE model_name = %s"
                " AND (vector <=> %s::halfvec) <= %s",
                [
                    encoder.model_name(),
                    vector_literal(vector),
                    1 - settings.SAVED_SEARCH_MIN_COSINE,
                ],
            )
            exact_counts.append(cursor.fetchone()[0])
    found, exact = sum(index_counts), sum(exact_counts)
    return {
        "queries": len(index_counts),
        "index_papers": found,
        "exact_papers": exact,
        "share_counted": round(found / exact, 4) if exact else None,
        "index_walk_ms": summary(times),
        "budgeted_share_counted": round(sum(budgeted_counts) / exact, 4) if exact else None,
        "budgeted_walk_ms": summary(budgeted_times),
    }


# --- Serving ------------------------------------------------------------------------


class Services:
    """The embedded broker, a Celery worker, the keyword index writer, gunicorn with 2
    workers, and an SMTP server on 127.0.0.1 for the digests."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.processes: dict[str, subprocess.Popen] = {}

    def __enter__(self) -> Services:
        from tests.smtp_server import smtp_server

        self._smtp = smtp_server()
        self.inbox = self._smtp.__enter__()
        broker_dir = self.scratch / "broker"
        self.env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "API_THROTTLE_ANON": "1000000/minute",
            "API_THROTTLE_USER": "1000000/minute",
            "GUNICORN_BIND": f"127.0.0.1:{PORT}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": "",
            "EMBEDDED_BROKER_DIR": str(broker_dir),
            "EMAIL_URL": f"smtp://{self.inbox.host}:{self.inbox.port}",
            "HARVEST_REQUEST_INTERVAL": "0",
            "HARVEST_CATEGORIES": "cs.LG,cs.CL,cs.AI,cs.CV",
        }
        py = sys.executable
        self._start("broker", [py, "-m", "config.embedded"])
        time.sleep(2)
        # The workers as docker-compose.yml runs them: embedding apart from the rest (the
        # map, digests, new counts), so that neither waits on the other.
        celery = [py, "-m", "celery", "-A", "config", "worker", "--loglevel", "WARNING"]
        self._start("worker-embeddings", ["nice", "-n", "10", *celery, "--queues",
                                          "embeddings", "--concurrency", "1", "--hostname",
                                          "embeddings@%h"])  # fmt: skip
        self._start("worker", [*celery, "--queues", "celery", "--concurrency", "2",
                               "--hostname", "celery@%h"])  # fmt: skip
        self._start("indexer", [py, "manage.py", "keyword_index", "--follow"])
        self._start("web", [py, "-m", "gunicorn", "-c", "python:config.gunicorn", "config.wsgi"])
        wait_until_warm()
        return self

    def _start(self, name: str, command: list[str]) -> None:
        log = (self.scratch / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            command, cwd=REPO_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )

    def web_rss_mb(self) -> float:
        import psutil

        master = psutil.Process(self.processes["web"].pid)
        return round(max(c.memory_info().rss for c in master.children()) / 2**20, 1)

    def harvest(self, url: str, day: dt.date) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "manage.py",
                "harvest",
                "--url",
                url,
                "--from",
                str(day),
                "--until",
                str(day),
                "--no-progress",
            ],
            cwd=REPO_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=3600,
        )

    def __exit__(self, *exc) -> None:
        for name in ("web", "indexer", "worker", "worker-embeddings", "broker"):  # broker last
            process = self.processes.get(name)
            if process:
                process.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(60)
                process.kill()
        self._smtp.__exit__(*exc)


def wait_until_warm(timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    fast = 0
    while fast < 5:
        if time.monotonic() > deadline:
            sys.exit("gunicorn did not warm up in time")
        try:
            seconds, _ = fetch("/api/v1/search/?q=warm+up")
        except OSError:
            time.sleep(1)
            continue
        fast = fast + 1 if seconds < 0.5 else 0


def fetch(path: str, headers: dict | None = None) -> tuple[float, int]:
    """(the server's own seconds, from Server-Timing, or the round trip; status)."""
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers or {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status, timing = response.status, response.headers.get("Server-Timing", "")
    except urllib.error.HTTPError as error:
        status, timing = error.code, error.headers.get("Server-Timing", "")
    elapsed = time.perf_counter() - started
    if "dur=" in timing:
        elapsed = float(timing.split("dur=")[1].split(",")[0].split(";")[0]) / 1000
    return elapsed, status


# --- Operations ---------------------------------------------------------------------


class Sample:
    """Varied arguments for the operations: queries, papers, days, users and their
    sessions and tokens, saved searches and their feeds, map regions and tiles."""

    @classmethod
    def draw(cls, args) -> Sample:
        from django.contrib.auth import (
            BACKEND_SESSION_KEY,
            HASH_SESSION_KEY,
            SESSION_KEY,
            get_user_model,
        )
        from django.contrib.sessions.backends.db import SessionStore
        from django.db import connection
        from django.utils import timezone
        from rest_framework.authtoken.models import Token

        from papers.models import Paper
        from search.following.models import SavedSearch
        from search.following.services import feed_secret
        from search.map.models import MapRegion

        rng = random.Random(9)
        self = cls()
        titles = list(
            Paper.objects.exclude(arxiv_id__startswith="synthetic:")
            .order_by("?")
            .values_list("title", "abstract")[: args.requests * 2]
        )
        self.queries = [" ".join(t.split()[: rng.randint(2, 6)]) for t, _ in titles]
        self.queries += HOSTILE + [f"{t}. {a}"[:5000] for t, a in titles[:3]]
        self.papers = list(
            Paper.objects.order_by("?").values_list("arxiv_id", flat=True)[: args.requests]
        )
        days = list(
            Paper.objects.order_by("-published").values_list("published", flat=True).distinct()[:60]
        )
        self.days = [d for d in days if d] or [dt.date.today()]
        # Visitors: active users (For you ranked ahead for them), as a day's visitors are.
        recent = timezone.now() - dt.timedelta(days=1)
        users = list(
            get_user_model()
            .objects.filter(last_login__gte=recent)
            .order_by("?")[: min(args.requests, 50)]
        )
        self.sessions, self.tokens, self.saved, self.feeds = [], [], [], []
        for user in users:
            session = SessionStore()
            session.update(
                {
                    SESSION_KEY: str(user.pk),
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                    BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                }
            )
            session.create()
            self.sessions.append({"Cookie": f"sessionid={session.session_key}"})
            self.tokens.append(
                {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}
            )
            saved = SavedSearch.objects.filter(user=user).first()
            self.saved.append((self.sessions[-1], saved.id))
            self.feeds.append(f"/feeds/saved/{saved.id}/{feed_secret(user, saved)}/")
        self.regions = list(MapRegion.objects.values_list("id", flat=True)[:200]) or [0]
        # The most prolific authors: their pages are the largest.
        with connection.cursor() as cursor:
            cursor.execute("SELECT a FROM papers_paper, unnest(authors) a GROUP BY a "
                           "ORDER BY count(*) DESC LIMIT 5")  # fmt: skip
            self.prolific = [row[0] for row in cursor.fetchall()] or ["Ada Lovelace"]
        self.rng = rng
        return self

    def pick(self, items: list):
        return self.rng.choice(items)


def operations(s: Sample) -> dict:
    """Each operation: a function of the sample giving (path, headers)."""
    from django.utils.http import urlencode

    def q(mode: str):
        return lambda: (f"/search?{urlencode({'q': s.pick(s.queries), 'mode': mode})}", {})

    def api(path: str, **params):
        def make():
            given = {name: value() if callable(value) else value for name, value in params.items()}
            return f"/api/v1/{path}?{urlencode(given)}", s.pick(s.tokens)

        return make

    category = lambda: s.pick(["cs.LG", "cs.CV", "cs.CL", "cs.AI", "stat.ML"])  # noqa: E731
    return {
        "home": lambda: (s.pick(["/", "/?since=week", f"/?category={category()}", "/?page=3"]), {}),
        "daily day": lambda: (f"/daily/{s.pick(s.days)}/", {}),
        "daily week": lambda: (f"/daily/{s.pick(s.days)}/?period=week", {}),
        "daily month": lambda: (f"/daily/{s.pick(s.days)}/?period=month", {}),
        "search hybrid": q("hybrid"),
        "search keyword": q("keyword"),
        "search semantic": q("semantic"),
        "paper page": lambda: (f"/papers/{s.pick(s.papers)}/", {}),
        "author page": lambda: (f"/authors/{quote(s.pick(s.prolific))}/", {}),
        "author page, most cited": lambda: (
            f"/authors/{quote(s.pick(s.prolific))}/?order=cited", {}),
        "map page": lambda: ("/map/", {}),
        "map first payload": lambda: ("/api/v1/map/", {}),
        "map tile": lambda: (
            f"/api/v1/map/points?tile=3/{s.rng.randrange(8)}/{s.rng.randrange(8)}",
            {},
        ),
        "region page": lambda: (f"/map/regions/{s.pick(s.regions)}/", {}),
        "library": lambda: ("/library/", s.pick(s.sessions)),
        "for you": lambda: ("/for-you/", s.pick(s.sessions)),
        "saved search page": lambda: (lambda saved: (f"/saved/{saved[1]}/", saved[0]))(
            s.pick(s.saved)
        ),
        "feed daily": lambda: ("/feeds/daily/", {}),
        "feed category": lambda: (f"/feeds/categories/{category()}/", {}),
        "feed search": lambda: (f"/feeds/search/?{urlencode({'q': s.pick(s.queries[:-8])})}", {}),
        "feed saved search": lambda: (s.pick(s.feeds), {}),
        "stats": lambda: ("/api/v1/stats/", {}),
        "api search": api("search/", q=lambda: s.pick(s.queries)),
        "api papers": api("papers/", category=category),
        "api similar": lambda: (f"/api/v1/papers/{s.pick(s.papers)}/similar/", s.pick(s.tokens)),
        "api daily": api("daily/", date=lambda: s.pick(s.days)),
        "api recommendations": api("recommendations/"),
        "api saved searches": api("saved-searches/"),
        "api trend": api("search/trend/", q=lambda: s.pick(s.queries)),
        "api map": api("map/"),
        "api author": lambda: (f"/api/v1/authors/{quote(s.pick(s.prolific))}/", s.pick(s.tokens)),
    }


def measure_operations(sample: Sample, requests: int) -> dict:
    out = {}
    for name, make in operations(sample).items():
        times, statuses = [], {}
        for _ in range(requests):
            path, headers = make()
            seconds, status = fetch(path, headers)
            times.append(seconds * 1000)
            statuses[status] = statuses.get(status, 0) + 1
        out[name] = summary(times) | {"statuses": statuses}
        print(
            f"{name:>22}: p50 {out[name]['p50']:>7.1f}  p95 {out[name]['p95']:>7.1f}  "
            f"max {out[name]['max']:>7.1f} ms  {statuses}",
            flush=True,
        )
    return out


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "n": len(times),
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "max": round(ordered[-1], 1),
    }


# --- A day --------------------------------------------------------------------------


MARKER = "zqharvestedtoday"  # a word only the day's papers hold: one keyword query finds them


def live_a_day(services: Services, sample: Sample, count: int) -> dict:
    """A day's harvest under load: see the module's docstring."""
    from papers.models import Paper
    from tests.papers.replay_server import Pages, oai_record, replay_server

    day = dt.date.today()
    rng = random.Random(13)
    titles = list(
        Paper.objects.exclude(arxiv_id__startswith="synthetic:")
        .order_by("?")
        .values_list("title", flat=True)[:count]
    )
    new_ids = [f"{day:%y%m}.{90000 + n:05d}" for n in range(count)]
    forget_an_earlier_day(new_ids)
    records = [
        oai_record(
            arxiv_id,
            rng.choice(["cs.LG", "cs.CL cs.AI", "cs.CV"]),
            date=f"{day:%a, %d %b %Y} 10:00:00 GMT",
            title=f"{title} {MARKER}",
        )
        for arxiv_id, title in zip(new_ids, titles, strict=True)
    ]
    pages = Pages([records[i : i + 500] for i in range(0, count, 500)])
    load, tracker = SteadyLoad(sample), Tracker(new_ids)
    load.start()
    tracker.start()
    sent_before = len(services.inbox.messages)
    with replay_server(pages.reply) as server:
        started = time.time()
        done = services.harvest(server.url, day)
        harvested = time.time() - started
    if done.returncode:
        load.stop()
        tracker.stop()
        sys.exit(f"harvest failed: {done.stderr[-2000:]}")
    figures = {"harvest_s": round(harvested, 1), "harvest_output": done.stdout.strip()[-400:]}
    figures |= digests_delivered(services, sent_before, started + harvested)
    tracker.join(3600)
    load.stop()
    figures |= tracker.figures(started)
    figures["load"] = load.figures()
    return figures


def forget_an_earlier_day(arxiv_ids: list[str]) -> None:
    """A kept database (--reuse) holds the day an earlier run lived: its papers, digests
    and deliveries go, so that this day is new to everyone again."""
    from papers.models import Paper
    from search.following.models import Delivery, Digest

    Paper.objects.filter(arxiv_id__in=arxiv_ids).delete()
    Delivery.objects.all().delete()
    Digest.objects.all().delete()


class SteadyLoad(threading.Thread):
    """Searches and page views at a steady rate (4 a second) for as long as the day runs."""

    def __init__(self, sample: Sample, rate: float = 4.0):
        super().__init__(daemon=True)
        self.sample, self.interval, self.stopping = sample, 1 / rate, threading.Event()
        self.searches: list[float] = []
        self.pages: list[float] = []
        self.by_operation: dict[str, list[float]] = {}
        self.errors = 0

    def run(self) -> None:
        ops = operations(self.sample)
        names = [
            "search hybrid",
            "search keyword",
            "api search",
            "home",
            "paper page",
            "daily day",
            "library",
        ]
        rng = random.Random(17)
        while not self.stopping.is_set():
            name = rng.choice(names)
            path, headers = ops[name]()
            try:
                seconds, status = fetch(path, headers)
            except OSError:
                self.errors += 1
                continue
            self.errors += status >= 500
            (self.searches if "search" in name else self.pages).append(seconds * 1000)
            self.by_operation.setdefault(name, []).append(seconds * 1000)
            self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()
        self.join(60)

    def figures(self) -> dict:
        return {
            "searches": summary(self.searches or [0.0]),
            "pages": summary(self.pages or [0.0]),
            "by_operation": {name: summary(times) for name, times in self.by_operation.items()},
            "errors": self.errors,
        }


class Tracker(threading.Thread):
    """When each of the day's papers was stored (its `created`), findable by keyword (the
    keyword index holds it), by meaning (its vector is stored) and on the map (its point
    is placed): polled every quarter second until all are on the map."""

    def __init__(self, arxiv_ids: list[str], timeout: float = 3600, quiet: float = 180):
        super().__init__(daemon=True)
        self.arxiv_ids, self.timeout, self.stopping = arxiv_ids, timeout, threading.Event()
        self.quiet = quiet  # give up this long after the last change seen
        self.stored: dict[int, float] = {}
        self.by_words: dict[int, float] = {}
        self.by_meaning: dict[int, float] = {}
        self.on_map: dict[int, float] = {}

    def run(self) -> None:
        from django.db import connection

        from papers.filters import Filters
        from papers.models import Paper
        from search.fulltext.reader import keyword_reader
        from search.query import parse_keyword_query

        deadline = time.monotonic() + self.timeout
        marker = parse_keyword_query(MARKER)
        changed, seen = time.monotonic(), None
        try:
            while not self.stopping.is_set() and time.monotonic() < deadline:
                counts = (
                    len(self.stored),
                    len(self.by_words),
                    len(self.by_meaning),
                    len(self.on_map),
                )
                if counts != seen:
                    changed, seen = time.monotonic(), counts
                elif self.stored and time.monotonic() - changed > self.quiet:
                    return  # nothing moves any more: what is missing is reported
                now = time.time()
                rows = Paper.objects.filter(arxiv_id__in=self.arxiv_ids).values_list(
                    "id", "created"
                )
                self.stored |= {pid: created.timestamp() for pid, created in rows}
                found = keyword_reader.matching_days(marker, Filters())
                # Only this day's: an earlier day's papers may linger in the index a moment.
                self.by_words |= {
                    pid: now for pid in found if pid in self.stored and pid not in self.by_words
                }
                with connection.cursor() as cursor:
                    for table, seen in (
                        ("papers_embedding", self.by_meaning),
                        ("search_mappoint", self.on_map),
                    ):
                        cursor.execute(
                            f"SELECT paper_id FROM {table} WHERE paper_id = ANY(%s)",
                            [[p for p in self.stored if p not in seen]],
                        )
                        seen |= {row[0]: now for row in cursor.fetchall()}
                if self.stored and len(self.on_map) == len(self.arxiv_ids):
                    return
                self.stopping.wait(0.25)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(60)

    def figures(self, started: float) -> dict:
        vectors = sorted(self.by_meaning.values())
        span = (vectors[-1] - min(self.stored[p] for p in self.by_meaning)) if vectors else 0
        return {
            "papers_stored": len(self.stored),
            "keyword_after_store_s": summary(
                [self.by_words[p] - self.stored[p] for p in self.by_words] or [-1]
            ),
            "meaning_after_store_s": summary(
                [self.by_meaning[p] - self.stored[p] for p in self.by_meaning] or [-1]
            ),
            "embedded_per_s": round(len(vectors) / span, 1) if span else None,
            "map_after_last_vector_s": (
                round(max(self.on_map.values()) - vectors[-1], 1)
                if self.on_map and vectors
                else None
            ),
            "not_findable_by_words": len(self.stored) - len(self.by_words),
            "not_embedded": len(self.stored) - len(self.by_meaning),
            "not_on_map": len(self.stored) - len(self.on_map),
            "lost": len(self.arxiv_ids) - len(self.stored),
        }


def digests_delivered(
    services: Services, before: int, harvest_done: float, timeout: float = 1800
) -> dict:
    """Waits for the digests the harvest set off (until none is pending and no new one has
    come for 10 s) and checks them: messages received, deliveries recorded, a paper
    recorded twice for one saved search, and the time from the harvest's end to the last
    digest sent."""
    from django.db.models import Max

    from search.following.models import Delivery, Digest

    deadline = time.monotonic() + timeout
    last, quiet_since = None, time.monotonic()
    while time.monotonic() < deadline:
        state = (Digest.objects.count(), Digest.objects.filter(status="sent").count())
        if state != last:
            last, quiet_since = state, time.monotonic()
        elif state[0] and state[0] == state[1] and time.monotonic() - quiet_since > 10:
            break
        time.sleep(1)
    delivered = list(Delivery.objects.values_list("saved_search_id", "paper_id"))
    last_sent = Digest.objects.aggregate(last=Max("sent"))["last"]
    return {
        "digests_sent": Digest.objects.filter(status="sent").count(),
        "digests_not_sent": Digest.objects.exclude(status="sent").count(),
        "messages": len(services.inbox.messages) - before,
        "digests_done_after_harvest_s": (
            round(last_sent.timestamp() - harvest_done, 1) if last_sent else None
        ),
        "deliveries": len(delivered),
        "delivered_twice": len(delivered) - len(set(delivered)),
    }


# --- Report -------------------------------------------------------------------------


def report(figures: dict) -> None:
    ops = figures.get("operations", {})
    over = {n: o["p95"] for n, o in ops.items() if o["p95"] > TARGETS_MS["p95"]}
    slow_search = {
        n: o["p95"]
        for n, o in ops.items()
        if "search" in n and "saved" not in n and o["p95"] > TARGETS_MS["search_p95"]
    }
    over_1s = {
        n: o["max"]
        for n, o in ops.items()
        if o["max"] > TARGETS_MS["max"] and n != "map first payload"
    }
    errors = {n: o["statuses"] for n, o in ops.items() if any(int(c) >= 500 for c in o["statuses"])}
    figures["targets"] = {
        "p95_over_300ms": over,
        "search_p95_over_100ms": slow_search,
        "max_over_1s": over_1s,
        "server_errors": errors,
        "web_worker_over_800mb": figures.get("web_worker_rss_mb_max", 0) > 800,
    }
    for name, value, target in issue_rows(figures):
        met = "—" if value is None else "met" if target[1](value) else "MISSED"
        shown = "not measured" if value is None else value
        print(f"{name:<44} {shown!s:>12}   target {target[0]:<12} {met}")
    print(json.dumps({"benchmark": "scale", **figures}, default=str))


def issue_rows(figures: dict) -> list[tuple[str, float | None, tuple]]:
    """(figure, value or None where this run did not measure it, (target, test))."""
    ops, day = figures.get("operations", {}), figures.get("day", {})
    load = day.get("load", {}).get("pages", {})
    map_built = figures.get("map", {})
    at_most = lambda limit: (f"<= {limit}", lambda v: v <= limit)  # noqa: E731
    at_least = lambda limit: (f">= {limit}", lambda v: v >= limit)  # noqa: E731
    p95 = lambda name: ops.get(name, {}).get("p95")  # noqa: E731
    return [
        ("daily, month view, p95 ms", p95("daily month"), at_most(300)),
        ("map tile p95 ms", p95("map tile"), at_most(300)),
        ("region page p95 ms", p95("region page"), at_most(300)),
        ("API trend p95 ms (walk included)", p95("api trend"), at_most(300)),
        ("pages during a harvest, p95 ms", load.get("p95"), at_most(300)),
        ("pages during a harvest, max ms", load.get("max"), at_most(1000)),
        ("map placement after the last vector, s", day.get("map_after_last_vector_s"),
         at_most(60)),
        ("digests to users after a harvest, s", day.get("digests_done_after_harvest_s"),
         at_most(60)),
        ("map trustworthiness (this run's build)", map_built.get("trustworthiness"),
         at_least(0.90)),
        ("HNSW build s (this run's load)", figures.get("corpus", {}).get("hnsw_build_s"),
         at_most(120)),
        ("web worker memory MB", figures.get("web_worker_rss_mb_max"), at_most(800)),
        ("import papers/s end to end: make bench-import", None, at_least(15_000)),
    ]  # fmt: skip


if __name__ == "__main__":
    main()
