"""The production image as it runs: its build script (config/image/build.sh) into a
temporary directory, then its CMD (gunicorn, PRODUCTION=true) on the test database. Every
page route answers 200 signed out and signed in, every asset a page names is served
hashed, compressed and cached for a year, error pages wear the site's style, every page
carries a Content-Security-Policy that forbids inline script, and the API, feeds and
/mcp answer."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from papers.models import Paper
from papers.services import bookmark_save, reading_list_publish
from search.following.digests import unsubscribe_token
from search.following.services import feed_secret, saved_search_create
from search.following.verification import SALT
from search.map.models import MapRegion
from search.map.services import update_map
from search.recommend.services import feedback_save
from tests.citation_graph import cite
from tests.config.production import (
    PROXY_HEADERS,
    SECRET_KEY,
    database_url,
    gunicorn,
    production_env,
)
from tests.e2e.axe import axe_problems
from tests.e2e.browser import SCREENSHOTS, chromium
from tests.frontend.page_fuzz import page_routes
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db(transaction=True)

HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js|png|svg|woff2?)$")
YEAR = 365 * 24 * 3600
# Routes a person reaches only by a form's POST (each answers a GET with 405 or a redirect,
# checked below); every other page route must be in `site_pages`.
# Redoc's sidebar always asks for this logo (and hides it when it fails): the policy is
# what keeps that request from leaving the browser, so its refusal is expected.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
POST_ONLY = {"frontend:account-delete", "frontend:bookmark", "frontend:for-you-feedback",
             "frontend:library-import", "frontend:saved-search-new", "logout",
             "frontend:list-copy", "frontend:list-publish", "frontend:read-mark"}  # fmt: skip


@pytest.fixture
def site(settings, alice, map_corpus, keyword_index_dir) -> dict:
    """A site with a map, citations, alice's bookmarks, a saved search and feedback."""
    settings.SECRET_KEY = SECRET_KEY  # feed secrets and tokens as the server signs them
    policy = map_corpus["policy"]
    # TeX to typeset on every page that shows this paper: KaTeX runs under the policy.
    Paper.objects.filter(id=policy[0].id).update(title=f"{policy[0].title} with $\\ell_1$ costs")
    cite(policy[0], policy[1], policy[2], cited_by=120)
    update_map()
    index_keywords()
    for paper in policy[:3]:
        bookmark_save(alice, paper, note="Read this", tags=["rl"])
    reading_list_publish(alice, "rl", "public", show_notes=True)
    Paper.objects.filter(id=policy[1].id).update(venue="NeurIPS", venue_year=2024,
                                                 venue_status="accepted", venue_source="comments")
    feedback_save(alice, policy[3], "more")
    saved = saved_search_create(alice, {"name": "Policy", "q": "policy", "alert": "daily"})
    client = Client()
    client.force_login(alice)
    paper = Paper.objects.get(id=policy[0].id)
    region = MapRegion.objects.filter(level=2).order_by("id").first()
    day = paper.published.isoformat()
    verify_token = signing.dumps({"u": alice.id, "e": alice.email.casefold()}, salt=SALT)
    return {
        "session": {"sessionid": client.cookies["sessionid"].value},
        "pages": {
            "frontend:home": "/",
            "frontend:search": "/search?q=policy+gradient",
            "frontend:search-chart": "/search/chart?q=policy",
            "frontend:daily": "/daily/",
            "frontend:daily-day": f"/daily/{day}/",
            "frontend:about": "/about/",
            "frontend:map": "/map/",
            "frontend:map-region": f"/map/regions/{region.id}/",
            "frontend:paper": f"/papers/{paper.arxiv_id}/",
            "frontend:author": f"/authors/{paper.authors[0]}/",
            "frontend:venues": "/venues/",
            "frontend:venue": "/venues/NeurIPS/",
            "frontend:venue-year": "/venues/NeurIPS/2024/",
            "frontend:lists": "/lists/",
            "frontend:list": "/lists/alice/rl/",
            "frontend:list-feed": "/lists/alice/rl/feed/",
            "frontend:list-bibtex": "/lists/alice/rl/export.bib",
            "frontend:unsubscribe": f"/unsubscribe/{unsubscribe_token(alice.id, [saved.id])}/",
            "frontend:feed-daily": "/feeds/daily/",
            "frontend:feed-category": "/feeds/categories/cs.LG/",
            "frontend:feed-search": "/feeds/search/?q=policy",
            "frontend:feed-saved": f"/feeds/saved/{saved.id}/{feed_secret(alice, saved)}/",
            "frontend:feed-for-you": f"/feeds/for-you/{alice.id}/{feed_secret(alice)}/",
            "healthz": "/healthz",
            "password_reset": "/accounts/password/reset/",
            "password_reset_done": "/accounts/password/reset/sent/",
            "password_reset_complete": "/accounts/password/reset/done/",
            "password_reset_confirm": "/accounts/password/reset/MQ/no-such-token/",
        },
        # Links that act and move on (a mailed confirmation link).
        "redirects": {
            "frontend:verify-email": f"/accounts/verify-email/{verify_token}/",
        },
        # Signed in, these send a visitor on to the library.
        "signed_out_pages": {
            "frontend:signup": "/accounts/signup/",
            "login": "/accounts/login/",
        },
        "private_pages": {
            "frontend:library": "/library/",
            "frontend:library-export": "/library/export.bib",
            "frontend:for-you": "/for-you/",
            "frontend:saved-search": f"/saved/{saved.id}/",
            "frontend:account": "/accounts/settings/",
            "password_change": "/accounts/password/",
            "password_change_done": "/accounts/password/done/",
        },
        "paper": paper,
        "index": str(keyword_index_dir),
    }


