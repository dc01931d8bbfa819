"""make bench-freshness: how soon writes reach keyword search, with the real writer.

Over the 106,764 shared papers in a database of its own, with `manage.py keyword_index
--follow` running as its own process (as `make run` runs it):
- 20 times, a new paper with a word no other has: seconds until keyword search finds it;
- a 10,000-paper import while this process searches without pause: the slowest search;
- the first keyword and hybrid searches in a freshly started process (after Django's
  set-up): what a web process without warm-up pays.
Ends with one JSON line. Targets (issue 11): p95 ≤ 5 s, slowest < 1 s, first ≤ 2 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REPO_DIR, SHARED_DATA, bench_database

DATABASE = "paperscope_bench_freshness"
FIRST_SEARCH = """
import time, django
django.setup()
from search.params import parse_search_params
from search.pipeline import paper_search
for mode in ("keyword", "hybrid"):
    started = time.perf_counter()
    paper_search(parse_search_params({"q": "graph neural networks", "mode": mode}))
    print(mode, time.perf_counter() - started)
"""


def main() -> None:
    with bench_database(DATABASE):
        import django

        django.setup()
        import numpy as np

        from papers.importer import import_files
        from search.fulltext.writer import KeywordIndexWriter

        import_files([SHARED_DATA / "arxiv-ml-106k.jsonl.gz"])
        with KeywordIndexWriter() as writer:
            writer.rebuild()
        follower = subprocess.Popen(
            [sys.executable, "manage.py", "keyword_index", "--follow"], cwd=REPO_DIR,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            findable = [seconds_until_findable(n) for n in range(20)]
            slowest = slowest_search_during_import(10_000)
        finally:
            follower.terminate()
            follower.wait(30)
        first = first_searches()
    figures = {
        "findable_s_p50": round(float(np.percentile(findable, 50)), 2),
        "findable_s_p95": round(float(np.percentile(findable, 95)), 2),
        "slowest_search_during_import_s": round(slowest, 3),
        "first_keyword_search_s": round(first["keyword"], 2),
        "first_hybrid_search_s": round(first["hybrid"], 2),
    }
    print(
        f"new paper findable by keyword: p50 {figures['findable_s_p50']} s, "
        f"p95 {figures['findable_s_p95']} s (target ≤ 5)"
    )
    slowest = figures["slowest_search_during_import_s"]
    print(f"slowest search during a 10,000-paper import: {slowest} s (target < 1)")
    print(
        f"first search in a fresh process: keyword {figures['first_keyword_search_s']} s, "
        f"hybrid {figures['first_hybrid_search_s']} s (target ≤ 2)"
    )
    print(json.dumps({"benchmark": "freshness", **figures}))


def keyword_ids(word: str) -> set[int]:
    from papers.filters import Filters
    from search.fulltext.reader import keyword_reader
    from search.query import parse_keyword_query

    return {pid for pid, _ in keyword_reader.search(parse_keyword_query(word), Filters(), 10)}


def seconds_until_findable(n: int) -> float:
    from papers.models import Paper

    word = f"zqfreshness{n}x"
    paper = Paper.objects.create(arxiv_id=f"fresh:{n}", title=f"A paper about {word}",
                                 abstract="Written to be found.", source="arxiv_jsonl")  # fmt: skip
    started = time.perf_counter()
    while paper.id not in keyword_ids(word):
        if time.perf_counter() - started > 60:
            sys.exit(f"paper {n} was not findable after 60 s")
        time.sleep(0.05)
    return time.perf_counter() - started


def slowest_search_during_import(count: int) -> float:
    from django.db import connection

    from papers.services import paper_bulk_upsert
    from papers.sources.record import PaperRecord

    def write() -> None:
        try:
            for start in range(0, count, 1000):
                paper_bulk_upsert([
                    PaperRecord(arxiv_id=f"load:{n}", title=f"Load paper {n} on graphs",
                                abstract="Graph neural networks under load.", authors=[],
                                categories=["cs.LG"], published=None, updated=None, abs_url="",
                                pdf_url="", source="arxiv_jsonl", upvotes=None,
                                position=f"line {n}")
                    for n in range(start, start + 1000)
                ])  # fmt: skip
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    slowest = 0.0
    while writer.is_alive():
        started = time.perf_counter()
        keyword_ids("graph neural networks")
        slowest = max(slowest, time.perf_counter() - started)
    writer.join()
    return slowest


def first_searches() -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", FIRST_SEARCH], cwd=REPO_DIR,
                          env=os.environ, capture_output=True, text=True, check=True)  # fmt: skip
    return {line.split()[0]: float(line.split()[1]) for line in done.stdout.splitlines()
            if line.split() and line.split()[0] in ("keyword", "hybrid")}  # fmt: skip


if __name__ == "__main__":
    main()
