"""manage.py export_hsds DIR [--include-redacted]"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hsds.export import Export


class Command(BaseCommand):
    help = (
        "Write the whole directory into DIR as an HSDS 3.0 datapackage: one CSV per HSDS table (Greek texts in the "
        "HSDS columns, English in <field>_en columns, our profile's extra columns last), datapackage.json, and "
        "services.json / organizations.json (HSDS JSON, fully nested). `manage.py import_hsds DIR` reads it back. "
        "Redacted locations (shelters) are published without point, addresses, phones or contacts unless "
        "--include-redacted is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Folder to write (created if missing; files are replaced).")
        parser.add_argument(
            "--include-redacted",
            action="store_true",
            help="Also write redacted locations' points, addresses, phones and contacts (a complete, private copy).",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        directory: Path = opts["directory"]
        if directory.exists() and not directory.is_dir():
            raise CommandError(_("%(path)s is not a folder") % {"path": directory})
        export = Export(include_redacted=opts["include_redacted"])
        counts = export.write(directory)
        for table, count in counts.items():
            if count:
                self.stdout.write(f"{table}: {count}")
        if opts["verbosity"] >= 2:
            for part, seconds in export.seconds.items():
                self.stdout.write(f"{part} seconds: {seconds:.1f}")
        self.stdout.write(self.style.SUCCESS(_("HSDS datapackage written to %(path)s") % {"path": directory}))
