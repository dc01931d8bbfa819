"""manage.py load_demo — import the bundled demo corpus, but only into an empty database."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from papers.demo import DEMO_FILES
from papers.selectors import paper_count


class Command(BaseCommand):
    help = "Import the bundled demo corpus (papers/demo/) when the database has no papers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="import even if not empty")

    def handle(self, *args, force: bool, **options) -> None:
        count = paper_count()
        if count and not force:
            self.stdout.write(f"{count} papers already here; demo not loaded")
            return
        call_command("import_papers", *map(str, DEMO_FILES), stdout=self.stdout, stderr=self.stderr)
