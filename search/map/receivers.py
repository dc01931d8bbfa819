"""The map follows the vectors: once the embeddings queue has drained (the last task of a
batch, or the sweep finding it empty), a worker brings the map up to date (papers.signals)."""

from __future__ import annotations

from django.dispatch import receiver

from config.celery import request
from papers.signals import papers_embedded
from search.map.tasks import update_map_task


@receiver(papers_embedded, dispatch_uid="map.update-after-embedding")
def update_after_embedding(sender, paper_ids: list[int], backlog: int, **kwargs) -> None:
    if backlog == 0:
        request(update_map_task, "map update")
