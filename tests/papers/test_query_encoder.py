"""The web side's query encoder on onnxruntime gives the model's own vectors (cosine ≥
0.99 on the dev queries, short and long), and is used only once exported."""

import json
import os
import subprocess
import sys
from io import StringIO
from itertools import islice

import numpy as np
import pytest
from django.core.management import call_command
from django.test import override_settings

from papers import encoder, query_encoder
from tests.conftest import REPO_DIR, SHARED_DIR


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory):
    """Exported once for the module (a minute of torch.onnx.export)."""
    directory = tmp_path_factory.mktemp("query-encoder")
    with override_settings(QUERY_ENCODER_DIR=directory):
        out = StringIO()
        call_command("export_query_encoder", stdout=out)
    assert "exported" in out.getvalue()
    return directory


@pytest.fixture
def exported(settings, export_dir):
    settings.QUERY_ENCODER_DIR = export_dir
    return export_dir


def dev_queries(count: int) -> list[str]:
    with open(SHARED_DIR / "eval" / "known-item-dev" / "queries.jsonl") as lines:
        return [json.loads(line)["text"] for line in islice(lines, count)]


def test_onnx_vectors_are_the_models_vectors(exported):
    name = encoder.model_name()
    assert query_encoder.available(name, encoder.model_path(name))
    queries = [*dev_queries(40), "GAN", "stop an RL agent losing the ability to learn",
               " ".join(["a long pasted abstract about graph neural networks"] * 60)]  # fmt: skip
    reference = encoder.encode(queries)
    onnx = np.stack([encoder.encode_query(q) for q in queries])
    cosines = np.sum(reference * onnx, axis=1)
    assert cosines.min() >= 0.99, cosines.min()
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)


def test_export_is_kept_and_only_redone_when_forced(exported):
    out = StringIO()
    call_command("export_query_encoder", stdout=out)
    assert "already exported" in out.getvalue()


def test_an_export_by_an_older_version_is_not_current(exported, settings, tmp_path):
    name = encoder.model_name()
    model_dir = encoder.model_path(name)
    assert query_encoder.current(name, model_dir)
    older = tmp_path / "older"
    older.mkdir()
    for path in exported.iterdir():  # the export as version 1 wrote it: no version
        meta = json.loads(path.read_text()) if path.suffix == ".json" else None
        if meta is not None:
            del meta["version"]
            (older / path.name).write_text(json.dumps(meta))
        else:
            (older / path.name).symlink_to(path)
    settings.QUERY_ENCODER_DIR = older
    assert query_encoder.available(name, model_dir)  # still used until it is redone
    assert not query_encoder.current(name, model_dir)


def test_without_an_export_queries_go_through_torch(settings, tmp_path):
    settings.QUERY_ENCODER_DIR = tmp_path / "nothing-here"
    name = encoder.model_name()
    assert not query_encoder.available(name, encoder.model_path(name))
    vector = encoder.encode_query("graph neural networks")
    assert float(vector @ encoder.encode(["graph neural networks"])[0]) >= 0.999


# A fresh interpreter, as a web worker starts, then serves its first pages and a search.
WARM_UP = """
import json, sys, django
django.setup()
from django.test import Client
from papers import encoder
from search.warmup import warm_up

warm_up()
ready = encoder.query_encoder_loaded()
client = Client()
statuses = [client.get(path, HTTP_HOST="localhost").status_code
            for path in ("/", "/about/", "/api/v1/stats/", "/search?q=graphs&mode=semantic")]
print(json.dumps({"torch": "torch" in sys.modules, "ready": ready, "statuses": statuses}))
"""


@pytest.mark.django_db(transaction=True)
def test_once_exported_a_web_worker_serves_without_torch(exported):
    from django.db import connection

    from config import embedded

    server = embedded.postgres()
    env = {**os.environ, "QUERY_ENCODER_DIR": str(exported),
           "DATABASE_URL": f"postgres://{server.user}@/{connection.settings_dict['NAME']}"
                           f"?host={server.host}"}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", WARM_UP], cwd=REPO_DIR, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state["ready"] and not state["torch"]
    assert state["statuses"] == [200, 200, 200, 200]
