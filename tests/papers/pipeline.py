"""Real processes for pipeline tests and benchmarks: a Valkey broker and Celery workers
(on the test database unless told another)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

from config import embedded
from tests.conftest import REPO_DIR


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


class Broker:
    def __init__(self, directory: Path):
        self.directory = directory
        self.socket = directory / "valkey.sock"
        self.url = f"redis+socket://{self.socket}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.socket.unlink(missing_ok=True)
        command = embedded.broker_command(self.directory, self.socket)
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_for(self.socket.exists, 10, "the broker's socket")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class Worker:
    """`celery worker` (with beat) in its own process group, on the test database."""

    def __init__(
        self, broker_url: str, log: Path, sweep_seconds: int = 2, database: str | None = None,
        extra_env: dict[str, str] | None = None,
    ):  # fmt: skip
        self.broker_url = broker_url
        self.log = log
        self.sweep_seconds = sweep_seconds
        self.database = database  # default: the test database
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        server = embedded.postgres()
        database = self.database or connection.settings_dict["NAME"]
        return {
            **os.environ,
            "DATABASE_URL": f"postgres://{server.user}@/{database}?host={server.host}",
            "CELERY_BROKER_URL": self.broker_url,
            "EMBEDDING_SWEEP_SECONDS": str(self.sweep_seconds),
            **self.extra_env,
        }

    def start(self) -> None:
        schedule = self.log.with_suffix(".beat")
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--beat",
            "--schedule", str(schedule), "--queues", "embeddings,celery",
            "--concurrency", "1", "--loglevel", "INFO", "--without-mingle", "--without-gossip",
        ]  # fmt: skip
        with open(self.log, "ab") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                command, cwd=REPO_DIR, env=self.env(), stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        wait_for(lambda: "ready." in self.output(), 90, "the worker to start")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def peak_rss_mb(self) -> float:
        """The largest peak RSS among the worker and its pool children (VmHWM)."""
        import psutil

        parent = psutil.Process(self.process.pid)
        peaks = []
        for process in [parent, *parent.children(recursive=True)]:
            status = Path(f"/proc/{process.pid}/status").read_text()
            peaks.append(int(status.split("VmHWM:")[1].split()[0]) / 1024)
        return max(peaks)

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once, as a crash would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
