"""Debian's Chromium under Playwright (never `playwright install`)."""

from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"  # git-ignored
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"  # tracked


def docs_image(name: str, image: bytes) -> None:
    """Save a screenshot as the documentation's docs/img/<name>.png, only when it differs
    from the committed one: an unchanged page leaves the work tree clean, a changed one
    shows in `git status` as an image to commit."""
    path = DOCS_IMAGES / f"{name}.png"
    if not path.exists() or path.read_bytes() != image:
        path.write_bytes(image)


@contextmanager
def chromium():
    """A fresh Chromium (half a second): its event loop must not outlive the test, or the
    test database's set-up and tear-down would run inside it."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()
