"""Recommendations follow the vectors: once the embeddings queue has drained, a worker
ranks "For you" afresh for active users, so that their visits read a kept ranking
(papers.signals)."""

from __future__ import annotations

from django.dispatch import receiver

from config.celery import request
from papers.signals import papers_embedded
from search.recommend.tasks import for_you_rank_task


@receiver(papers_embedded, dispatch_uid="recommend.rank-after-embedding")
def rank_after_embedding(sender, paper_ids: list[int], backlog: int, **kwargs) -> None:
    # Not on the sweep's empty ticks (every minute): a visit ranks for itself anyway.
    if backlog == 0 and paper_ids:
        request(for_you_rank_task, "For you rankings")