class References(HTMLParser):
    """What a page loads (scripts, styles, icons) and what it runs inline."""

    def __init__(self):
        super().__init__()
        self.assets: set[str] = set()
        self.inline: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("src"):
                self.assets.add(attrs["src"])
            elif attrs.get("type") != "application/json":  # data, never run
                self.inline.append("an inline <script>")
        href = attrs.get("href") or ""
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon") and href[:5] != "data:":
            self.assets.add(href)
        if tag == "style":
            self.inline.append("a <style> element")
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=...>")


def references(html: str) -> References:
    parser = References()
    parser.feed(html)
    return parser


def test_the_route_list_covers_every_page(site):
    listed = (set(site["pages"]) | set(site["signed_out_pages"]) | set(site["private_pages"])
              | set(site["redirects"]) | POST_ONLY)  # fmt: skip
    assert {route.name for route in page_routes()} == listed


def test_every_page_is_200_with_hashed_compressed_cached_assets_and_a_strict_csp(
    production_image, site, tmp_path
):
    env = production_env(production_image, KEYWORD_INDEX_DIR=site["index"])
    with gunicorn(env, tmp_path / "web.log") as server:
        assets: set[str] = set()
        for path in site["pages"].values():
            assets |= check_page(server, path).assets
            assets |= check_page(server, path, site["session"]).assets
        for path in site["signed_out_pages"].values():
            assets |= check_page(server, path).assets
            assert server.get(path, cookies=site["session"]).status_code == 302, path
        for path in site["private_pages"].values():
            assert server.get(path).status_code == 302, path  # to the login page
            assets |= check_page(server, path, site["session"]).assets
        for path in site["redirects"].values():
            assert server.get(path).status_code == 302, path
        for route in POST_ONLY:
            args = {"frontend:bookmark": [site["paper"].arxiv_id],
                    "frontend:read-mark": [site["paper"].arxiv_id],
                    "frontend:list-copy": ["alice", "rl"]}.get(route, [])
            path = reverse(route, args=args)
            assert server.get(path, cookies=site["session"]).status_code in (302, 405), route

        # The pages between them load each of the site's own scripts and styles.
        manifest = json.loads(
            (Path(production_image["STATIC_ROOT"]) / "staticfiles.json").read_text()
        )
        own = {f"/static/{hashed}" for name, hashed in manifest["paths"].items()
               if name.startswith("frontend/") and name.endswith((".css", ".js"))
               and name != "frontend/api-docs.css"}  # fmt: skip
        assert own <= {urlsplit(a).path for a in assets}
        for asset in assets:
            check_asset(server, asset)

        # Error pages in the site's style: its stylesheet, hashed, and no Django default.
        for path, status in (("/no-such-page/", 404), ("/papers/9999.99999/", 404)):
            response = server.get(path)
            assert response.status_code == status
            assert re.search(r"/static/frontend/site\.[0-9a-f]{12}\.css", response.text)
        refused = server.post("/accounts/login/", data={"username": "alice", "password": "x"})
        assert refused.status_code == 403
        assert re.search(r"/static/frontend/site\.[0-9a-f]{12}\.css", refused.text)


