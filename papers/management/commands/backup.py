"""manage.py backup — a pg_dump (custom format) of the whole database into BACKUP_DIR (or
--dir), keeping the --keep newest there; prints where, how large and how long."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from papers import backups


class Command(BaseCommand):
    help = "Dump the database (pg_dump -Fc) into a directory, keeping the newest N dumps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=None,
                            help="where dumps go (default BACKUP_DIR, else var/backups)")
        parser.add_argument("--keep", type=int, default=settings.BACKUP_KEEP,
                            help="dumps kept in the directory (default BACKUP_KEEP)")  # fmt: skip

    def handle(self, *args, dir: Path | None, keep: int, **options) -> None:
        if keep < 1:
            raise CommandError("--keep: at least 1")
        directory = dir or backups.backup_dir() or settings.BASE_DIR / "var" / "backups"
        try:
            report = backups.backup(directory, keep)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"backup {report.path}: {report.size / 1e6:.1f} MB in "
                          f"{report.seconds:.1f} s")  # fmt: skip
        for old in report.removed:
            self.stdout.write(f"removed {old.name} (keeping the {keep} newest)")
