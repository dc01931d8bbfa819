"""A bad parameter on a page is the site's 400 page naming it (or the page with the
message), never a 500: the cases the page fuzzer first found."""

import pytest

from search.following.services import saved_search_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["x", "-1", "0", "99999999999999999999", "1.5"])
def test_a_saved_search_page_names_a_bad_page_number(alice_client, alice, page):
    saved = saved_search_create(alice, {"name": "Policy", "q": "policy"})
    response = alice_client.get(f"/saved/{saved.id}/", {"page": page})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="site-header"' in html and "page:" in html


@pytest.mark.parametrize("path", ["/library/", "/for-you/", "/library/export.bib",
                                  "/library/export.json", "/search"])  # fmt: skip
def test_a_nul_character_in_a_parameter_is_a_400_naming_it(alice_client, path):
    response = alice_client.get(f"{path}?tag=a%00b&q=x")
    assert response.status_code == 400
    assert "tag: must not contain a NUL character" in response.content.decode()


def test_a_nul_character_in_the_address_is_a_400(client):
    response = client.get("/papers/2501.%0000001/")
    assert response.status_code == 400
    assert "the address: must not contain a NUL character" in response.content.decode()


def test_the_api_keeps_its_own_field_errors_for_nul(client):
    response = client.get("/api/v1/search/", {"q": "a\x00b"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"


def test_a_map_focus_that_is_not_an_ascii_number_is_ignored(client, map_corpus):
    from search.map.services import update_map

    update_map()
    assert client.get("/map/", {"paper": "²"}).status_code == 200
    assert client.get("/map/", {"paper": ["1", "²"]}).status_code == 200


def test_feedback_without_a_paper_is_the_sites_400_page(alice_client):
    response = alice_client.post("/for-you/feedback", {"kind": "more"})
    assert response.status_code == 400
    assert 'class="site-header"' in response.content.decode()
