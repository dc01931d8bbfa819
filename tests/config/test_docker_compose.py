"""docker-compose.yml cannot run here (no Docker engine), so check its shape instead."""

import re

import yaml

from tests.conftest import REPO_DIR

SETTINGS_SOURCE = (REPO_DIR / "config" / "settings.py").read_text()


def compose() -> dict:
    return yaml.safe_load((REPO_DIR / "docker-compose.yml").read_text())


def test_services_and_their_commands():
    services = compose()["services"]
    assert set(services) >= {"db", "redis", "web", "worker", "indexer"}
    assert services["indexer"]["command"] == "python manage.py keyword_index --follow"
    assert services["db"]["image"].startswith("pgvector/pgvector:")
    assert "gunicorn -c python:config.gunicorn config.wsgi" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert "embeddings" in services["worker"]["command"]
    assert "pgdata" in compose()["volumes"]
    assert any("pgdata:" in volume for volume in services["db"]["volumes"])


def test_web_and_indexer_share_the_keyword_index_volume():
    services = compose()["services"]
    mount = "keyword-index:/data/keyword-index"
    assert mount in services["web"]["volumes"] and mount in services["indexer"]["volumes"]
    assert services["web"]["environment"]["KEYWORD_INDEX_DIR"] == "/data/keyword-index"
    assert "keyword-index" in compose()["volumes"]


def test_every_app_variable_is_one_the_settings_read():
    services = compose()["services"]
    for name in ("web", "worker", "indexer"):
        environment = services[name]["environment"]
        assert environment["PRODUCTION"] == "true"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:")
        for variable in environment:
            assert re.search(rf'\(\s*"{variable}"', SETTINGS_SOURCE), variable


def test_dockerfile_installs_the_cpu_torch_first():
    dockerfile = (REPO_DIR / "Dockerfile").read_text()
    assert dockerfile.index("torch==2.13.0") < dockerfile.index("pip install .")
