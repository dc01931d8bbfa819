"""Following, recommendations and the map left the `search` app for apps of their own and
kept their tables: a database holding saved searches, deliveries, digests, feed keys,
feedback and a map under the old schema migrates to the new one, and every row reads back
through the new models."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.following.models import AlertSettings, Delivery, Digest, FeedKey, SavedSearch
from search.map.models import MapLayout, MapPoint, MapRegion
from search.recommend.models import Feedback

BEFORE = [("search", "0005_feed_key_per_feed"), ("following", None), ("recommend", None),
          ("map", None)]  # fmt: skip


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


@pytest.mark.django_db(transaction=True)
def test_rows_written_under_the_old_schema_read_back_through_the_new_models():
    old = migrate(BEFORE).loader.project_state(BEFORE[0]).apps
    users = old.get_model(settings.AUTH_USER_MODEL).objects
    user = users.create(username="alice", email="alice@example.org")
    paper = old.get_model("papers", "Paper").objects.create(
        arxiv_id="2501.00001", title="Graph networks", abstract="Message passing.",
        authors=["Ada Lovelace"], categories=["cs.LG"], published=dt.date(2025, 1, 2),
        abs_url="", pdf_url="", source="arxiv_jsonl",
    )  # fmt: skip
    saved = old.get_model("search", "SavedSearch").objects.create(
        user=user, name="graphs", q="graph networks", mode="keyword", alert="daily",
        seen_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    digest = old.get_model("search", "Digest").objects.create(
        user=user, frequency="daily", period="2025-01-02", status="sent",
        content={"searches": {str(saved.id): [paper.id]}},
    )  # fmt: skip
    old.get_model("search", "Delivery").objects.create(saved_search=saved, paper=paper,
                                                       digest=digest)  # fmt: skip
    old.get_model("search", "FeedKey").objects.create(user=user, saved_search=saved, nonce="n1")
    old.get_model("search", "AlertSettings").objects.create(user=user, for_you_alert="weekly")
    old.get_model("search", "Feedback").objects.create(user=user, paper=paper, kind="more")
    layout = old.get_model("search", "MapLayout").objects.create(
        model_name="m", method="tsne", papers=1, seconds=1.0, bounds=[0, 0, 1, 1]
    )
    region = old.get_model("search", "MapRegion").objects.create(
        layout=layout, level=1, number=0, label="graphs", terms=["graph"], x=0.5, y=0.5,
        papers=1)  # fmt: skip
    old.get_model("search", "MapPoint").objects.create(layout=layout, paper=paper, x=0.5,
                                                       y=0.5, region=region)  # fmt: skip
    ContentType.objects.get_or_create(app_label="search", model="savedsearch")

    now = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert not now.migration_plan(now.loader.graph.leaf_nodes())  # all the way

    found = SavedSearch.objects.get()
    assert (found.user.username, found.name, found.q) == ("alice", "graphs", "graph networks")
    assert found.alert == "daily"
    delivery = Delivery.objects.get()
    assert (delivery.saved_search, delivery.paper.arxiv_id) == (found, "2501.00001")
    assert delivery.digest == Digest.objects.get(period="2025-01-02", status="sent")
    assert FeedKey.objects.get().saved_search == found
    assert AlertSettings.objects.get().for_you_alert == "weekly"
    assert Feedback.objects.get().kind == "more"
    point = MapPoint.objects.get()
    assert (point.layout, point.region) == (MapLayout.objects.get(), MapRegion.objects.get())
    assert point.region.label == "graphs"
    # Permissions and admin history keep their content type, under the new label.
    assert ContentType.objects.filter(app_label="following", model="savedsearch").exists()
    assert not ContentType.objects.filter(app_label="search", model="savedsearch").exists()
