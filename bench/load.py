"""make bench-load: the web app under gunicorn over the 106,764 shared papers, driven by
a bounded closed-loop load generator on loopback (locust, headless) with the request mix
of bench/locustfile.py, at increasing concurrency for a fixed time per step. Prints each
step's throughput, p50/p95/p99 and errors, and the highest concurrency that keeps p99
under 200 ms with zero errors. Target on the 2-core machine: at least 100 requests/s at
zero errors. Ends with one JSON line.

The load generator runs on the same cores as the server, so the figures are a floor.
Throttling is raised for the run (a benchmark is not abuse); nothing else differs from
production settings.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REPO_DIR, bench_database, load_corpus

DATABASE = "paperscope_bench_load"
PORT = 8765
P99_LIMIT_MS = 200


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", default="1,2,4,8,16,32", help="concurrency steps")
    parser.add_argument("--seconds", type=int, default=30, help="per step")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    args = parser.parse_args()
    steps = [int(n) for n in args.users.split(",")]
    with bench_database(DATABASE) as url, tempfile.TemporaryDirectory() as scratch:
        _, _, corpus = load_corpus()
        data = Path(scratch)
        write_request_data(data)
        server = start_gunicorn(url, args.workers, data / "gunicorn.log")
        try:
            wait_until_warm()
            results = [run_step(users, args.seconds, data) for users in steps]
        finally:
            server.terminate()
            server.wait(30)
    report(results, corpus, args)


def write_request_data(data: Path) -> None:
    """Paper ids, queries (the first words of 2,000 titles) and a user's API token."""
    from django.contrib.auth import get_user_model
    from django.db import connections
    from rest_framework.authtoken.models import Token

    from papers.models import Paper

    rng = random.Random(3)
    ids = list(Paper.objects.order_by("?").values_list("arxiv_id", flat=True)[:2000])
    titles = Paper.objects.order_by("?").values_list("title", flat=True)[:2000]
    queries = [" ".join(t.split()[: rng.randint(2, 8)]) for t in titles]
    user = get_user_model().objects.create_user("loadtest", password=None)
    data.joinpath("ids.txt").write_text("\n".join(ids))
    data.joinpath("queries.txt").write_text("\n".join(queries))
    data.joinpath("token.txt").write_text(Token.objects.create(user=user).key)
    connections.close_all()


def start_gunicorn(url: str, workers: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-load-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "API_THROTTLE_ANON": "1000000/minute",
        "API_THROTTLE_USER": "1000000/minute",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": "",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "python:config.gunicorn", "config.wsgi"]
    with log.open("wb") as output:  # 404s of deletes are logged as warnings: keep them out
        return subprocess.Popen(command, cwd=REPO_DIR, env=env, stdout=output,
                                stderr=subprocess.STDOUT)  # fmt: skip


def wait_until_warm(timeout: float = 300) -> None:
    """Until several searches in a row answer fast: every worker has loaded the model and
    opened the keyword index (gunicorn's post_worker_init)."""
    deadline = time.monotonic() + timeout
    fast = 0
    while fast < 10:
        if time.monotonic() > deadline:
            sys.exit("gunicorn did not warm up in time")
        started = time.perf_counter()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/search/?q=warm+up", timeout=60)
        except OSError:
            time.sleep(1)
            continue
        fast = fast + 1 if time.perf_counter() - started < 0.5 else 0


def run_step(users: int, seconds: int, data: Path) -> dict:
    prefix = data / f"step{users}"
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(REPO_DIR / "bench" / "locustfile.py"),
         "--headless", "--users", str(users), "--spawn-rate", str(users),
         "--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{PORT}",
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
        cwd=REPO_DIR, env={**os.environ, "BENCH_LOAD_DIR": str(data)}, check=False,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows["Aggregated"]
    step = {
        "users": users,
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "p99_by_kind_ms": {name: float(row["99%"]) for name, row in rows.items()
                           if name != "Aggregated"},
    }  # fmt: skip
    print(f"{users:>4} users: {step['rps']:>7.1f} req/s, p50 {step['p50_ms']:.0f} ms, "
          f"p95 {step['p95_ms']:.0f} ms, p99 {step['p99_ms']:.0f} ms, "
          f"{step['errors']} errors of {step['requests']}", flush=True)  # fmt: skip
    return step


def report(results: list[dict], corpus: dict, args) -> None:
    print(f"\nLoad over {corpus['papers']:,} papers, gunicorn {args.workers} workers, "
          f"{args.seconds} s a step, mix: search 60%, paper page 25%, similar 10%, "
          f"bookmark writes 5%\n")  # fmt: skip
    print(f"{'users':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>9}")
    for r in results:
        print(f"{r['users']:>6}{r['rps']:>9.1f}{r['p50_ms']:>9.0f}{r['p95_ms']:>9.0f}"
              f"{r['p99_ms']:>9.0f}{r['errors']:>9}")  # fmt: skip
    good = [r for r in results if r["errors"] == 0 and r["p99_ms"] < P99_LIMIT_MS]
    best = max(good, key=lambda r: r["users"]) if good else None
    clean = [r for r in results if r["errors"] == 0]
    peak = max(clean, key=lambda r: r["rps"]) if clean else None
    print(
        f"\nHighest concurrency with p99 < {P99_LIMIT_MS} ms and no errors: "
        + (f"{best['users']} users, {best['rps']} req/s" if best else "none")
    )
    print(
        "Most requests/s with no errors: "
        + (f"{peak['rps']} at {peak['users']} users (target >= 100)" if peak else "none")
    )
    print(json.dumps({"benchmark": "load", "steps": results,
                      "best_users_p99_under_200ms": best["users"] if best else None,
                      "peak_rps_no_errors": peak["rps"] if peak else None}))  # fmt: skip


if __name__ == "__main__":
    main()
