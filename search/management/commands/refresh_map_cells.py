"""manage.py refresh_map_cells — recount the map's pre-counted cells (run after bulk changes, and nightly)."""

from typing import Any

from django.core.management.base import BaseCommand

from search.actions.map_cells import map_cells_refresh


class Command(BaseCommand):
    help = "Recount the pre-counted map cells that answer country-wide map views (cron: nightly and after imports)."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = map_cells_refresh()
        self.stdout.write(f"map cells refreshed: {rows} cell rows")
