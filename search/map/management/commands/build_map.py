"""manage.py build_map — lay out the map of the field now, or place new papers on it."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.map.services import update_map


class Command(BaseCommand):
    help = (
        "Bring the map of the field up to date: the first layout, a full rebuild when due "
        "(MAP_REBUILD_SHARE, MAP_REBUILD_DAYS) or asked for with --rebuild, else place "
        "new papers among their neighbours."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="lay out every paper again")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, rebuild: bool, no_progress: bool, **options) -> None:
        with tqdm(desc="map", unit=" step", disable=no_progress or None) as bar:

            def progress(step: str) -> None:
                bar.set_postfix_str(step)
                bar.update()

            done = update_map(rebuild=rebuild, progress=progress)
        if done.action == "busy":
            self.stdout.write("the map is being built by another process")
        elif done.action == "nothing":
            self.stdout.write("the map is current")
        else:
            self.stdout.write(f"{done.action} {done.papers:,} papers in {done.seconds:.1f}s")