def check_asset(server, asset: str) -> None:
    path = urlsplit(urljoin("/", asset)).path
    assert path.startswith("/static/") and HASHED.search(path), asset
    plain = server.get(path)
    assert plain.status_code == 200, asset
    max_age = re.search(r"max-age=(\d+)", plain.headers.get("Cache-Control", ""))
    assert max_age and int(max_age.group(1)) >= YEAR, (asset, plain.headers)
    if path.endswith((".css", ".js")):
        packed = server.get(path, headers={"Accept-Encoding": "gzip"}, stream=True)
        assert packed.headers.get("Content-Encoding") == "gzip", asset
        assert int(packed.headers["Content-Length"]) < len(plain.content), asset


def check_page(server, path: str, cookies=None) -> References:
    response = server.get(path, cookies=cookies)
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    policy = response.headers.get("Content-Security-Policy", "")
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src and "'unsafe-inline'" not in script_src.group(1), (path, policy)
    assert "frame-ancestors 'none'" in policy, (path, policy)
    if not response.headers["Content-Type"].startswith("text/html"):
        return References()
    found = references(response.text)
    assert not found.inline, (path, found.inline)
    return found


def test_the_api_its_docs_and_mcp_answer_with_nothing_from_another_site(
    production_image, site, tmp_path
):
    env = production_env(production_image, KEYWORD_INDEX_DIR=site["index"])
    with gunicorn(env, tmp_path / "web.log") as server:
        found = server.get("/api/v1/search/?q=policy+gradient&mode=hybrid")
        assert found.status_code == 200 and found.json()["results"], found.text[:300]
        paper = server.get(f"/api/v1/papers/{site['paper'].arxiv_id}/")
        assert paper.status_code == 200 and paper.json()["title"] == site["paper"].title
        assert server.get("/api/v1/schema/").status_code == 200
        assert server.get("/api/v1/no/such/route/").json() == {"detail": "Not found."}

        for path in ("/api/v1/docs/", "/api/v1/redoc/"):
            page = check_page(server, path)
            assert page.assets, path
            for asset in page.assets:
                if "?script" in asset:  # Swagger UI's set-up, from the same view
                    script = server.get(asset)
                    assert script.status_code == 200 and "SwaggerUIBundle" in script.text
                    continue
                assert urlsplit(asset).netloc == "", (path, asset)  # no CDN
                check_asset(server, asset)
        redoc = server.get("/api/v1/redoc/").headers["Content-Security-Policy"]
        assert "style-src 'self' 'unsafe-inline'" in redoc  # Redoc's own styling, there only
        assert "'unsafe-inline'" not in server.get("/").headers["Content-Security-Policy"]

        listed = server.post(
            "/mcp", data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
            headers={"Content-Type": "application/json",
                     "Accept": "application/json, text/event-stream"},
        )  # fmt: skip
        assert listed.status_code == 200, listed.text[:300]
        assert "search_papers" in listed.text

        health = server.get("/healthz").json()
        assert health["status"] == "ok" and health["database"] == "ok"
        assert health["keyword_index"]["age_seconds"] is not None


