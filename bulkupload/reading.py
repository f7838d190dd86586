"""Reading an uploaded file safely: what kind it is, its table of cells (CSV, XLSX) or its unpacked datapackage.

Nothing here trusts the file: sizes are checked before reading, zip members are checked for path traversal,
links and decompression bombs before anything is unpacked, XLSX formulas are seen (never evaluated) and XML
is parsed through defusedxml (openpyxl uses it when it is installed).
"""

import csv
import io
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils.translation import gettext as _

from .models import UploadKind

ZIP_MAX_MEMBERS = 200
ZIP_MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # a 5 MB upload that unpacks past this is a bomb, not a directory
ZIP_MAX_RATIO = 200  # XML and CSV compress 5-20×; hundreds of times is a crafted file
GREEK_LETTER = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
SNIFF_BYTES = 8192


class UploadRefused(ValueError):
    """The file cannot be read at all (wrong type, encoding, size, a dangerous archive); the message says why."""


@dataclass(frozen=True)
class Cell:
    """One cell as read: its value (text, number, date, bool or None) and whether it was an XLSX formula."""

    value: Any
    formula: bool = False


@dataclass
class Table:
    """A sheet: the header's column names and the data rows, each with its row number in the file (header = 1)."""

    header: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def upload_kind(*, name: str, content: bytes) -> str:
    """The kind of upload, from its bytes first (a zip is XLSX or a datapackage) and its name second."""
    lowered = name.lower()
    if content[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UploadRefused(
                _("The file looks like a ZIP archive but cannot be opened: %(error)s") % {"error": exc}
            ) from exc
        if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
            return UploadKind.SPREADSHEET_XLSX
        if any(PurePosixPath(n).name == "datapackage.json" for n in names):
            return UploadKind.DATAPACKAGE
        raise UploadRefused(
            _("The ZIP archive holds neither a datapackage.json (an HSDS datapackage) nor an Excel workbook.")
        )
    if lowered.endswith((".xlsx", ".xlsm", ".zip")):
        raise UploadRefused(_("The file is named %(name)s but is not a ZIP/XLSX file.") % {"name": name})
    if lowered.endswith(".xls"):
        raise UploadRefused(_("Old Excel files (.xls) cannot be read: save the sheet as .xlsx or as CSV UTF-8."))
    if lowered.endswith((".csv", ".txt")) or not lowered.rpartition(".")[1]:
        return UploadKind.SPREADSHEET_CSV
    raise UploadRefused(
        _("Unsupported file type %(name)s: upload a .csv, an .xlsx or a .zip HSDS datapackage.") % {"name": name}
    )


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return controls > max(8, len(sample) // 100)


def csv_decode(content: bytes) -> str:
    """The CSV's text: UTF-8 (with or without BOM); a clear refusal for binary data or another encoding."""
    if _looks_binary(content[:SNIFF_BYTES]):
        raise UploadRefused(_("This is not a text (CSV) file: it contains binary data."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            greek = GREEK_LETTER.search(content.decode("cp1253"))
        except UnicodeDecodeError:
            greek = None
        if greek:
            raise UploadRefused(
                _(
                    "The CSV is encoded as Windows-1253 (Greek), not UTF-8. In Excel choose “Save as” → "
                    "“CSV UTF-8 (comma delimited)”, or upload the .xlsx file itself."
                )
            ) from exc
        raise UploadRefused(
            _("The CSV is not UTF-8 (byte %(position)s cannot be read). Save it as “CSV UTF-8”.")
            % {"position": exc.start + 1}
        ) from exc


def table_read_csv(content: bytes, *, max_rows: int) -> Table:
    """The rows of a UTF-8 CSV; the delimiter (comma, semicolon as Greek Excel writes, or tab) is the header's."""
    text = csv_decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: Table | None = None
    try:
        for values in reader:
            if table is None:
                table = Table(header=[value.strip() for value in values])
                continue
            if not any(value.strip() for value in values) or values[0].lstrip().startswith("#"):
                continue  # blank rows, and the template's notes
            if len(table.rows) >= max_rows:
                raise UploadRefused(_("More than %(max)s rows: split the file.") % {"max": max_rows})
            table.rows.append((reader.line_num, [Cell(value) for value in values]))
    except csv.Error as exc:
        raise UploadRefused(
            _("The CSV cannot be read at line %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}
        ) from exc
    if table is None or not any(table.header):
        raise UploadRefused(_("The file is empty: the first row must name the columns."))
    return table


def zip_check(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's members, refusing traversal, links, encryption and anything that unpacks too large."""
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise UploadRefused(_("The archive has too many files (%(count)s).") % {"count": len(members)})
    total = 0
    for member in members:
        path = PurePosixPath(member.filename)
        if member.filename.startswith(("/", "\\")) or "\\" in member.filename or ".." in path.parts or ":" in path.name:
            raise UploadRefused(_("The archive holds an unsafe path: %(name)s") % {"name": member.filename})
        mode = member.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise UploadRefused(_("The archive holds a symbolic link: %(name)s") % {"name": member.filename})
        if member.flag_bits & 0x1:
            raise UploadRefused(_("The archive is encrypted."))
        total += member.file_size
        if member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1024) or total > ZIP_MAX_UNPACKED_BYTES:
            raise UploadRefused(_("The archive unpacks to far more than it weighs (a “zip bomb”): refused."))
    return members


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    return value


def table_read_xlsx(content: bytes, *, max_rows: int) -> Table:
    """The first worksheet's rows; formula cells are marked as such and never evaluated."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            zip_check(archive)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
    except UploadRefused:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise UploadRefused(_("The Excel file cannot be read: %(error)s") % {"error": exc}) from exc
    try:
        if not workbook.worksheets:
            raise UploadRefused(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        table: Table | None = None
        for number, row in enumerate(sheet.iter_rows(), start=1):
            cells = [
                Cell(_cell_value(cell.value), formula=getattr(cell, "data_type", "") == "f")
                for cell in row
                if cell is not None
            ]
            if table is None:
                if not any(cell.value not in (None, "") for cell in cells):
                    continue  # blank rows above the header
                table = Table(header=["" if c.value is None else str(c.value).strip() for c in cells])
                continue
            if not any(cell.value not in (None, "") for cell in cells) or str(cells[0].value or "").startswith("#"):
                continue
            if len(table.rows) >= max_rows:
                raise UploadRefused(_("More than %(max)s rows: split the file.") % {"max": max_rows})
            table.rows.append((number, cells))
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, OSError) as exc:
        raise UploadRefused(_("The Excel file cannot be read: %(error)s") % {"error": exc}) from exc
    finally:
        workbook.close()
    if table is None:
        raise UploadRefused(_("The worksheet is empty: the first row must name the columns."))
    while table.header and not table.header[-1]:
        table.header.pop()
    return table


@contextmanager
def datapackage_extracted(content: bytes) -> Iterator[Path]:
    """Unpack a zipped datapackage into a private temporary folder; yields the folder holding datapackage.json."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused(_("The ZIP archive cannot be opened: %(error)s") % {"error": exc}) from exc
    with archive, tempfile.TemporaryDirectory(prefix="bulkupload-") as folder:
        root = Path(folder)
        members = zip_check(archive)
        for member in members:
            if member.is_dir():
                continue
            target = root.joinpath(*PurePosixPath(member.filename).parts)
            if not target.resolve().is_relative_to(root.resolve()):
                raise UploadRefused(_("The archive holds an unsafe path: %(name)s") % {"name": member.filename})
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(member) as source, target.open("wb") as sink:
                    while chunk := source.read(1 << 16):
                        sink.write(chunk)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise UploadRefused(
                    _("%(name)s cannot be unpacked: %(error)s") % {"name": member.filename, "error": exc}
                ) from exc
        packages = sorted(root.rglob("datapackage.json"), key=lambda p: len(p.parts))
        if not packages:
            raise UploadRefused(_("The archive has no datapackage.json."))
        yield packages[0].parent


def cell_text(value: Any) -> str:
    """A cell's value as the text a person typed (whole numbers without “.0”, dates as YYYY-MM-DD)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return (
            value.isoformat()[:10] if isinstance(value, date) and not isinstance(value, datetime) else value.isoformat()
        )
    return str(value).strip()
