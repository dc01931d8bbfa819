"""Error answers: JSON under /api/ (even for URLs no route matches), pages elsewhere."""

import pytest

pytestmark = pytest.mark.django_db


def test_unroutable_api_paths_are_json_404s(client):
    response = client.get("/api/v1/papers/%0A/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    page = client.get("/papers/%0A/")
    assert page.status_code == 404 and "Not found" in page.content.decode()
