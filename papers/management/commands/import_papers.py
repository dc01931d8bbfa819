"""manage.py import_papers PATH... — upsert papers from files of any supported format."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from papers.importer import DEFAULT_BATCH_SIZE, import_files
from papers.signals import papers_imported
from papers.sources import FORMATS


class Command(BaseCommand):
    help = (
        "Import papers from files (arXiv JSON lines or .gz, arXiv Atom, OAI-PMH arXivRaw, "
        "Hugging Face daily papers, a listing page). Re-importing updates changed papers "
        "and never duplicates; bad records are skipped and reported with their position."
    )
    # Django's system checks import every URL, view and the MCP server (1.4 s, a tenth of
    # importing 106k papers), and nothing they check matters to an import.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--format", choices=FORMATS, help="skip detection and read every file as this format"
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar even on a terminal"
        )

    def handle(
        self,
        *args,
        paths: list[Path],
        format: str | None,
        batch_size: int,
        no_progress: bool,
        **options,
    ) -> None:
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")

        # tqdm's disable=None turns the bar off when stderr is not a terminal (CI, pipes).
        with tqdm(
            unit=" papers",
            desc="importing",
            disable=True if no_progress else None,
            dynamic_ncols=True,
        ) as bar:

            def write(message: str, style=None) -> None:
                text = style(message) if style else message
                if bar.disable:
                    self.stderr.write(text)
                else:
                    bar.write(text, file=sys.stderr)  # above the bar, which stays put

            report = import_files(
                paths,
                format,
                batch_size=batch_size,
                on_rejected=lambda m: write(f"skipped {m}", self.style.WARNING),
                on_notice=lambda m: write(m, self.style.NOTICE),
                on_progress=bar.update,
            )

        stored = report.records / report.seconds_storing if report.seconds_storing else 0
        self.stdout.write(
            f"{report.summary()}\n"
            f"stored {report.records} records in {report.seconds_storing:.2f}s ({stored:,.0f}/s)"
        )
        papers_imported.send(Command, created=report.upserts.created)
        if report.embedding_deferred:
            self.stdout.write(
                self.style.WARNING(
                    "embedding deferred: the broker is unreachable. Papers are stored; once "
                    "a worker runs (make worker), its sweeper embeds them."
                )
            )
        elif report.queued_for_embedding:
            self.stdout.write(f"queued {report.queued_for_embedding} papers for embedding")
        if report.records == 0 and report.skipped:
            raise CommandError("nothing imported: every record was skipped")
