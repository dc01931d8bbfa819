"""`bench/scale.py --smoke` (5,000 papers, 20 users) runs end to end, as `make bench-scale`
does at 1M: gunicorn with 2 workers, the keyword index writer, a Celery worker and broker,
a day's harvest through `manage.py harvest` from a local OAI-PMH server, digests through a
local SMTP server. It must print every figure, and lose or double-deliver nothing.
Figures are not judged here (timed assertions flake); docs/benchmarks/scale.md has the 1M ones."""

import json
import subprocess
import sys

from tests.conftest import REPO_DIR


def test_the_scale_bench_runs_the_whole_product_and_prints_every_figure():
    done = subprocess.run([sys.executable, "bench/scale.py", "--smoke"], cwd=REPO_DIR,
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    operations = figures["operations"]
    assert {"home", "search hybrid", "map first payload", "library", "for you", "stats",
            "feed saved search", "api saved searches", "api trend"} <= set(operations)  # fmt: skip
    for name, measured in operations.items():
        assert measured["n"] == 5 and {"p50", "p95", "max"} <= set(measured), name
        assert not any(int(code) >= 500 for code in measured["statuses"]), (name, measured)
        assert not any(int(code) == 404 for code in measured["statuses"]), (name, measured)
    assert figures["web_worker_rss_mb_max"] > 0
    day = figures["day"]
    assert day["papers_stored"] == 100 and day["lost"] == 0
    assert day["not_findable_by_words"] == 0 and day["not_embedded"] == 0
    assert day["not_on_map"] == 0
    assert day["digests_sent"] > 0 and day["digests_not_sent"] == 0
    assert day["messages"] == day["digests_sent"] and day["delivered_twice"] == 0
    assert day["load"]["errors"] == 0
