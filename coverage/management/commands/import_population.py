"""manage.py import_population PATH [--dry-run] [--source TEXT] — area populations from a CSV."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coverage.actions import population_import


class Command(BaseCommand):
    help = (
        "Set area populations from a CSV with columns code,population[,year][,source] (area codes as in /api/areas/,"
        " e.g. athens-n-12). All or nothing; cached coverage figures are recomputed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file without changing anything.")
        parser.add_argument("--source", default="", help="Source credited where a row has no source column.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        report = population_import(path=path, dry_run=options["dry_run"], source=options["source"])
        for error in report.errors[:50]:
            self.stderr.write(error)
        if report.errors:
            raise CommandError(f"{len(report.errors)} errors; nothing was changed")
        verb = "would update" if options["dry_run"] else "updated"
        self.stdout.write(f"{verb} the population of {len(report.updated)} areas")
