"""manage.py import_hsds PATH [--dry-run] [--language el|en] [--updated-by LABEL]"""

from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hsds.importer import hsds_import


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counter.items()) if count) or "0"


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 JSON: a page of /services ({'contents': [...]}), a list, or one service or organization "
        "(an organization may carry its `services`), or an HSDS tabular datapackage (CSV files and "
        "datapackage.json, as export_hsds writes them; `<field>_en` columns carry English texts). Every record is "
        "upserted by its HSDS id (a UUID). All or "
        "nothing: on any row error nothing is written, each problem is listed (row, id, field) and the exit code is "
        "1. A list given in the file (phones, schedules, attributes, ...) replaces the stored one; an absent key "
        "leaves the stored value alone. Locations with an address and no coordinates are geocoded; while the "
        "geocoder is unreachable they are saved as pending for `manage.py geocode_pending`. Texts: HSDS has one text "
        "per field; it is stored as the --language version (Greek by default), the other language is left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", type=Path, help="HSDS JSON file, or an HSDS tabular datapackage (its folder or datapackage.json)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report what would change; write nothing.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default="el",
            help="Language of the file's texts: they go to the name_<language>, description_<language>, ... fields "
            "(default: el).",
        )
        parser.add_argument(
            "--updated-by", default="", help="Who to record in the metadata (default: import_hsds <file name>)."
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["path"]
        if not path.exists():
            raise CommandError(_("%(path)s: no such file") % {"path": path})
        report = hsds_import(
            path=path,
            dry_run=opts["dry_run"],
            user_label=opts["updated_by"] or f"import_hsds {path.name}",
            language=opts["language"],
        )
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(_("warning: %(issue)s") % {"issue": warning}))
        if report.errors:
            for error in report.errors:
                self.stderr.write(self.style.ERROR(str(error)))
            raise CommandError(
                _("%(count)s problems in %(path)s; nothing was written") % {"count": len(report.errors), "path": path}
            )
        self.stdout.write(_("%(rows)s rows read from %(path)s") % {"rows": report.rows, "path": path})
        for label, counter in (
            (_("created"), report.created),
            (_("updated"), report.updated),
            (_("unchanged"), report.unchanged),
            (_("removed"), report.removed),
        ):
            if counter:
                self.stdout.write(f"{label}: {_counts(counter)}")
        if opts["dry_run"]:
            if report.geocode_pending:
                self.stdout.write(_("%(count)s addresses would be geocoded") % {"count": len(report.geocode_pending)})
            self.stdout.write(self.style.SUCCESS(_("dry run: nothing was written")))
            return
        if report.geocoded or report.geocode_failed or report.geocode_pending:
            self.stdout.write(
                _("geocoding: %(done)s found, %(failed)s not found, %(pending)s waiting for the geocoder")
                % {
                    "done": len(report.geocoded),
                    "failed": len(report.geocode_failed),
                    "pending": len(report.geocode_pending),
                }
            )
        self.stdout.write(self.style.SUCCESS(_("import finished")))
