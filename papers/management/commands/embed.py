"""manage.py embed — queue (or, with --sync, compute) embeddings; --status reports progress."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from papers.embeddings import (
    chunks,
    embed_papers_now,
    embedding_status,
    paper_ids_needing_embedding,
)
from papers.selectors import paper_ids_by_arxiv_id
from papers.tasks import enqueue_embedding


class Command(BaseCommand):
    help = "Embed papers with the active model: queue work for the workers, or do it here."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--missing", action="store_true", help="papers without a current vector (default)"
        )
        which.add_argument("--all", action="store_true", help="every paper, recomputed")
        which.add_argument("--ids", nargs="+", metavar="ARXIV_ID", help="these papers")
        which.add_argument("--status", action="store_true", help="report progress and exit")
        parser.add_argument(
            "--sync", action="store_true", help="embed in this process, no worker needed"
        )

    def handle(self, *args, missing, all, ids, status, sync, **options) -> None:
        if status:
            self._status()
            return
        force = bool(all or ids)
        if all:
            paper_ids = list(paper_ids_by_arxiv_id().values())
        elif ids:
            found = paper_ids_by_arxiv_id(ids)
            unknown = sorted(set(ids) - set(found))
            if unknown:
                raise CommandError(f"unknown arXiv ids: {', '.join(unknown)}")
            paper_ids = list(found.values())
        else:
            paper_ids = paper_ids_needing_embedding()
        if not paper_ids:
            self.stdout.write("nothing to embed: every paper has a current vector")
            return
        if sync:
            self._embed_here(paper_ids, force)
        elif enqueue_embedding(paper_ids, force=force):
            self.stdout.write(f"queued {len(paper_ids)} papers for the workers")
        else:
            raise CommandError("the broker is unreachable; start it (make worker) or use --sync")

    def _embed_here(self, paper_ids: list[int], force: bool) -> None:
        started = time.perf_counter()
        written = 0
        with tqdm(total=len(paper_ids), unit=" papers", desc="embedding", disable=None) as bar:
            for chunk in chunks(paper_ids):
                written += embed_papers_now(chunk, force=force)
                bar.update(len(chunk))
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"embedded {written} of {len(paper_ids)} papers in {seconds:.1f}s "
            f"({len(paper_ids) / seconds:.1f}/s)"
        )

    def _status(self) -> None:
        from papers.workers import workers_seen

        s = embedding_status()
        self.stdout.write(
            f"papers:   {s.papers}\nembedded: {s.embedded}\npending:  {s.pending}\n"
            f"model:    {s.model}\ndevice:   {s.device} ({s.dtype})\n"
            f"workers:  {', '.join(workers_seen()) or 'none seen'}"
        )
