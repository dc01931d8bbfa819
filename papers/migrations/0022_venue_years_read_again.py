from django.db import migrations

from papers.services import _stored_json, _venues_store
from papers.venues import paper_venue, venue_columns

BATCH = 20_000


def read_venue_years_again(apps, schema_editor) -> None:
    """A journal's volume was read as a two-digit year ("JMLR 25 (2024)" as 2025, "TPAMI
    45(3)" as 2045): read the venue of every paper that has one from its own fields again,
    and write those that change (`modified` moves: the keyword index filters by venue)."""
    with schema_editor.connection.cursor() as cursor:
        last = 0
        while True:
            cursor.execute(
                "SELECT id, journal_ref, comments, s2_venue, venue, venue_year, venue_status, "
                "venue_source, venue_track FROM papers_paper WHERE id > %s AND venue <> '' "
                "AND venue_source IN ('journal-ref', 'comments') ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            changed = {}
            for pid, journal_ref, comments, s2_venue, *stored in rows:
                found = paper_venue(journal_ref, comments, _stored_json(s2_venue))
                if venue_columns(found) != tuple(stored):
                    changed[pid] = found
            _venues_store(cursor, changed)
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0021_paper_record_digest"),
    ]

    operations = [
        migrations.RunPython(read_venue_years_again, migrations.RunPython.noop, elidable=True),
    ]
