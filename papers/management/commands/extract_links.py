"""manage.py extract_links — find every stored paper's code, model, data, demo and project
links again (papers/links.py). Imports and harvests do this as they store papers; run it
once after upgrading, or after changing the extraction rules. Re-running is harmless."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from papers.selectors import link_counts, paper_id_batches
from papers.services import links_refresh


class Command(BaseCommand):
    help = "Extract the links of every paper (a backfill; imports do it as they go)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000, help="papers per transaction")

    def handle(self, *args, batch: int, **options) -> None:
        batches = paper_id_batches(batch)
        with tqdm(total=batches.total, unit="paper", disable=None) as progress:
            for ids in batches:
                links_refresh(ids)
                progress.update(len(ids))
        counts = link_counts()
        self.stdout.write(
            f"{counts['papers']:,} papers: "
            + ", ".join(f"{counts[kind]:,} with {kind}" for kind in counts if kind != "papers")
        )
