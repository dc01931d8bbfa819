"""Staying current, measured: the daily page's render time over the 106,764 shared papers,
then the arXiv harvest's rate against a local OAI-PMH server into that corpus (records/s,
parsing and upserting included). Prints one JSON line.

    make bench-harvest
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

from corpus import REPO_DIR, SHARED_DATA, bench_database

PAGES, PER_PAGE = 20, 1000


def harvest_rate() -> dict:
    from django.conf import settings

    from papers.harvest.arxiv import harvest_arxiv
    from tests.papers.replay_server import Pages, oai_record, replay_server

    settings.HARVEST_REQUEST_INTERVAL = 0  # the local server needs no politeness
    settings.HARVEST_CATEGORIES = ["cs.LG", "cs.CL", "cs.AI", "cs.CV"]  # one OAI set
    categories = ["cs.LG", "cs.CL cs.AI", "stat.ML cs.LG", "cs.CV", "math.AG"]
    pages = Pages([[oai_record(f"2611.{p * PER_PAGE + n:05d}", categories[n % len(categories)])
                    for n in range(PER_PAGE)] for p in range(PAGES)])  # fmt: skip
    bodies = {}  # built once, so the server's own work is not timed

    def respond(params):
        key = params.get("resumptionToken", "")
        if key not in bodies:
            bodies[key] = pages.reply(params)
        return bodies[key]

    for token in [None] + [f"page-{n}" for n in range(2, PAGES + 1)]:
        respond({"resumptionToken": token} if token else {})
    with replay_server(respond) as server:
        started = time.perf_counter()
        outcome = harvest_arxiv(server.url, *_days())
        seconds = time.perf_counter() - started
    return {
        "harvest_records": outcome.records,
        "harvest_pages": outcome.pages,
        "harvest_stored": outcome.upserts.created,
        "harvest_seconds": round(seconds, 2),
        "harvest_records_per_s": round(outcome.records / seconds),
    }


def _days():
    import datetime as dt

    return dt.date(2026, 11, 16), dt.date(2026, 11, 17)


def daily_render_times(repeats: int = 20) -> dict:
    from django.db import connection
    from django.test import Client

    from papers.importer import import_files

    import_files([SHARED_DATA / "arxiv-ml-106k.jsonl.gz"])
    with connection.cursor() as cursor:  # as autovacuum would soon after a bulk load
        cursor.execute("ANALYZE papers_paper")
    client = Client()
    pages = {
        "day": "/daily/",
        "day_category": "/daily/?category=cs.CV",
        "week": "/daily/?period=week",
        "month": "/daily/?period=month",
        "month_newest": "/daily/?period=month&sort=newest",
        "home": "/",
    }
    out = {}
    for name, url in pages.items():
        client.get(url)  # warm
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        out[name] = round(statistics.median(times), 1)
    return {"daily_render_ms_p50": out}


def main() -> None:
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(REPO_DIR))
    with bench_database("paperscope_bench_harvest"):
        import django

        django.setup()
        figures = daily_render_times()  # first: the harvest's papers all share one day
        figures |= harvest_rate()  # into the 106k corpus, as a daily harvest would
    print(json.dumps({"benchmark": "harvest", **figures}))


if __name__ == "__main__":
    main()
