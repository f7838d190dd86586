"""The rows of an HSDS file: a page's `contents`, a list, one object, or a tabular datapackage."""

import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hsds.tabular import TabularError, datapackage_path, tabular_rows

from .report import ImportIssue, ImportReport
from .rules import KNOWN_KEYS


def file_rows(*, path: Path, report: ImportReport) -> list[Any]:
    """The top-level objects of an HSDS JSON file (a page's `contents`, a list, or one object) or datapackage."""
    package = datapackage_path(path)
    if package is not None:
        try:
            return tabular_rows(package, known_keys=KNOWN_KEYS)
        except TabularError as exc:
            report.errors.append(ImportIssue(0, "", "", str(exc)))
            return []
    if path.is_dir():
        report.errors.append(ImportIssue(0, "", "", _("%(path)s has no datapackage.json") % {"path": path}))
        return []
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError) as exc:
        report.errors.append(ImportIssue(0, "", "", _("cannot read the file: %(error)s") % {"error": exc}))
        return []
    except json.JSONDecodeError as exc:
        report.errors.append(ImportIssue(0, "", "", _("not valid JSON: %(error)s") % {"error": exc}))
        return []
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "id" in data:
        return [data]
    report.errors.append(
        ImportIssue(0, "", "", _("expected HSDS JSON: a page with `contents`, a list, or one service or organization"))
    )
    return []
