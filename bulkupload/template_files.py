"""The downloadable spreadsheet template (CSV and XLSX) and the error report CSV, safe to open in a spreadsheet."""

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from services.models import Organization, TaxonomyTerm

from .sheet import COLUMNS, TAXONOMY_COLUMNS

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> str:
    """A cell that no spreadsheet will run as a formula (OWASP CSV injection: a leading apostrophe)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_CHARACTERS) else text


def _example() -> list[str]:
    organization = Organization.objects.order_by("name_el").values_list("name_el", flat=True).first()
    return [(organization or column.example) if column.name == "organization" else column.example for column in COLUMNS]


def _code_lists() -> list[tuple[str, str]]:
    """(column, "code — name, ...") for the taxonomy columns, from the directory's own terms."""
    result = []
    for column, taxonomy in TAXONOMY_COLUMNS.items():
        terms = TaxonomyTerm.objects.filter(taxonomy__code=taxonomy).select_related("parent").order_by("code")
        codes = [f"{term.parent.code}/{term.code}" if term.parent else term.code for term in terms]
        result.append((column, ", ".join(sorted(codes))))
    return result


def _notes() -> list[list[str]]:
    rows = [[_("column"), _("required"), _("what it holds"), _("example")]]
    rows += [[column.name, _("yes") if column.required else "", str(column.help), column.example] for column in COLUMNS]
    rows.append([])
    rows.append(
        [
            _("rows"),
            "",
            _(
                "One row per service at one place. Several rows with the same service (same id, or same organisation "
                "and Greek name) list its places; they may leave the service columns empty. A service without an id "
                "is matched to the organisation's service of the same Greek name, else created. A column left out of "
                "the sheet leaves that field unchanged; an empty cell clears it. Formulas are refused."
            ),
            "",
        ]
    )
    rows += [[column, "", _("codes: %(codes)s") % {"codes": codes}, ""] for column, codes in _code_lists()]
    return rows


def template_csv() -> bytes:
    """Header, one example row, then notes as `#` rows (skipped when the file is uploaded)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in COLUMNS])
    writer.writerow([neutralised(value) for value in _example()])
    for note in _notes():
        if note:
            writer.writerow([neutralised("# " + " | ".join(part for part in note if part))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """A workbook: sheet `services` (header and example row), sheet `notes` (columns, codes, hours syntax)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "services"
    sheet.append([column.name for column in COLUMNS])
    sheet.append(_example())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = 22
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("notes")
    for row in _notes():
        notes.append([neutralised(value) for value in row])
    for letter, width in (("A", 18), ("B", 10), ("C", 100), ("D", 40)):
        notes.column_dimensions[letter].width = width
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for row in notes.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_csv(report: dict[str, Any]) -> bytes:
    """The row-level report (problems, then warnings) as CSV UTF-8 with BOM, every cell formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_("row"), _("column"), _("problem"), _("value"), _("record"), _("kind")])
    for kind, issues in ((_("error"), report.get("issues", [])), (_("warning"), report.get("warnings", []))):
        for issue in issues:
            writer.writerow(
                [
                    neutralised(issue.get("row") or ""),
                    neutralised(issue.get("column", "")),
                    neutralised(issue.get("message", "")),
                    neutralised(issue.get("value", "")),
                    neutralised(issue.get("record", "")),
                    kind,
                ]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
