"""Deleting papers leaves a record for the keyword index writers (a trigger, one row per
paper, bulk deletes included); the sweeper forgets records older than they may need."""

import datetime as dt

import pytest
from django.utils import timezone

from papers.models import Paper, PaperDeletion
from papers.services import prune_deletions
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def test_every_deleted_paper_is_recorded():
    ids = [p.id for p in PaperFactory.create_batch(3)]
    Paper.objects.get(id=ids[0]).delete()
    Paper.objects.filter(id__in=ids[1:]).delete()
    assert sorted(PaperDeletion.objects.values_list("paper_id", flat=True)) == sorted(ids)


def test_old_records_are_pruned(settings):
    settings.KEYWORD_DELETIONS_KEEP_DAYS = 7
    PaperDeletion.objects.create(paper_id=1, deleted_at=timezone.now() - dt.timedelta(days=8))
    recent = PaperDeletion.objects.create(paper_id=2, deleted_at=timezone.now())
    assert prune_deletions() == 1
    assert list(PaperDeletion.objects.all()) == [recent]
