"""Error answers: JSON under /api/ (even for URLs no route matches), pages elsewhere."""

import pytest

pytestmark = pytest.mark.django_db


def test_unroutable_api_paths_are_json_404s(client):
    response = client.get("/api/v1/papers/%0A/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    page = client.get("/papers/%0A/")
    assert page.status_code == 404 and "Not found" in page.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_every_api_answer_is_json_with_debug_on_or_off(client, settings, debug):
    # `make run` serves with DEBUG on, where Django's own 404 is an HTML page.
    settings.DEBUG = debug
    for path in ("/api/v1/saved-searches/null,null/", "/api/v1/nothing/", "/api/v2/search/",
                 "/api/", "/api/v1/papers/%0A/"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json" and response.json(), path
    wrong_method = client.delete("/api/v1/search/?q=x")
    assert wrong_method.status_code == 405 and "detail" in wrong_method.json()
    assert client.post("/api/v1/stats/", {}).json()["detail"]


def test_a_missing_trailing_slash_keeps_the_method_and_query(client):
    response = client.get("/api/v1/search?q=policy&mode=keyword")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/search/?q=policy&mode=keyword"
    assert response.json()["detail"]
    posted = client.post("/api/v1/bookmarks", {}, content_type="application/json")
    assert posted.status_code == 308 and posted["Location"] == "/api/v1/bookmarks/"
