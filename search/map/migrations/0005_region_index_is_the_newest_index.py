import django.db.models.deletion
from django.db import migrations, models

# The region's own index: map_point_region_newest leads with the region and serves every
# read it did. Dropped concurrently, and the foreign key left as it is (Django's
# AlterField would drop and re-add it, checking a million points under a lock).
DROP = "DROP INDEX CONCURRENTLY IF EXISTS search_mappoint_region_id_839d1f1c"


class Migration(migrations.Migration):
    atomic = False  # DROP INDEX CONCURRENTLY

    dependencies = [
        ("map", "0004_stored_payloads"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="mappoint",
                    name="region",
                    field=models.ForeignKey(db_index=False,
                                            on_delete=django.db.models.deletion.CASCADE,
                                            related_name="points", to="map.mapregion"),
                ),
            ],
            database_operations=[migrations.RunSQL(DROP, migrations.RunSQL.noop)],
        ),
    ]
