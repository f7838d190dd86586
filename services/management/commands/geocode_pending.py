"""manage.py geocode_pending [--limit N]"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from services.actions.geocoding import location_geocode_pending


class Command(BaseCommand):
    help = "Geocode the locations whose address waits for the geocoder (queued while it was unreachable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="At most this many locations in this run.")

    def handle(self, *args: Any, limit: int | None, **options: Any) -> None:
        report = location_geocode_pending(limit=limit)
        self.stdout.write(
            f"geocoded {len(report.geocoded)}, address not found {len(report.failed)}, still waiting {report.pending}"
        )
        if report.unavailable:
            self.stderr.write(
                f"the geocoder is unreachable ({report.error}); {report.pending} locations stay queued, run again later"
            )
