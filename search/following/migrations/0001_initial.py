"""The following models, moved from the `search` app with their tables."""

import django.contrib.postgres.fields
import django.db.models.deletion
import pgvector.django.halfvec
from django.conf import settings
from django.db import migrations, models

import search.following.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("search", "0005_feed_key_per_feed"),
        ("papers", "0009_embedding_created_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables are those the `search` app made (its migrations 0001-0005): this app
    # takes the models over in Django's state alone, and the database is left as it is.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AlertSettings",
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
                        (
                            "for_you_alert",
                            models.CharField(
                                choices=[
                                    ("none", "None"),
                                    ("daily", "Daily"),
                                    ("weekly", "Weekly"),
                                ],
                                default="none",
                                max_length=10,
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alert_settings",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "search_alertsettings",
                    },
                ),
                migrations.CreateModel(
                    name="Digest",
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
                        (
                            "frequency",
                            models.CharField(
                                choices=[
                                    ("none", "None"),
                                    ("daily", "Daily"),
                                    ("weekly", "Weekly"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("period", models.CharField(max_length=40)),
                        ("content", models.JSONField(default=dict)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("attempts", models.IntegerField(default=0)),
                        ("error", models.TextField(blank=True)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("sent", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="digests",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "search_digest",
                        "ordering": ["-created"],
                    },
                ),
                migrations.CreateModel(
                    name="SavedSearch",
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
                        ("name", models.CharField(max_length=200)),
                        ("q", models.TextField(blank=True)),
                        ("mode", models.CharField(default="hybrid", max_length=10)),
                        (
                            "categories",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(max_length=32),
                                blank=True,
                                default=list,
                                size=None,
                            ),
                        ),
                        (
                            "authors",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.TextField(), blank=True, default=list, size=None
                            ),
                        ),
                        ("after", models.DateField(blank=True, null=True)),
                        ("before", models.DateField(blank=True, null=True)),
                        (
                            "alert",
                            models.CharField(
                                choices=[
                                    ("none", "None"),
                                    ("daily", "Daily"),
                                    ("weekly", "Weekly"),
                                ],
                                default="none",
                                max_length=10,
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("updated", models.DateTimeField(auto_now=True)),
                        ("seen_at", models.DateTimeField()),
                        (
                            "query_vector",
                            pgvector.django.halfvec.HalfVectorField(
                                blank=True, dimensions=384, null=True
                            ),
                        ),
                        ("query_model", models.CharField(blank=True, max_length=200)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="saved_searches",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "search_savedsearch",
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="FeedKey",
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
                        (
                            "nonce",
                            models.CharField(
                                default=search.following.models.new_feed_nonce, max_length=32
                            ),
                        ),
                        ("legacy_hash", models.CharField(blank=True, max_length=64)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="feed_keys",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "saved_search",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="feed_key",
                                to="following.savedsearch",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "search_feedkey",
                    },
                ),
                migrations.CreateModel(
                    name="Delivery",
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
                        ("delivered", models.DateTimeField(auto_now_add=True)),
                        (
                            "paper",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="papers.paper",
                            ),
                        ),
                        (
                            "digest",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="following.digest",
                            ),
                        ),
                        (
                            "saved_search",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deliveries",
                                to="following.savedsearch",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "search_delivery",
                    },
                ),
                migrations.AddConstraint(
                    model_name="digest",
                    constraint=models.UniqueConstraint(
                        fields=("user", "frequency", "period"), name="digest_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="savedsearch",
                    constraint=models.UniqueConstraint(
                        fields=("user", "name"), name="saved_search_name_per_user"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="feedkey",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("saved_search", None)),
                        fields=("user",),
                        name="one_for_you_feed_key_per_user",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="delivery",
                    constraint=models.UniqueConstraint(
                        fields=("saved_search", "paper"), name="delivery_once"
                    ),
                ),
            ],
        ),
    ]
