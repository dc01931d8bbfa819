"""Schemathesis against /api/v1/schema/: every operation, anonymous and with a token, a
fixed seed and a bounded number of examples. No 5xx, every response as the schema says.
The run's figures (operations, examples, requests, failures) print at the end."""

from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from papers.embeddings import embed_papers_now
from papers.services import bookmark_save
from tests.conftest import RUN_FIGURES
from tests.factories import PaperFactory
from tests.helpers import index_keywords

# "A schema-valid request is accepted" cannot hold for opaque cursors: any string is a
# valid `cursor` by the schema, and a made-up one is a 400 naming the field.
ACCEPTS_VALID = positive_data_acceptance
EXAMPLES = 25  # per operation: about a minute in all on the 2-core machine
FIGURES = Counter(failures=0)
OPERATIONS: set[str] = set()
RUN_FIGURES["API fuzz (schemathesis)"] = FIGURES


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    # As Django's test client does: a request must not close the test's connection (it
    # holds the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(alice):
    """A small corpus, one of alice's bookmarks, and her API token."""
    papers = [PaperFactory(arxiv_id=f"2504.0000{n}") for n in range(3)]
    embed_papers_now([p.id for p in papers])
    bookmark_save(alice, papers[0], note="fuzz", tags=["a"])
    index_keywords()
    yield Token.objects.create(user=alice).key


# The schema view needs no database, so the schema loads at collection.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))  # fmt: skip
def test_api_answers_every_request_as_documented(case, token, db):
    operation = case.operation.label
    OPERATIONS.add(operation)
    FIGURES["operations"] = len(OPERATIONS)
    FIGURES["examples"] += 1
    for headers in ({}, {"Authorization": f"Token {token}"}):
        cache.clear()  # throttling counts requests in the cache; fuzzing is not abuse
        response = case.call(headers=headers)
        FIGURES["requests"] += 1
        FIGURES[f"status {response.status_code}"] += 1
        try:
            assert response.status_code < 500, f"{operation}: {response.status_code}"
            case.validate_response(response, headers=headers, excluded_checks=[ACCEPTS_VALID])
        except Exception:
            FIGURES["failures"] += 1
            raise
