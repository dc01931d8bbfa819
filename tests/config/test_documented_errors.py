"""Every API operation documents each error status a client can get, 414 included: the
server (gunicorn) refuses request lines over 8,190 bytes, and a pasted abstract as `q`
can be longer."""

import importlib.util

from django.urls import reverse

from tests.conftest import REPO_DIR

STATUSES = {"400", "401", "403", "404", "405", "406", "414", "415", "429"}


def test_every_operation_documents_every_error_status(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert set(operation["responses"]) >= STATUSES, (method, path)


def test_the_documented_414_is_gunicorns_limit():
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", REPO_DIR / "config" / "gunicorn.py"
    )
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)
    assert settings.limit_request_line == 8190
