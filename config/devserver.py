"""`make run` / `make worker`: the Procfile's processes under honcho, stopped in order.

honcho starts the processes and stops them all on Ctrl-C. The broker is not among them:
this wrapper starts it first, in a session of its own (so the terminal's Ctrl-C does not
reach it), and stops it only after honcho has stopped the web app, the worker and the
keyword index writer. A worker that shuts down while the broker is still up hands its
unfinished message back (acks late) instead of printing connection errors, and the
broker's append-only file keeps every queued message for the next start.

It also holds the embedded PostgreSQL open for as long as the processes run and, after
they stop, forgets the ones that could not unregister themselves (Celery's pool children
exit without running atexit handlers), so that the database server stops with the last.
"""

import os
import signal
import subprocess
import sys
import time

BROKER = "broker"
# How long honcho waits for a process to stop before killing it: an embedding task under
# way on a CPU (256 abstracts) takes about ten seconds, and the model load a few more.
SHUTDOWN_SECONDS = 60


def main(process_names: list[str]) -> int:
    from config import embedded

    use_embedded = not os.environ.get("DATABASE_URL")
    if use_embedded:
        embedded.postgres()
    broker = _start_broker() if BROKER in process_names else None
    others = [name for name in process_names if name != BROKER]
    # honcho in this process: its manager handles Ctrl-C (SIGTERM to each process), and
    # waits KILL_WAIT before SIGKILL, long enough for a task under way to finish.
    from honcho import command, manager

    manager.KILL_WAIT = SHUTDOWN_SECONDS
    try:
        command.main(["start", *others])
        code = 0
    except SystemExit as stopped:
        code = stopped.code or 0
    if broker is not None:
        broker.send_signal(signal.SIGTERM)  # last: it saves its queue as it exits
        broker.wait(30)
        print("broker stopped", flush=True)
    if use_embedded:
        embedded.forget_exited_processes()
    return 0 if code == 130 else code  # Ctrl-C (130) is how `make run` is meant to end


def _start_broker() -> subprocess.Popen | None:
    """The embedded broker (or nothing, with CELERY_BROKER_URL set), ready for clients."""
    from config import embedded

    if os.environ.get("CELERY_BROKER_URL"):
        print("using the broker at CELERY_BROKER_URL; no embedded broker started", flush=True)
        return None
    embedded.BROKER_SOCKET.unlink(missing_ok=True)  # left behind by a broker that was killed
    broker = subprocess.Popen(embedded.broker_command(), start_new_session=True)
    deadline = time.monotonic() + 30
    while not embedded.BROKER_SOCKET.exists():
        if broker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the embedded broker did not start (see above)")
        time.sleep(0.1)
    print(f"broker ready at {embedded.broker_url()}", flush=True)
    return broker


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
