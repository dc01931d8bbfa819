"""The models of following, recommendations and the map moved to apps of their own
(search.following, search.recommend, search.map), which took them over with their tables:
here they leave Django's state alone, and their content types go with them."""

from django.db import migrations

MOVED = {"savedsearch": "following", "delivery": "following", "digest": "following",
         "feedkey": "following", "alertsettings": "following", "feedback": "recommend",
         "maplayout": "map", "mapregion": "map", "mappoint": "map"}  # fmt: skip


def content_types_follow(apps, schema_editor):
    """Permissions and admin history point at content types: keep them, relabelled."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, label in MOVED.items():
        if not ContentType.objects.filter(app_label=label, model=model).exists():
            ContentType.objects.filter(app_label="search", model=model).update(app_label=label)


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, label in MOVED.items():
        if not ContentType.objects.filter(app_label="search", model=model).exists():
            ContentType.objects.filter(app_label=label, model=model).update(app_label="search")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_feed_key_per_feed"),
        ("following", "0001_initial"),
        ("map", "0001_initial"),
        ("recommend", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="delivery",
                    name="digest",
                ),
                migrations.RemoveField(
                    model_name="delivery",
                    name="paper",
                ),
                migrations.RemoveField(
                    model_name="delivery",
                    name="saved_search",
                ),
                migrations.RemoveField(
                    model_name="digest",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="feedback",
                    name="paper",
                ),
                migrations.RemoveField(
                    model_name="feedback",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="feedkey",
                    name="saved_search",
                ),
                migrations.RemoveField(
                    model_name="feedkey",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="mappoint",
                    name="layout",
                ),
                migrations.RemoveField(
                    model_name="mapregion",
                    name="layout",
                ),
                migrations.RemoveField(
                    model_name="mappoint",
                    name="paper",
                ),
                migrations.RemoveField(
                    model_name="mappoint",
                    name="region",
                ),
                migrations.RemoveField(
                    model_name="mapregion",
                    name="parent",
                ),
                migrations.RemoveField(
                    model_name="savedsearch",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="AlertSettings",
                ),
                migrations.DeleteModel(
                    name="Delivery",
                ),
                migrations.DeleteModel(
                    name="Digest",
                ),
                migrations.DeleteModel(
                    name="Feedback",
                ),
                migrations.DeleteModel(
                    name="FeedKey",
                ),
                migrations.DeleteModel(
                    name="MapLayout",
                ),
                migrations.DeleteModel(
                    name="MapPoint",
                ),
                migrations.DeleteModel(
                    name="MapRegion",
                ),
                migrations.DeleteModel(
                    name="SavedSearch",
                ),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_back),
    ]
