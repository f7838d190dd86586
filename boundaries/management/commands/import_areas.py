"""manage.py import_areas PATH --level LEVEL --code-field F --name-field F [--dry-run]"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boundaries.actions import area_import
from boundaries.models import AreaLevel


class Command(BaseCommand):
    help = "Import areas from a GeoJSON file or Shapefile (anything GDAL reads); idempotent on the area code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--level", required=True, choices=AreaLevel.values)
        parser.add_argument("--code-field", required=True)
        parser.add_argument("--name-field", required=True, help="Field with the Greek name.")
        parser.add_argument("--name-en-field")
        parser.add_argument("--code-prefix", default="", help="Prepended to every code, e.g. 'thessaloniki-n-'.")
        parser.add_argument("--parent", help="Code of the parent area of every imported area.")
        parser.add_argument("--population-field")
        parser.add_argument("--population-year", type=int)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not opts["path"].exists():
            raise CommandError(f"{opts['path']}: no such file")
        report = area_import(
            path=opts["path"],
            level=opts["level"],
            code_field=opts["code_field"],
            name_el_field=opts["name_field"],
            name_en_field=opts["name_en_field"],
            code_prefix=opts["code_prefix"],
            parent=opts["parent"],
            population_field=opts["population_field"],
            population_year=opts["population_year"],
            dry_run=opts["dry_run"],
        )
        for error in report.errors:
            self.stderr.write(error)
        if report.errors:
            raise CommandError(f"{len(report.errors)} errors; nothing was imported")
        verb = "would import" if opts["dry_run"] else "imported"
        self.stdout.write(f"{verb} {report.total} areas ({len(report.created)} new, {len(report.updated)} updated)")
