"""The map models, moved from the `search` app with their tables."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("search", "0005_feed_key_per_feed"),
        ("papers", "0009_embedding_created_index"),
    ]

    # The tables are those the `search` app made (its migrations 0001-0005): this app
    # takes the models over in Django's state alone, and the database is left as it is.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MapLayout",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("model_name", models.CharField(db_index=True, max_length=200)),
                        ("method", models.CharField(max_length=40)),
                        ("built_at", models.DateTimeField(auto_now_add=True)),
                        ("papers", models.PositiveIntegerField()),
                        ("seconds", models.FloatField()),
                        ("trustworthiness", models.FloatField(null=True)),
                        (
                            "bounds",
                            models.JSONField(
                                help_text="[min x, min y, max x, max y] of the full layout"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "search_maplayout",
                    },
                ),
                migrations.CreateModel(
                    name="MapRegion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("level", models.PositiveSmallIntegerField()),
                        (
                            "number",
                            models.PositiveIntegerField(
                                help_text="the region's number within its level"
                            ),
                        ),
                        ("label", models.CharField(max_length=300)),
                        (
                            "terms",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(max_length=100), default=list, size=None
                            ),
                        ),
                        ("x", models.FloatField()),
                        ("y", models.FloatField()),
                        ("papers", models.PositiveIntegerField()),
                        (
                            "layout",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="regions",
                                to="map.maplayout",
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="children",
                                to="map.mapregion",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "search_mapregion",
                    },
                ),
                migrations.CreateModel(
                    name="MapPoint",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("x", models.FloatField()),
                        ("y", models.FloatField()),
                        ("placed", models.BooleanField(default=False)),
                        (
                            "layout",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="points",
                                to="map.maplayout",
                            ),
                        ),
                        (
                            "paper",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="map_points",
                                to="papers.paper",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="points",
                                to="map.mapregion",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "search_mappoint",
                    },
                ),
                migrations.AddConstraint(
                    model_name="mapregion",
                    constraint=models.UniqueConstraint(
                        fields=("layout", "level", "number"), name="region_number"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="mappoint",
                    constraint=models.UniqueConstraint(
                        fields=("layout", "paper"), name="map_point_per_layout"
                    ),
                ),
            ],
        ),
    ]