def test_without_its_database_every_page_is_a_styled_503_that_says_when_to_retry(
    production_image, tmp_path
):
    nowhere = database_url().replace("/test_", "/no_such_database_")
    env = production_env(production_image, DATABASE_URL=nowhere)
    with gunicorn(env, tmp_path / "web.log") as server:
        for path in ("/", "/search?q=policy", "/daily/", "/papers/2501.00001/"):
            response = server.get(path)
            assert response.status_code == 503, (path, response.status_code)
            assert response.headers["Retry-After"]
            assert re.search(r"/static/frontend/site\.[0-9a-f]{12}\.css", response.text)
        api = server.get("/api/v1/search/?q=policy")
        assert api.status_code == 503 and "detail" in api.json()
        health = server.get("/healthz")
        assert health.status_code == 503 and health.json()["database"] == "unavailable"


def test_production_pages_break_no_csp_rule_in_chromium_and_axe_finds_nothing_serious(
    production_image, site, tmp_path
):
    """Chromium enforces the policy: no page's own script or style is refused (a script
    that set a style attribute, say). axe-core is injected past the policy."""
    env = production_env(production_image, KEYWORD_INDEX_DIR=site["index"])
    # Feeds, the health report and the chart (a fragment its page fetches) are no pages.
    not_pages = ("frontend:feed", "healthz", "frontend:search-chart", "frontend:list-feed",
                 "frontend:list-bibtex")
    pages = {name.split(":")[-1]: path for name, path in site["pages"].items()
             if not name.startswith(not_pages)}  # fmt: skip
    pages |= {name.split(":")[-1]: path for name, path in site["private_pages"].items()
              if name != "frontend:library-export"}  # fmt: skip
    pages |= {"api-docs": "/api/v1/docs/", "api-redoc": "/api/v1/redoc/"}
    with gunicorn(env, tmp_path / "web.log") as server, chromium() as browser:
        refused: list[str] = []
        for bypass in (False, True):
            context = browser.new_context(
                base_url=server.url, bypass_csp=bypass, extra_http_headers=PROXY_HEADERS,
                viewport={"width": 1100, "height": 900},
            )  # fmt: skip
            context.add_cookies([{"name": "sessionid", "value": site["session"]["sessionid"],
                                  "url": server.url}])  # fmt: skip
            page = context.new_page()
            page.on("console", lambda m: refused.append(m.text)
                    if "Content Security Policy" in m.text and REDOC_LOGO not in m.text
                    else None)  # fmt: skip
            if not bypass:
                for path in pages.values():
                    page.goto(path, wait_until="networkidle")
                    if path == "/api/v1/docs/":  # each documentation page draws the API
                        page.wait_for_selector(".swagger-ui .info >> text=Paperscope API")
                    if path == "/api/v1/redoc/":
                        page.wait_for_selector("h1 >> text=Paperscope API")
                    if path == site["pages"]["frontend:paper"]:  # typeset, and nothing refused
                        assert page.locator("h1 .katex-html").count() == 1
                assert not refused, "\n".join(refused)
                page.goto("/accounts/settings/")  # signed in: the private pages were seen
                assert page.url.endswith("/accounts/settings/")
            else:
                problems = axe_problems(
                    page,
                    {k: v for k, v in pages.items() if not k.startswith("api-")},
                    production_shot,
                )
                assert not problems, "\n".join(problems)
            context.close()


def production_shot(page, name: str) -> None:
    """Each production page as a visitor sees it: var/screenshots/production-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"production-{name}.png"), full_page=True)
