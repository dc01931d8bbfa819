"""Tokenizing threads live only while a batch is encoded: a process forked afterwards (a
web worker after a warm-up, a Celery child) inherits no tokenizer pool, and encodes."""

import os
import subprocess
import sys
import textwrap

from tests.conftest import REPO_DIR

SCRIPT = textwrap.dedent(
    """
    import os, threading, django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from papers import encoder

    texts = [f"paper {i} about graph neural networks and attention" for i in range(700)]
    assert settings.EMBEDDING_TOKENIZER_THREADS == 2
    encoder.encode(texts)  # three slices of 256: two tokenizing threads at once
    ours = [t.name for t in threading.enumerate() if t.name.startswith(("encode", "tokenize"))]
    print("our threads after encoding:", ours)
    print("TOKENIZERS_PARALLELISM:", os.environ["TOKENIZERS_PARALLELISM"])
    pid = os.fork()
    if pid == 0:  # the child: as a forked web process, it must encode without hanging
        vector = encoder.encode(["a forked process encodes"])[0]
        os._exit(0 if abs(float(vector @ vector) - 1) < 1e-4 else 3)
    _, status = os.waitpid(pid, 0)
    print("child exit:", os.waitstatus_to_exitcode(status))
    """
)


def test_no_tokenizer_pool_survives_into_a_forked_process():
    # Without make's export: the encoder itself must turn Rust's own pool off.
    env = {k: v for k, v in os.environ.items() if k != "TOKENIZERS_PARALLELISM"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO_DIR,
        env={**env, "EMBEDDING_TOKENIZER_THREADS": "2"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "our threads after encoding: []" in result.stdout
    assert "TOKENIZERS_PARALLELISM: false" in result.stdout  # Rust's own pool stays off
    assert "child exit: 0" in result.stdout
    assert "parallelism has already been used" not in result.stderr  # tokenizers' fork warning
