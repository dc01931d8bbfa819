"""Migration 0022: papers whose journal's volume was read as a two-digit year ("JMLR 25
(2024)" as 2025) get their venue read again; the rest are left as they are."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from papers.models import Paper
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("papers.migrations.0022_venue_years_read_again")
LONG_AGO = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def test_a_volume_read_as_a_year_is_read_again_and_the_rest_are_left_alone():
    jmlr = PaperFactory(journal_ref="JMLR 25 (2024)",
                        s2_venue={"venue": "Journal of Machine Learning Research"})
    icml = PaperFactory(comments="Accepted at ICML-24")
    Paper.objects.filter(id=jmlr.id).update(venue_year=2025, modified=LONG_AGO)  # as read before
    Paper.objects.filter(id=icml.id).update(modified=LONG_AGO)

    migration.read_venue_years_again(None, SimpleNamespace(connection=connection))

    jmlr.refresh_from_db()
    icml.refresh_from_db()
    assert (jmlr.venue, jmlr.venue_year, jmlr.venue_source) == ("JMLR", 2024, "journal-ref")
    assert jmlr.modified > LONG_AGO  # the keyword index picks the change up
    assert (icml.venue, icml.venue_year, icml.modified) == ("ICML", 2024, LONG_AGO)
