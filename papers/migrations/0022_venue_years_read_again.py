import json

from django.db import migrations

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
            found = []
            for pid, journal_ref, comments, s2_venue, *stored in rows:
                s2_venue = json.loads(s2_venue) if s2_venue else None  # jsonb comes as text
                columns = venue_columns(paper_venue(journal_ref, comments, s2_venue))
                if columns != tuple(stored):
                    found.append((pid, columns))
            if found:
                cursor.execute(
                    "UPDATE papers_paper p SET venue = v.venue, venue_year = v.venue_year, "
                    "venue_status = v.venue_status, venue_source = v.venue_source, "
                    "venue_track = v.venue_track, modified = now() FROM unnest(%s::int8[], "
                    "%s::text[], %s::int2[], %s::text[], %s::text[], %s::text[]) AS v(id, "
                    "venue, venue_year, venue_status, venue_source, venue_track) "
                    "WHERE p.id = v.id",
                    [[pid for pid, _ in found], *([c[i] for _, c in found] for i in range(5))],
                )
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0021_paper_record_digest"),
    ]

    operations = [
        migrations.RunPython(read_venue_years_again, migrations.RunPython.noop, elidable=True),
    ]
