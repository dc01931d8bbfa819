"""make bench-import: import the shared arXiv file into a fresh database and time it.

Runs `manage.py import_papers` as a child process (so its peak RSS is its own) against a
throw-away database on the embedded server, three times:

1. the first 10% of the file, fresh  (peak RSS must not grow with the file: compare 1 and 2)
2. the whole file, fresh             (the headline figures)
3. the whole file again              (re-import: nothing changes)

Prints a table, then one line holding a JSON object of the figures.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_FILE = REPO_DIR.parent / "shared" / "data" / "arxiv-ml-106k.jsonl.gz"
BENCH_DATABASE = "paperscope_bench_import"
TARGET_PAPERS_PER_S = 20_000
TARGET_END_TO_END = 15_000  # the whole command, now that it no longer builds tsvectors
TARGET_PEAK_RSS_MB = 500

sys.path.insert(0, str(REPO_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    if os.environ.get("DATABASE_URL"):
        sys.exit("bench-import uses the embedded PostgreSQL; unset DATABASE_URL")
    import psycopg
    from psycopg import sql

    from config import embedded

    server = embedded.postgres()  # held open by this process for the children
    with psycopg.connect(
        host=server.host, port=server.port, user=server.user, dbname="postgres", autocommit=True
    ) as conn:
        database_url = f"postgres://{server.user}@/{BENCH_DATABASE}?host={server.host}"
        child_env = {**os.environ, "DATABASE_URL": database_url}

        def fresh_database() -> None:
            name = sql.Identifier(BENCH_DATABASE)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
            run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], child_env)

        with tempfile.TemporaryDirectory() as tmp:
            tenth = Path(tmp) / "tenth.jsonl"
            total = write_first_tenth(SHARED_FILE, tenth)

            fresh_database()
            small = timed_import(tenth, child_env)
            fresh_database()
            full = timed_import(SHARED_FILE, child_env)
            again = timed_import(SHARED_FILE, child_env)
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(BENCH_DATABASE)
            )
        )

    report(total, small, full, again)


def write_first_tenth(source: Path, target: Path) -> int:
    with gzip.open(source, "rb") as lines:
        all_lines = sum(1 for _ in lines)
    with gzip.open(source, "rb") as lines, open(target, "wb") as out:
        for number, line in enumerate(lines):
            if number >= all_lines // 10:
                break
            out.write(line)
    return all_lines


def run(command: list[str], env: dict[str, str]) -> tuple[str, float, float]:
    """(stdout, wall seconds, peak RSS in MB) of one child process, its own RSS alone."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            command, cwd=REPO_DIR, env=env, stdout=subprocess.PIPE, stderr=errors
        )
        out = child.stdout.read().decode()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        if status:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{errors.read().decode()}")
    return out, wall, usage.ru_maxrss / 1024


def timed_import(path: Path, env: dict[str, str]) -> dict:
    command = [sys.executable, "manage.py", "import_papers", "--no-progress", str(path)]
    out, wall, peak_mb = run(command, env)
    counts = re.search(r"created (\d+), updated (\d+), unchanged (\d+), skipped (\d+)", out)
    phases = re.search(r"stored (\d+) records in ([\d.]+)s", out)
    records, stored_s = int(phases.group(1)), float(phases.group(2))
    return {
        "records": records,
        "created": int(counts.group(1)),
        "unchanged": int(counts.group(3)),
        "skipped": int(counts.group(4)),
        "store_s": stored_s,
        "command_s": round(wall, 2),
        "stored_papers_per_s": round(records / stored_s),
        "end_to_end_papers_per_s": round(records / wall),
        "peak_rss_mb": round(peak_mb, 1),
    }


def report(total: int, small: dict, full: dict, again: dict) -> None:
    rows = [("first 10%, fresh", small), ("all, fresh", full), ("all, re-import", again)]
    print(f"Import of {SHARED_FILE.name} ({total:,} records), embedded PostgreSQL\n")
    header = (
        f"{'run':<18}{'records':>9}{'created':>9}{'store s':>9}{'store/s':>10}"
        f"{'total s':>9}{'total/s':>9}{'peak RSS':>10}"
    )
    print(header)
    print("-" * len(header))
    for label, r in rows:
        print(
            f"{label:<18}{r['records']:>9,}{r['created']:>9,}{r['store_s']:>9.1f}"
            f"{r['stored_papers_per_s']:>10,}{r['command_s']:>9.1f}"
            f"{r['end_to_end_papers_per_s']:>9,}{r['peak_rss_mb']:>8.0f}MB"
        )
    print(
        "\nstore = parse, validate and upsert every record (papers listed and embeddable);"
        "\ntotal = the whole command, interpreter start-up included (the keyword index"
        "\nfollows by itself: make bench-search times its build)."
    )
    print(
        f"targets: >= {TARGET_END_TO_END:,} papers/s end to end: "
        f"{'met' if full['end_to_end_papers_per_s'] >= TARGET_END_TO_END else 'MISSED'}; "
        f">= {TARGET_PAPERS_PER_S:,} papers/s stored: "
        f"{'met' if full['stored_papers_per_s'] >= TARGET_PAPERS_PER_S else 'MISSED'}; "
        f"peak RSS < {TARGET_PEAK_RSS_MB} MB: "
        f"{'met' if full['peak_rss_mb'] < TARGET_PEAK_RSS_MB else 'MISSED'}; "
        f"RSS growth from 10% to 100% of the file: "
        f"{full['peak_rss_mb'] - small['peak_rss_mb']:+.0f} MB"
    )
    print(
        json.dumps(
            {
                "benchmark": "import",
                "records": total,
                "tenth": small,
                "full": full,
                "reimport": again,
            }
        )
    )


if __name__ == "__main__":
    main()
