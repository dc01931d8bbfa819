"""Every API route with who may call it. The default is "signed in"
(DEFAULT_PERMISSION_CLASSES), and a public read says AllowAny itself, so a new public
route is a visible change to this list, not an accident."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.settings import api_settings

PUBLIC = "public"
SIGNED_IN = "signed in"

EXPECTED = {
    "search/": PUBLIC,
    "search/trend/": PUBLIC,
    "papers/": PUBLIC,
    "papers/<path:paper_id>/similar/": PUBLIC,
    "papers/<path:paper_id>/references/": PUBLIC,
    "papers/<path:paper_id>/citations/": PUBLIC,
    "papers/<path:paper_id>/graph/": PUBLIC,
    "papers/<path:paper_id>/": PUBLIC,
    "stats/": PUBLIC,
    "authors/<path:name>/": PUBLIC,
    "lists/": PUBLIC,
    "lists/<str:username>/<slug:slug>/": PUBLIC,
    "map/": PUBLIC,
    "map/points": PUBLIC,
    "map/papers/<int:paper_id>/": PUBLIC,
    "daily/": PUBLIC,
    "schema/": PUBLIC,
    "docs/": PUBLIC,
    "redoc/": PUBLIC,
    "saved-searches/": SIGNED_IN,
    "saved-searches/<int:saved_id>/": SIGNED_IN,
    "recommendations/": SIGNED_IN,
    "recommendations/feedback/": SIGNED_IN,
    "bookmarks/": SIGNED_IN,
    "bookmarks/<path:paper_id>/": SIGNED_IN,
    "library/export/": SIGNED_IN,
    "library/import/": SIGNED_IN,
}
SAMPLE_ARGS = {"paper_id": "2501.00001", "saved_id": "1", "name": "Ada Lovelace",
               "username": "alice", "slug": "rl"}


def api_routes() -> dict[str, type]:
    api = next(p for p in get_resolver().url_patterns
               if isinstance(p, URLResolver) and str(p.pattern) == "api/v1/")  # fmt: skip
    return {str(p.pattern): p.callback.cls for p in api.url_patterns if isinstance(p, URLPattern)}


def who(view: type) -> str:
    classes = getattr(view, "permission_classes", api_settings.DEFAULT_PERMISSION_CLASSES)
    names = {c.__name__ for c in classes}
    if names == {"AllowAny"}:
        return PUBLIC
    assert names == {"IsAuthenticated"}, f"{view.__name__}: {names}"
    return SIGNED_IN


def test_every_api_route_is_listed_with_who_may_call_it():
    assert {route: who(view) for route, view in api_routes().items()} == EXPECTED


def test_a_view_that_says_nothing_is_private():
    from rest_framework.views import APIView

    class Unsaid(APIView):
        pass

    assert who(Unsaid) == SIGNED_IN


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r, w in EXPECTED.items() if w == SIGNED_IN])
def test_private_routes_refuse_anonymous_callers(client, route):
    path = "/api/v1/" + route
    for name, value in SAMPLE_ARGS.items():
        for kind in ("path", "int"):
            path = path.replace(f"<{kind}:{name}>", value)
    for method in ("get", "post", "put", "patch", "delete"):
        response = getattr(client, method)(path, content_type="application/json")
        assert response.status_code in (401, 405), (method, path, response.status_code)
        if response.status_code == 405:
            continue
        assert response.json()  # an error body, never a page
