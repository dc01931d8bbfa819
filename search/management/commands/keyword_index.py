"""manage.py keyword_index --rebuild | --follow | --status — the keyword index of this
machine (KEYWORD_INDEX_DIR): build it from PostgreSQL, follow PostgreSQL, or report."""

from __future__ import annotations

import signal

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from papers.selectors import paper_count
from search.fulltext.status import keyword_index_status
from search.fulltext.writer import KeywordIndexWriter, WriterBusy, index_dir


class Command(BaseCommand):
    help = "Build the keyword index from PostgreSQL, follow PostgreSQL, or report on it."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--rebuild", action="store_true", help="build a new index now")
        which.add_argument(
            "--follow", action="store_true", help="commit changes every second until stopped"
        )
        which.add_argument("--status", action="store_true", help="documents, lag and size")

    def handle(self, *args, rebuild: bool, follow: bool, status: bool, **options) -> None:
        if status:
            self._status()
            return
        try:
            writer = KeywordIndexWriter()
        except WriterBusy as error:
            raise CommandError(str(error)) from None
        with writer:
            if rebuild:
                with tqdm(total=paper_count(), desc="keyword index", unit=" papers",
                          disable=None) as bar:  # fmt: skip
                    total = writer.rebuild(progress=bar.update)
                self.stdout.write(f"indexed {total} papers in {index_dir()}")
            else:
                self._follow(writer)

    def _follow(self, writer: KeywordIndexWriter) -> None:
        stopping = []
        # Ctrl-C or a supervisor's SIGTERM: finish the step under way, then stop quietly.
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stopping.append(True))
        self.stdout.write(f"following PostgreSQL into {index_dir()}")
        writer.follow(should_stop=lambda: bool(stopping))
        self.stdout.write("keyword index writer stopped")

    def _status(self) -> None:
        report = keyword_index_status()
        for name, value in report.items():
            self.stdout.write(f"{name}: {value}")
