"""An index added to a big table after the first release is built with
CREATE INDEX CONCURRENTLY: a plain CREATE INDEX locks the table against writes for the
whole build (minutes at a million papers), stopping harvests and bookmarks mid-upgrade."""

import re

from django.apps import apps
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations
from django.db.migrations.loader import MigrationLoader

PLAIN_CREATE_INDEX = re.compile(r"CREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)", re.I)
BIG_TABLES = {"paper", "embedding", "citation", "bookmark", "paperlink"}
# Migrations already applied where Paperscope runs: what they did is history.
RELEASED = {("papers", name) for name in (
    "0003_embedding_halfvec", "0004_newest_index_without_nulls",
    "0005_keyword_index_follows_changes", "0007_harvest_state_and_daily_listing",
    "0008_paper_created_index", "0009_embedding_created_index", "0011_citations",
    "0012_citations_checked_index",
)}  # fmt: skip


def test_new_indexes_on_big_tables_are_built_concurrently():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = {config.label for config in apps.get_app_configs() if "site-packages" not in
            config.path}  # fmt: skip
    offenders = []
    for (app, name), migration in loader.disk_migrations.items():
        if app not in ours or (app, name) in RELEASED:
            continue
        for operation in migration.operations:
            if (isinstance(operation, migrations.AddIndex)
                    and not isinstance(operation, AddIndexConcurrently)
                    and operation.model_name.lower() in BIG_TABLES):  # fmt: skip
                offenders.append(f"{app}.{name}: {operation.describe()}")
            if isinstance(operation, migrations.RunSQL) and PLAIN_CREATE_INDEX.search(
                    str(operation.sql)):  # fmt: skip
                offenders.append(f"{app}.{name}: CREATE INDEX without CONCURRENTLY")
            if isinstance(operation, AddIndexConcurrently):
                assert migration.atomic is False, f"{app}.{name} must set atomic = False"
    assert not offenders, "use AddIndexConcurrently:\n" + "\n".join(offenders)
