"""Papers' author keys (papers/names.py): the column, filled for the papers already held,
then its GIN index, built concurrently."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.expressions
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

from papers.names import author_keys

BATCH = 20_000


def fill_author_keys(apps, schema_editor) -> None:
    # In batches through a staging table, each its own statement: rows are locked a batch
    # at a time, and `modified` stays (the keyword index need not read them again).
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE author_keys_fill (id bigint, keys text[])")
        last = 0
        while True:
            cursor.execute("SELECT id, authors FROM papers_paper WHERE id > %s "
                           "AND cardinality(authors) > 0 ORDER BY id LIMIT %s", [last, BATCH])  # fmt: skip
            rows = cursor.fetchall()
            if not rows:
                break
            with cursor.copy("COPY author_keys_fill (id, keys) FROM STDIN") as copy:
                for paper_id, authors in rows:
                    copy.write_row((paper_id, author_keys(authors)))
            cursor.execute("UPDATE papers_paper p SET author_keys = f.keys "
                           "FROM author_keys_fill f WHERE p.id = f.id")  # fmt: skip
            cursor.execute("TRUNCATE author_keys_fill")
            last = rows[-1][0]
        cursor.execute("DROP TABLE author_keys_fill")


class Migration(migrations.Migration):
    atomic = False  # the index is built concurrently

    dependencies = [
        ("papers", "0014_corpus_epoch"),
    ]

    operations = [
        migrations.AddField(
            model_name="paper",
            name="author_keys",
            field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, db_default=django.db.models.expressions.RawSQL("'{}'", ()), default=list, size=None),  # noqa: E501
        ),
        migrations.RunPython(fill_author_keys, migrations.RunPython.noop, elidable=True),
        AddIndexConcurrently(
            model_name="paper",
            index=django.contrib.postgres.indexes.GinIndex(fields=["author_keys"], name="paper_author_keys_gin"),  # noqa: E501
        ),
    ]
