"""Settings come from the environment; a bad value stops start-up naming the variable."""

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR

STRONG_KEY = "k" * 20 + "-production-secret-key-for-tests-only-0123456789"
SITE = "https://papers.example.org"


def start_django(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process (settings are read once per process)."""
    unset = {"DEBUG", "PRODUCTION", "SECRET_KEY", "SITE_URL", "EMAIL_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *(args or ["check"])],
        cwd=REPO_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe': expected one of true/false"),
        ("EMBEDDING_BATCH_SIZE", "lots", "EMBEDDING_BATCH_SIZE='lots': expected a whole number"),
        ("EMBEDDING_BATCH_SIZE", "-1", "EMBEDDING_BATCH_SIZE=-1: expected a number in 0..4096"),
        ("EMBEDDING_DEVICE", "tpu", "EMBEDDING_DEVICE='tpu': expected one of auto, cpu, cuda"),
        ("DATABASE_URL", "mysql://u:p@h/db", "DATABASE_URL: Paperscope needs PostgreSQL"),
        ("DATABASE_URL", "postgres://u:p@h:5432", "DATABASE_URL: the URL names no database"),
        ("PRODUCTION", "true", "SECRET_KEY: production needs its own random key"),
    ],
)
def test_bad_values_stop_startup_naming_the_variable(variable, value, message):
    result = start_django({variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_debug():
    result = start_django({"PRODUCTION": "true", "DEBUG": "true", "SECRET_KEY": STRONG_KEY})
    assert result.returncode != 0
    assert "DEBUG: must be off when PRODUCTION is on" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = start_django(
        {"PRODUCTION": "true", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "paperscope.example",
         "SITE_URL": SITE},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_hsts_preload_and_subdomains_are_opt_in_and_old_keys_can_be_kept():
    code = ("from django.conf import settings as s; print(s.SECURE_HSTS_PRELOAD, "
            "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, len(s.SECRET_KEY_FALLBACKS))")  # fmt: skip
    production = {"PRODUCTION": "true", "SECRET_KEY": STRONG_KEY, "SITE_URL": SITE}
    off = start_django(production, "shell", "-v", "0", "-c", code)
    assert off.stdout.split() == ["False", "False", "0"], off.stderr
    on = start_django(production | {"SECURE_HSTS_PRELOAD": "true",
                                    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
                                    "SECRET_KEY_FALLBACKS": f"{STRONG_KEY}a,{STRONG_KEY}b"},
                      "shell", "-v", "0", "-c", code)  # fmt: skip
    assert on.stdout.split() == ["True", "True", "2"], on.stderr


@pytest.mark.parametrize(("extra", "message"), [
    ({}, "SITE_URL: production needs the site's public address"),
    ({"SITE_URL": SITE, "HARVEST_ENABLED": "true"}, "EMAIL_URL: digests are sent"),
    ({"SITE_URL": SITE, "DIGESTS_AFTER_IMPORT": "true", "EMAIL_URL": "filemail:///tmp/m"},
     "EMAIL_URL: digests are sent"),
])  # fmt: skip
def test_production_refuses_the_default_site_and_mail_that_goes_nowhere(extra, message):
    result = start_django({"PRODUCTION": "true", "SECRET_KEY": STRONG_KEY} | extra)
    assert result.returncode != 0 and message in result.stderr


def test_production_with_digests_starts_with_smtp_mail():
    result = start_django({"PRODUCTION": "true", "SECRET_KEY": STRONG_KEY, "SITE_URL": SITE,
                           "HARVEST_ENABLED": "true",
                           "EMAIL_URL": "smtp+tls://user:pass@mail.example.org:587"})  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_a_backup_directory_schedules_the_nightly_backup():
    code = ("from django.conf import settings as s; b = s.CELERY_BEAT_SCHEDULE.get('backup'); "
            "print(b and b['task'], b and sorted(b['schedule'].hour), s.BACKUP_KEEP)")  # fmt: skip
    on = start_django({"BACKUP_DIR": "/srv/backups", "BACKUP_AT": "04:15", "BACKUP_KEEP": "3"},
                      "shell", "-v", "0", "-c", code)  # fmt: skip
    assert on.stdout.split() == ["papers.tasks.backup_task", "[4]", "3"], on.stderr
    off = start_django({}, "shell", "-v", "0", "-c", code)
    assert off.stdout.split()[:2] == ["None", "None"], off.stderr


def test_variables_are_read():
    result = start_django(
        {"EMBEDDING_BATCH_SIZE": "128", "EMBEDDING_DEVICE": "cuda:1", "DEBUG": "off"},
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; "
        "print(s.EMBEDDING_BATCH_SIZE, s.EMBEDDING_DEVICE, s.DEBUG)",
    )
    assert result.stdout.split() == ["128", "cuda:1", "False"], result.stderr
