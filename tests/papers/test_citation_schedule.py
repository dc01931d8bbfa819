"""CITATIONS_ENABLED puts the citation harvest on Celery beat: new papers daily, every
known paper's counts and references weekly (read from the settings as a worker reads
them, in a process of its own)."""

import json
import os
import subprocess
import sys

from tests.conftest import REPO_DIR

SCRIPT = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({name: {"task": entry["task"], "kwargs": entry.get("kwargs", {}),
                         "days": sorted(entry["schedule"].day_of_week),
                         "hour": sorted(entry["schedule"].hour)}
                  for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
                  if name.startswith("citations")}))
"""


def schedule(**env: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO_DIR, capture_output=True, text=True, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_new_papers_daily_and_a_refresh_on_sundays():
    entries = schedule(CITATIONS_ENABLED="true", CITATIONS_AT="05:15")
    task = "papers.harvest.tasks.harvest_citations_task"
    assert entries["citations-new"] == {"task": task, "kwargs": {}, "days": [1, 2, 3, 4, 5, 6],
                                        "hour": [5]}  # fmt: skip
    assert entries["citations-refresh"] == {"task": task, "kwargs": {"refresh": True},
                                            "days": [0], "hour": [5]}  # fmt: skip
    assert schedule(CITATIONS_ENABLED="false") == {}
