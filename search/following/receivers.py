"""Digests follow the corpus: the due ones are sent after each harvest, and after an
import when DIGESTS_AFTER_IMPORT asks (papers.signals)."""

from __future__ import annotations

from django.conf import settings
from django.dispatch import receiver

from config.celery import request
from papers.signals import harvest_finished, papers_imported
from search.following.tasks import send_digests_task


@receiver(harvest_finished, dispatch_uid="following.digests-after-harvest")
def digests_after_harvest(sender, source: str, created: int, **kwargs) -> None:
    if created:
        request(send_digests_task, "digests")


@receiver(papers_imported, dispatch_uid="following.digests-after-import")
def digests_after_import(sender, created: int, **kwargs) -> None:
    if settings.DIGESTS_AFTER_IMPORT and created:
        request(send_digests_task, "digests")
