"""Web workers warm up at start: the query encoder is loaded and the keyword index opened,
in the worker's own process, before its first search."""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR
from tests.factories import PaperFactory
from tests.helpers import index_keywords
from tests.search.fulltext_processes import Follower

# A fresh interpreter, as a web worker starts: nothing loaded or opened before warm_up().
SCRIPT = """
import json, django
django.setup()
from papers import encoder
from search.fulltext.reader import keyword_reader
from search.warmup import warm_up

state = lambda: {"index open": keyword_reader.is_open,
                 "query encoder loaded": encoder.query_encoder_loaded()}
before = state()
warm_up()
print(json.dumps({"before": before, "after": state()}))
"""


@pytest.mark.django_db(transaction=True)
def test_warm_up_opens_the_keyword_index_and_loads_the_query_encoder(keyword_index_dir, tmp_path):
    PaperFactory()
    index_keywords()
    env = Follower(keyword_index_dir, tmp_path / "unused.log").env()  # the test database
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO_DIR, env=env,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["before"] == {"index open": False, "query encoder loaded": False}
    assert state["after"] == {"index open": True, "query encoder loaded": True}
    assert "warm-up failed" not in result.stderr


@pytest.mark.django_db
def test_without_an_index_warm_up_says_so_and_builds_nothing(caplog, keyword_index_dir):
    from search.warmup import warm_up

    warm_up()
    assert "no keyword index yet" in caplog.text
    assert list(keyword_index_dir.iterdir()) == []


@pytest.mark.django_db
def test_a_failed_warm_up_is_logged_not_raised(monkeypatch, caplog):
    from search.warmup import warm_up

    def broken(text):
        raise RuntimeError("no model")

    monkeypatch.setattr("papers.encoder.encode_query", broken)
    warm_up()
    assert "warm-up failed" in caplog.text
