"""manage.py coverage_grids [--rebuild] — build the sample grids the coverage dashboard measures distances on."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from boundaries.models import Area
from coverage.actions import sample_grid_build, sample_grid_ensure


class Command(BaseCommand):
    help = "Build the sample grids of every area that has none (all of them with --rebuild)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(Area.objects.order_by("id").values_list("id", flat=True))
        written = sample_grid_build(area_ids=ids) if options["rebuild"] else sample_grid_ensure(area_ids=ids)
        self.stdout.write(f"{written} sample points written")
