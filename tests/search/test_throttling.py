"""Anonymous and authenticated clients are throttled: 429 with Retry-After."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": None})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"anon": None, "user": "3/minute"})
    cache.clear()
    yield
    cache.clear()


def test_anonymous_clients_get_429_with_retry_after(client, tight_limits):
    PaperFactory()
    url = reverse("api:papers")
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    throttled = client.get(url)
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0


def test_signed_in_clients_have_their_own_allowance(client, tight_limits):
    client.force_login(UserFactory(username="alice"))
    url = reverse("api:papers")
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
