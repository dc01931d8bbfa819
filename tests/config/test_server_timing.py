"""Every response says how long the app took to make it (Server-Timing), pages and API
alike, errors too: bench/scale.py reads the server's own time from it."""

import re

import pytest

pytestmark = pytest.mark.django_db

TIMING = re.compile(r"^app;dur=\d+\.\d$")


@pytest.mark.parametrize("path", ["/", "/api/v1/stats/", "/no-such-page/", "/search?k=0"])
def test_each_response_carries_its_server_time(client, path):
    response = client.get(path)
    assert TIMING.match(response["Server-Timing"]), (path, response.status_code)
