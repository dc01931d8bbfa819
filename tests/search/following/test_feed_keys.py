"""One secret per private feed: a new URL for one feed leaves the others working, "revoke
all" stops every one, nothing in the database opens a feed, and a URL of before (the one
user-wide secret) keeps working after the migration until its feed is renewed."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from search.following.selectors import saved_search_by_feed_secret, user_by_feed_secret
from search.following.services import feed_renew, feed_secret, saved_search_create


@pytest.fixture
def searches(alice):
    return [saved_search_create(alice, {"name": name, "q": name}) for name in ("robots", "llms")]


def opens(client, user, saved, secret) -> bool:
    """Whether the feed URL of `saved` (None: the user's "For you") answers."""
    url = (reverse("frontend:feed-saved", args=[saved.id, secret]) if saved else
           reverse("frontend:feed-for-you", args=[user.id, secret]))  # fmt: skip
    return client.get(url).status_code == 200


@pytest.mark.django_db
def test_each_feed_has_its_own_secret_and_renewing_one_leaves_the_others(client, alice,
                                                                          searches):  # fmt: skip
    robots, llms = searches
    secrets = {robots.id: feed_secret(alice, robots), llms.id: feed_secret(alice, llms),
               None: feed_secret(alice)}  # fmt: skip
    assert len(set(secrets.values())) == 3
    assert feed_secret(alice, robots) == secrets[robots.id]  # stable until renewed
    assert not opens(client, alice, robots, secrets[llms.id])  # one feed's URL opens no other
    renewed = feed_renew(alice, robots)
    assert not opens(client, alice, robots, secrets[robots.id])
    assert opens(client, alice, robots, renewed)
    assert opens(client, alice, llms, secrets[llms.id])
    assert opens(client, alice, None, secrets[None])


@pytest.mark.django_db
def test_revoking_all_stops_every_feed_and_pages_show_new_urls(alice_client, alice, searches):
    robots, _ = searches
    old = [feed_secret(alice, robots), feed_secret(alice)]
    response = alice_client.post(reverse("frontend:account"), {"action": "revoke-feeds"})
    assert response.status_code == 302
    assert saved_search_by_feed_secret(robots.id, old[0]) is None
    assert user_by_feed_secret(alice.id, old[1]) is None
    page = alice_client.get(reverse("frontend:saved-search", args=[robots.id])).content.decode()
    new = feed_secret(alice, robots)
    assert new != old[0] and f"/feeds/saved/{robots.id}/{new}/" in page


@pytest.mark.django_db
def test_the_new_feed_url_buttons_renew_their_own_feed(alice_client, alice, searches):
    robots, llms = searches
    before = {s.id: feed_secret(alice, s) for s in searches} | {None: feed_secret(alice)}
    alice_client.post(reverse("frontend:saved-search", args=[robots.id]),
                      {"action": "new-feed-url"})  # fmt: skip
    assert feed_secret(alice, robots) != before[robots.id]
    assert feed_secret(alice, llms) == before[llms.id] and feed_secret(alice) == before[None]
    alice_client.post(reverse("frontend:for-you"), {"action": "new-feed-url"})
    assert feed_secret(alice) != before[None]


@pytest.mark.django_db
def test_the_database_holds_nothing_that_opens_a_feed(alice, searches):
    secret = feed_secret(alice, searches[0])
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM search_feedkey")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert secret not in stored and hashlib.sha256(secret.encode()).hexdigest() not in stored


@pytest.mark.django_db(transaction=True)
def test_urls_of_before_keep_working_after_the_migration_until_renewed():
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0004_saved_search_query_vector")])
    old = executor.loader.project_state([("search", "0004_saved_search_query_vector")]).apps
    user = old.get_model("auth", "User").objects.create(username="alice")
    saved = old.get_model("search", "SavedSearch").objects.create(
        user=user, name="robots", q="robot", seen_at="2026-01-01T00:00Z"
    )
    old.get_model("search", "AlertSettings").objects.create(
        user=user, feed_secret="s3cret-of-before"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert saved_search_by_feed_secret(saved.id, "s3cret-of-before").id == saved.id
    assert user_by_feed_secret(user.id, "s3cret-of-before").id == user.id
    from django.contrib.auth.models import User

    alice = User.objects.get(id=user.id)
    feed_renew(alice, saved_search_by_feed_secret(saved.id, "s3cret-of-before"))
    assert saved_search_by_feed_secret(saved.id, "s3cret-of-before") is None
    assert user_by_feed_secret(user.id, "s3cret-of-before") is not None  # until it is renewed
