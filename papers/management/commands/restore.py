"""manage.py restore FILE — restore a dump made by `manage.py backup` into an empty
database (--replace: into one that holds data, which it replaces). The keyword index
rebuilds by itself afterwards; vectors and the map come back with the dump."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from papers import backups


class Command(BaseCommand):
    help = "Restore a backup (pg_dump -Fc) into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a dump made by manage.py backup")
        parser.add_argument("--replace", action="store_true",
                            help="replace a database that holds papers or accounts")  # fmt: skip

    def handle(self, *args, file: Path, replace: bool, **options) -> None:
        try:
            report = backups.restore(file, replace=replace)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {report.path} ({report.size / 1e6:.1f} MB) in "
                          f"{report.seconds:.1f} s: {report.papers} papers. The keyword "
                          f"index rebuilds at its writer's next step.")  # fmt: skip
