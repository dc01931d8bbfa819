"""The settings table (docs/configuration.md) is made from what the code reads: every
environment variable read anywhere in the apps or docker-compose.yml is described in
docs/settings.yml, nothing described is read nowhere, and the defaults are the code's."""

import shutil
from pathlib import Path

import pytest

from config.settings_reference import (
    ROOT,
    SettingsUndocumented,
    markdown,
    reference,
    variables_read,
)


def rows(sections) -> dict:
    return {setting.name: setting for section in sections.values() for setting in section}


def test_every_variable_the_code_reads_is_in_the_table():
    table = rows(reference())
    assert set(table) == set(variables_read())
    # Read only in production (inside `if PRODUCTION:`), by gunicorn, and by compose alone.
    assert {"SECURE_HSTS_SECONDS", "GUNICORN_WORKERS", "POSTGRES_PASSWORD"} <= set(table)
    assert all(setting.meaning for setting in table.values())


def test_defaults_come_from_the_code():
    table = rows(reference())
    assert table["TREND_WALK_BUDGET_MS"].default == "`150`"
    harvested = "`cs.LG,cs.CL,cs.CV,cs.AI,cs.IR,cs.NE,cs.RO,stat.ML`"
    assert table["HARVEST_CATEGORIES"].default == harvested
    assert table["HARVEST_ENABLED"].default == "`false`"
    assert table["HARVEST_REQUEST_INTERVAL"].default == "`3`"
    assert table["PAPERSCOPE_TAG"].default == "`latest`"  # docker-compose.yml's ${…:-latest}


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of what the reference reads: the apps, docker-compose.yml, docs/settings.yml."""
    for package in ("config", "papers", "search", "frontend"):
        skipped = shutil.ignore_patterns("static", "templates", "migrations")
        shutil.copytree(ROOT / package, tmp_path / package, ignore=skipped)
    shutil.copy(ROOT / "docker-compose.yml", tmp_path)
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "settings.yml", tmp_path / "docs")
    return tmp_path


def test_a_setting_read_but_not_described_fails(project):
    settings = project / "config" / "settings.py"
    settings.write_text(settings.read_text() + '\nif PRODUCTION:\n    X = env_int("NEW_KNOB", 3)\n')
    with pytest.raises(SettingsUndocumented, match=r"NEW_KNOB \(config/settings.py\)"):
        reference(project, project / "docs" / "settings.yml")


def test_a_variable_read_straight_from_os_environ_counts_too(project):
    worker = project / "papers" / "tasks.py"
    worker.write_text(worker.read_text() + '\nLIMIT = os.environ["WORKER_LIMIT"]\n')
    with pytest.raises(SettingsUndocumented, match="WORKER_LIMIT"):
        reference(project, project / "docs" / "settings.yml")


def test_a_described_variable_nobody_reads_fails(project):
    described = project / "docs" / "settings.yml"
    gone = "Gone:\n  OLD_KNOB:\n    meaning: no longer read\n"
    described.write_text(described.read_text() + gone)
    with pytest.raises(SettingsUndocumented, match="read nowhere: OLD_KNOB"):
        reference(project, described)


def test_the_table_is_markdown_a_section_each():
    text = markdown(reference())
    assert "### Embeddings\n\n| variable | default | meaning |" in text
    assert "| `EMBEDDING_DEVICE` | `auto` |" in text
