"""MkDocs hooks: the two pages whose tables are generated from the code at build time, so
they cannot drift from it.

- configuration.md: `<!-- settings-table -->` becomes every environment variable the code
  reads (config/settings_reference.py); one read but not described fails the build.
- api.md: `<!-- openapi-reference -->` becomes every operation of the OpenAPI schema the
  site serves at /api/v1/schema/ (drf-spectacular, the same generator).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MARKERS = {"configuration.md": "<!-- settings-table -->", "api.md": "<!-- openapi-reference -->"}


def on_page_markdown(markdown: str, page, config, files) -> str:
    marker = MARKERS.get(page.file.src_uri)
    if marker is None:
        return markdown
    if marker not in markdown:
        raise PluginError(f"{page.file.src_uri} lost its {marker}")
    table = settings_table() if page.file.src_uri == "configuration.md" else api_reference()
    return markdown.replace(marker, table)


def settings_table() -> str:
    from config.settings_reference import SettingsUndocumented, markdown, reference

    try:
        return markdown(reference())
    except SettingsUndocumented as error:
        raise PluginError(f"configuration.md: {error}") from None


def api_reference() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from config.api_reference import markdown

    return markdown()
