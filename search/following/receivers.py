"""Digests follow the corpus: the due ones are sent after each harvest, and after an
import when DIGESTS_AFTER_IMPORT asks (papers.signals). Saved searches' "N new" follows it
too: counted after each import and once the embeddings queue drains, so that pages find
it current and judge only what arrived since."""

from __future__ import annotations

from django.conf import settings
from django.dispatch import receiver

from config.celery import request
from papers.signals import harvest_finished, papers_embedded, papers_imported
from search.following.tasks import send_digests_task, update_new_papers_task


@receiver(harvest_finished, dispatch_uid="following.digests-after-harvest")
def digests_after_harvest(sender, source: str, created: int, **kwargs) -> None:
    if created:
        request(update_new_papers_task, "new papers of saved searches")
        request(send_digests_task, "digests")


@receiver(papers_imported, dispatch_uid="following.digests-after-import")
def digests_after_import(sender, created: int, **kwargs) -> None:
    if settings.DIGESTS_AFTER_IMPORT and created:
        request(send_digests_task, "digests")
    if created:
        request(update_new_papers_task, "new papers of saved searches")


@receiver(papers_embedded, dispatch_uid="following.new-papers-after-embedding")
def new_papers_after_embedding(sender, paper_ids: list[int], backlog: int, **kwargs) -> None:
    # Not on the sweep's empty ticks (every minute): pages count for themselves anyway.
    if backlog == 0 and paper_ids:
        request(update_new_papers_task, "new papers of saved searches")
