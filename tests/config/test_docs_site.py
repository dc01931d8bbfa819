"""The documentation site builds strictly (`make docs`, as .ci/run runs it): no broken link
or anchor, no page outside the nav, and the generated tables in place."""

import os
import subprocess
import sys

from config.settings_reference import ROOT


def test_the_site_builds_strictly_with_its_generated_tables(tmp_path):
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    configuration = (site / "configuration.html").read_text()
    assert "TREND_WALK_BUDGET_MS" in configuration and "settings-table" not in configuration
    api = (site / "api.html").read_text()
    assert "/api/v1/search/" in api and "openapi-reference" not in api
    assert (site / "img" / "search.png").is_file()
