"""Browser tests: Playwright driving Debian's Chromium against Django's live server and
the real database. Each flow saves screenshots under var/screenshots/ (git-ignored)."""

import datetime as dt
from pathlib import Path

import pytest
from django.db import connections

from papers.embeddings import embed_papers_now
from tests.e2e.browser import SCREENSHOTS, chromium
from tests.factories import PaperFactory
from tests.helpers import index_keywords

PAPERS = [
    ("2501.00001", "Proximal policy optimization algorithms", "We propose clipped "
     "surrogate objectives that keep policy-gradient reinforcement learning stable.",
     ["cs.LG"], dt.date(2025, 1, 10)),
    ("2501.00002", "An image is worth 16x16 words: transformers for image recognition",
     "Vision transformers classify images with self-attention over patches, "
     "$\\mathcal{O}(n^2)$ in the number of patches.", ["cs.CV"], dt.date(2025, 6, 1)),
    ("2501.00003", "Denoising diffusion probabilistic models", "Image generation by "
     "learning to reverse a gradual noising process.", ["cs.CV", "cs.LG"],
     dt.date(2025, 3, 1)),
    ("2501.00004", "Scaling laws for neural language models", "Loss falls as a power law "
     "in model size, data and compute.", ["cs.CL", "cs.LG"], dt.date(2025, 2, 1)),
]  # fmt: skip


@pytest.fixture(autouse=True)
def allow_database_under_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in the test thread; the tests still talk
    # to the database synchronously (factories), which Django allows only when told so.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(live_server):
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, live_server):
    # The tests' own scripts (axe, wait_for_function's predicates) run past the site's
    # Content-Security-Policy; tests/config/test_production_image.py checks the pages'
    # scripts under it, with nothing bypassed.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True,
                                  viewport={"width": 1100, "height": 900})  # fmt: skip
    context.set_default_timeout(15_000)
    page = context.new_page()
    index_keywords()
    yield page
    context.close()
    # Django keeps a separate connection for code run while Playwright's loop runs; close
    # it here, in that context, or it would hold the test database open at the end.
    connections.close_all()


@pytest.fixture
def corpus(transactional_db):
    papers = [
        PaperFactory(arxiv_id=i, title=t, abstract=a, categories=c, published=d,
                     authors=["Ada Lovelace", "Grace Hopper"])
        for i, t, a, c, d in PAPERS
    ]  # fmt: skip
    embed_papers_now([p.id for p in papers])
    index_keywords()
    yield papers


@pytest.fixture
def shot(request):
    """shot(page, 'name') saves var/screenshots/<test>-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
