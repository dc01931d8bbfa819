"""manage.py github_stars — ask GitHub for the stars and last push of the repositories
papers link (needs GITHUB_TOKEN; the worker does it daily when one is set)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from papers.github import refresh_repositories


class Command(BaseCommand):
    help = "Refresh linked GitHub repositories' stars and last push (needs GITHUB_TOKEN)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=settings.GITHUB_REFRESH_LIMIT,
                            help="repositories to ask about at most")  # fmt: skip

    def handle(self, *args, limit: int, **options) -> None:
        if not settings.GITHUB_TOKEN:
            raise CommandError("GITHUB_TOKEN is not set: GitHub is not asked without one")
        report = refresh_repositories(limit)
        self.stdout.write(report.summary())
