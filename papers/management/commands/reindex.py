"""manage.py reindex — rebuild the HNSW index (after bulk loads) with enough memory."""

from django.core.management.base import BaseCommand

from papers import vector_index


class Command(BaseCommand):
    help = "Rebuild (or build) the HNSW vector index; it never blocks reads or writes."

    def add_arguments(self, parser):
        parser.add_argument("--memory", default="2GB", help="maintenance_work_mem for the build")

    def handle(self, *args, memory: str, **options) -> None:
        seconds = vector_index.build(memory)
        if seconds is None:
            self.stdout.write(f"{vector_index.INDEX} is being built by another process")
        else:
            self.stdout.write(
                f"built {vector_index.INDEX} in {seconds:.1f}s ({vector_index.size()})"
            )
