"""The recommend models, moved from the `search` app with their tables."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


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
                    name="Feedback",
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
                            "kind",
                            models.CharField(
                                choices=[("dismissed", "Dismissed"), ("more", "More")],
                                max_length=10,
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now=True)),
                        (
                            "paper",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="papers.paper",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="recommendation_feedback",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "search_feedback",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "paper"), name="feedback_per_user_paper"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
