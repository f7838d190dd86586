"""Import of HSDS 3.0 JSON (services, or organisations with their services): check every row, then upsert by id.

Rules, also in `manage.py import_hsds --help` and the README:
- Input: a page of `/services` (`{"contents": [...]}`), a list, or one object; an object with `services` and no
  `status` is an organisation whose services follow it.
- All or nothing per file: any row error and nothing is written; the report names row, HSDS id, field and problem.
- Every object is upserted by its HSDS `id` (a UUID, kept as our id). The same id may appear several times in a
  file (HSDS repeats a phone under the service, its location and its contact): it is one record with each owner.
- A key absent from an object leaves the stored value alone; a key present (even null) sets it. A list present
  (`phones`, `schedules`, ...) replaces that owner's stored list; the taxonomy `attributes` replace the service's
  categories, audiences and eligibility. An organisation's `locations` list only adds (locations are shared).
- HSDS has one text per field: texts go to the `language` columns (`name_el` by default, `name_en` with `en`).
- Locations with an address and no coordinates are geocoded; when the geocoder is down they are saved as
  `pending` (the `geocode_pending` command retries), when the address is not found as `failed`, with a warning.
- A tabular datapackage (a folder with datapackage.json and one CSV per HSDS table, as `export_hsds` writes) is
  read as the same nested rows (`hsds.tabular`). Columns `<field>_<language>` (e.g. `name_en`, our profile)
  carry a translated field's text in another language than --language.
- Structural validation is our own (`reader`, `mappers`); when `settings.HSDS_SCHEMA_DIR` names the compiled HSDS
  schemas (`schema/compiled`), each row is also validated against them with jsonschema (Draft 2020-12).

Modules: `source` reads the file, `reader` and `mappers` check each object and map it to model records, `plan` holds
what would be written, `checks` runs the cross-row checks, `geocode` and `write` apply it (`write` records history
versions and metadata through editing.writer), `report` tells it.
"""

from pathlib import Path
from typing import Any

from django.conf import settings

from .checks import plan_finish
from .geocode import plan_geocode
from .plan import Plan
from .report import ImportIssue, ImportReport
from .source import file_rows
from .write import plan_write

__all__ = ["ImportIssue", "ImportReport", "hsds_import", "hsds_import_rows"]


def hsds_import(*, path: Path, dry_run: bool = False, user_label: str = "import", language: str = "el") -> ImportReport:
    """Check an HSDS 3.0 JSON file and upsert its records by HSDS id, all or nothing; a dry run writes nothing."""
    languages = [code for code, _name in settings.LANGUAGES]
    if language not in languages:
        raise ValueError(f"language must be one of {languages}, not {language!r}")
    report = ImportReport(path=path, dry_run=dry_run, language=language)
    rows = file_rows(path=path, report=report)
    if report.errors:
        report.rows = len(rows)
        return report
    return hsds_import_rows(rows=rows, report=report, user_label=user_label)


def hsds_import_rows(
    *,
    rows: list[Any],
    report: ImportReport,
    user_label: str = "import",
    user: Any = None,
    geocode_limit: int | None = None,
    source: str = "import",
    comment: str = "",
) -> ImportReport:
    """Check HSDS JSON rows already read (services or organisations) and upsert them as `hsds_import` does.

    `source` and `comment` go to the history versions of what it changes (editing.models.VersionSource; bulk
    uploads say "bulk_upload").
    """
    report.rows = len(rows)
    plan = Plan(report=report, language=report.language)
    plan.load_stored(rows)
    for number, row in enumerate(rows, start=1):
        plan.add_row(number=number, data=row)
    if not report.errors:
        plan_finish(plan)
    if report.errors:
        return report
    if report.dry_run:
        report.geocode_pending = [str(item.obj.pk) for item, _address in plan.geocode_queue]
    else:
        plan_geocode(plan, limit=geocode_limit)
    plan_write(plan, dry_run=report.dry_run, user_label=user_label, user=user, source=source, comment=comment)
    return report
