"""KaTeX is vendored, pinned and unmodified: every file under static/frontend/katex/ is
listed in its SHA256SUMS with the hash it has, and pages load it from the site itself."""

import hashlib
from pathlib import Path

import pytest

from config.settings import BASE_DIR

KATEX = BASE_DIR / "frontend" / "static" / "frontend" / "katex"


def listed() -> dict[str, str]:
    lines = (KATEX / "SHA256SUMS").read_text().splitlines()
    assert lines[0].startswith("# KaTeX 0.19.1")
    return {name: digest for digest, name in (line.split("  ") for line in lines[1:])}


def test_every_file_is_listed_with_its_hash():
    sums = listed()
    files = {str(p.relative_to(KATEX)) for p in KATEX.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert files == set(sums)
    for name, digest in sums.items():
        assert hashlib.sha256(Path(KATEX, name).read_bytes()).hexdigest() == digest, name
    assert "katex.min.js" in sums and "contrib/auto-render.min.js" in sums


@pytest.mark.django_db
def test_pages_load_katex_from_the_site(client):
    page = client.get("/").content.decode()
    for path in ("katex/katex.min.css", "katex/katex.min.js", "katex/contrib/auto-render.min.js",
                 "math.js"):  # fmt: skip
        assert f'/static/frontend/{path}"' in page
    assert "cdn" not in page.lower()
