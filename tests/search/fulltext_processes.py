"""A real keyword index writer (`manage.py keyword_index --follow`) in its own process, on
the test database, for freshness, convergence and crash tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.db import connection

from config import embedded
from tests.conftest import REPO_DIR
from tests.papers.pipeline import wait_for


class Follower:
    def __init__(self, directory: Path, log: Path):
        self.directory = directory
        self.log = log
        self.process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        server = embedded.postgres()
        database = connection.settings_dict["NAME"]
        return {
            **os.environ,
            "DATABASE_URL": f"postgres://{server.user}@/{database}?host={server.host}",
            "KEYWORD_INDEX_DIR": str(self.directory),
        }

    def start(self) -> None:
        command = [sys.executable, "manage.py", "keyword_index", "--follow"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO_DIR, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_for(lambda: "following PostgreSQL" in self.output(), 60, "the writer to start")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> int:
        """Ctrl-C, as a terminal sends it; the exit code."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(30)
        return self.process.returncode
