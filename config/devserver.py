"""`make run` / `make worker`: the Procfile's processes under honcho, and a clean stop.

honcho starts the processes and stops them all on Ctrl-C. This wrapper also holds the
embedded PostgreSQL open for as long as they run and, after they stop, forgets the ones
that could not unregister themselves (Celery's pool children exit without running atexit
handlers), so that the database server stops with the last of them.
"""

import os
import subprocess
import sys
from pathlib import Path


def main(process_names: list[str]) -> int:
    from config import embedded

    use_embedded = not os.environ.get("DATABASE_URL")
    if use_embedded:
        embedded.postgres()
    honcho = Path(sys.executable).with_name("honcho")
    supervisor = subprocess.Popen([str(honcho), "start", *process_names])
    while True:
        try:
            code = supervisor.wait()
            break
        except KeyboardInterrupt:
            continue  # honcho got the same Ctrl-C and is stopping everything; wait for it
    if use_embedded:
        embedded.forget_exited_processes()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
