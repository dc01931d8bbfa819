"""Typed environment variables on top of django-environ, failing loudly on a bad value.

django-environ parses the values; these helpers add what it lacks: a bad value (say
`DEBUG=maybe`, which it would silently read as False) stops start-up with an
`ImproperlyConfigured` error that names the variable and says what it accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def load_dotenv(path: Path) -> None:
    """Read `KEY=value` lines from `path` if it exists; real environment variables win."""
    if path.is_file():
        environ.Env.read_env(str(path), overwrite=False)


def _raw(name: str) -> str | None:
    value = env.str(name, default=None)
    return None if value is None else value.strip()


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected one of true/false, 1/0, yes/no, on/off")


def env_int(name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
    return _env_number(name, default, int, "a whole number", minimum, maximum)


def env_float(
    name: str, default: float, minimum: float | None = None, maximum: float | None = None
) -> float:
    return _env_number(name, default, float, "a number", minimum, maximum)


def _env_number(name, default, kind, described, minimum, maximum):
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected {described}") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        low = "-inf" if minimum is None else minimum
        high = "inf" if maximum is None else maximum
        bounds = f"{low}..{high}"
        raise ImproperlyConfigured(f"{name}={number}: expected a number in {bounds}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(
    name: str, default: str, choices: Sequence[str], prefix_ok: Sequence[str] = ()
) -> str:
    value = env_str(name, default).lower()
    if value in choices or any(value.startswith(prefix) for prefix in prefix_ok):
        return value
    allowed = ", ".join([*choices, *(f"{prefix}N" for prefix in prefix_ok)])
    raise ImproperlyConfigured(f"{name}={value!r}: expected one of {allowed}")


# psycopg prepares a statement on the server once a connection has run it this often.
# Django turns that off (for transaction poolers), which leaves on only the reads bound on
# the server (papers.selectors.binary_rows): Django's own cursors bind on the client and
# never prepare. A search page's read of its 20 papers was planned anew every time:
# 0.97-1.27 ms, against 0.72-0.79 prepared. Behind PgBouncer, use 1.21 or later with
# max_prepared_statements set.
PREPARE_THRESHOLD = 5


def read_database(name: str) -> dict[str, Any]:
    """DATABASES['default'] from a PostgreSQL URL, or the embedded server when unset."""
    value = _raw(name)
    if not value:
        from config.embedded import DATABASE_NAME

        # Host, port and user are filled in on connect by the engine (config/embedded_db).
        return {"ENGINE": "config.embedded_db", "NAME": DATABASE_NAME, "CONN_MAX_AGE": 0,
                "OPTIONS": {"prepare_threshold": PREPARE_THRESHOLD}}  # fmt: skip
    return database_of(name, value)


def read_replicas(name: str) -> dict[str, dict[str, Any]]:
    """{"replica0": ..., "replica1": ...} from a comma-separated list of PostgreSQL URLs.
    In tests each mirrors the default database (Django's test runner makes none)."""
    urls = [url for url in (_raw(name) or "").split(",") if url.strip()]
    return {f"replica{i}": database_of(name, url.strip()) | {"TEST": {"MIRROR": "default"}}
            for i, url in enumerate(urls)}  # fmt: skip


def database_of(name: str, value: str) -> dict[str, Any]:
    """DATABASES' entry for the PostgreSQL URL `value` (read from the setting `name`)."""
    try:
        config = env.db_url_config(value)
    except (ImproperlyConfigured, ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"{name}: not a usable database URL ({error})") from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"{name}: Paperscope needs PostgreSQL with pgvector (postgres://...), "
            f"got engine {config.get('ENGINE')!r}"
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}: the URL names no database")
    config.setdefault("CONN_MAX_AGE", 60)
    config.setdefault("OPTIONS", {}).setdefault("prepare_threshold", PREPARE_THRESHOLD)
    # Persistent connections are checked before reuse, so a database restart costs no
    # failed requests once it is back.
    config.setdefault("CONN_HEALTH_CHECKS", True)
    return config


def read_cache(name: str, default: str) -> dict[str, Any]:
    """CACHES['default'] from a cache URL (redis://host:6379/1, locmemcache://)."""
    value = _raw(name) or default
    try:
        return env.cache_url_config(value)
    except (ImproperlyConfigured, ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"{name}={value!r}: not a cache URL ({error})") from None


def read_email(name: str, default: str) -> dict[str, Any]:
    """EMAIL_BACKEND and its settings from a URL: smtp://user:pass@host:587,
    smtp+tls://..., filemail:///path, consolemail://, memorymail://."""
    value = _raw(name) or default
    try:
        config = env.email_url_config(value)
    except (ImproperlyConfigured, ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"{name}={value!r}: not an email URL ({error})") from None
    if config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
        config.setdefault("EMAIL_TIMEOUT", 30)
    if config["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
        # django-environ drops the leading slash of filemail:///abs/path.
        parts = urlsplit(value)
        config["EMAIL_FILE_PATH"] = parts.netloc + parts.path
    return config


def at_time(value: str, **kwargs: Any):
    """A Celery crontab running at `value` ("HH:MM", UTC; "HH" is on the hour) on the days
    `kwargs` name (every day by default)."""
    from celery.schedules import crontab

    hour, _, minute = value.partition(":")
    return crontab(hour=hour, minute=minute or "0", **kwargs)
