"""One key per private feed instead of one secret per user. Every feed a user had (each
saved search, and "For you") gets its own key, and keeps accepting the old user-wide
secret (stored as its SHA-256) until that feed gets a new URL or all are revoked."""

import hashlib
import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import search.following.models


def keys_for_existing_feeds(apps, schema_editor):
    AlertSettings = apps.get_model("search", "AlertSettings")
    SavedSearch = apps.get_model("search", "SavedSearch")
    FeedKey = apps.get_model("search", "FeedKey")
    for alert_settings in AlertSettings.objects.exclude(feed_secret="").iterator():
        legacy = hashlib.sha256(alert_settings.feed_secret.encode()).hexdigest()
        user_id = alert_settings.user_id
        saved_ids = SavedSearch.objects.filter(user_id=user_id).values_list("id", flat=True)
        FeedKey.objects.bulk_create(
            [FeedKey(user_id=user_id, saved_search_id=saved_id, legacy_hash=legacy,
                     nonce=secrets.token_hex(16)) for saved_id in [*saved_ids, None]]
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_saved_search_query_vector"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FeedKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("nonce", models.CharField(default=search.following.models.new_feed_nonce, max_length=32)),
                ("legacy_hash", models.CharField(blank=True, max_length=64)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("saved_search", models.OneToOneField(
                    blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                    related_name="feed_key", to="search.savedsearch")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="feed_keys",
                                           to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "constraints": [models.UniqueConstraint(
                    condition=models.Q(("saved_search", None)), fields=("user",),
                    name="one_for_you_feed_key_per_user")],
            },
        ),
        migrations.RunPython(keys_for_existing_feeds, migrations.RunPython.noop),
        migrations.RemoveField(model_name="alertsettings", name="feed_secret"),
    ]  # fmt: skip
