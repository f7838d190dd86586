"""The simple spreadsheet: one row per service at a location, turned into HSDS rows for the HSDS importer.

Columns (the header row names them; order free, case ignored): see COLUMNS. A row's service is identified by
`id` when given, else by its organisation and Greek name (an existing service of that organisation with that
name is updated; otherwise one is created with an id derived from both, so uploading the same sheet twice
changes nothing). Rows of the same service list its locations, in order; they may leave the service columns
blank or repeat them exactly. Ids of locations, addresses, phones, hours and links derive from the service's, so
re-uploads update the same records. A column left out of the sheet leaves that field of existing services alone;
a column present with an empty cell clears it.
"""

import difflib
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_accmr.geo import GREECE_BBOX
from geo_accmr.text import fold
from hsds.importer.rules import ISO_639_1, ISO_639_2_TO_1
from services.models import TERM_FIELDS, Organization, Service, ServiceAtLocation, TaxonomyTerm

from .reading import Cell, Table, cell_text

NAMESPACE = uuid.UUID("8f0b8c1e-5b5e-4c43-9d0e-6a3c1f6d2b71")  # ids derived from sheet rows (uuid5)


@dataclass(frozen=True)
class Column:
    """One column of the simple spreadsheet: its name, whether it is required, what it holds and an example."""

    name: str
    help: Any
    example: str
    required: bool = False
    per_location: bool = False  # a property of the place, not of the service


COLUMNS = [
    Column("id", gettext_lazy("HSDS id (UUID) of an existing service to update; leave empty for new services."), ""),
    Column(
        "organization",
        gettext_lazy("The organisation: its Greek or English name as in the directory, or its HSDS id."),
        "Δήμος Αθηναίων",
        required=True,
    ),
    Column("name_el", gettext_lazy("Service name in Greek."), "Νομική συμβουλευτική", required=True),
    Column("name_en", gettext_lazy("Service name in English."), "Legal counselling"),
    Column("description_el", gettext_lazy("Description in Greek."), "Δωρεάν νομική βοήθεια για αιτούντες άσυλο."),
    Column("description_en", gettext_lazy("Description in English."), "Free legal help for asylum seekers."),
    Column(
        "categories",
        gettext_lazy("Category codes separated by commas (e.g. health, legal-aid or rights-legal/legal-aid)."),
        "rights-legal/legal-aid, asylum-procedure",
        required=True,
    ),
    Column("audience", gettext_lazy("Audience codes separated by commas (e.g. women, children)."), "families"),
    Column(
        "eligibility",
        gettext_lazy("Eligibility (legal status) codes separated by commas (e.g. asylum-seekers)."),
        "asylum-seekers, recognised-refugees",
    ),
    Column("languages", gettext_lazy("Languages spoken: ISO 639-1 codes separated by commas."), "el, en, ar, fa"),
    Column("free_of_charge", gettext_lazy("yes or no (also ναι/όχι, true/false, 1/0)."), "yes"),
    Column(
        "address", gettext_lazy("Street and number, or the name of a known place."), "Σοφοκλέους 15", per_location=True
    ),
    Column("city", gettext_lazy("City or municipality."), "Αθήνα", per_location=True),
    Column("postal_code", gettext_lazy("Postal code."), "10552", per_location=True),
    Column(
        "latitude",
        gettext_lazy("Latitude in decimal degrees (WGS84); leave empty to geocode the address."),
        "37.9807",
        per_location=True,
    ),
    Column("longitude", gettext_lazy("Longitude in decimal degrees (WGS84)."), "23.7274", per_location=True),
    Column("phone", gettext_lazy("Phone number."), "210 1234567"),
    Column("email", gettext_lazy("Email address."), "legal@example.org"),
    Column("website", gettext_lazy("Web address (https://…)."), "https://example.org/legal"),
    Column(
        "hours",
        gettext_lazy(
            "Weekly hours at this place: days and times, groups separated by “;”, e.g. "
            "“MO-FR 09:00-17:00; SA 10:00-14:00” or “ΔΕ,ΤΕ 09:00-13:00 17:00-20:00”."
        ),
        "MO-FR 09:00-15:00; WE 17:00-20:00",
        per_location=True,
    ),
    Column("valid_from", gettext_lazy("First day of a temporary service (YYYY-MM-DD or DD/MM/YYYY)."), ""),
    Column("valid_to", gettext_lazy("Last day of a temporary service (YYYY-MM-DD or DD/MM/YYYY)."), ""),
]
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
TAXONOMY_COLUMNS = {"categories": "categories", "audience": "audience", "eligibility": "eligibility"}
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
GREEK_DAYS = {  # folded (geo_accmr.text.fold) Greek abbreviations and names of the days
    **dict.fromkeys(("de", "dev", "devtera"), "MO"),
    **dict.fromkeys(("tr", "tri", "triti"), "TU"),
    **dict.fromkeys(("te", "tet", "tetarti"), "WE"),
    **dict.fromkeys(("pe", "pem", "pebti", "pempti"), "TH"),
    **dict.fromkeys(("pa", "par", "paraskevi"), "FR"),
    **dict.fromkeys(("sa", "sav", "savvato"), "SA"),
    **dict.fromkeys(("ki", "kir", "kiriaki"), "SU"),
}
TIME_RANGE = re.compile(r"^(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})$")
NUMERIC_TEXT = re.compile(r"^[+-]?[\d\s().,/-]+$")  # a phone number or a signed number, not a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TRUE_WORDS = {"yes", "y", "true", "1", "ναι", "x"}
FALSE_WORDS = {"no", "n", "false", "0", "όχι", "οχι"}


@dataclass(frozen=True)
class RowIssue:
    """One problem: the file's row number (1 = header; 0 = the whole file), the column, what, and the value."""

    row: int
    column: str
    message: str
    value: str = ""


@dataclass
class SheetRow:
    """One data row: its row number and its cells as text, by column name (only the sheet's columns)."""

    number: int
    values: dict[str, str]


@dataclass
class SheetPlan:
    """The sheet as HSDS rows, the issues found, and where each HSDS row and location came from."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    sources: list[list[int]] = field(default_factory=list)  # per HSDS row: the sheet rows of its locations
    preview: list[dict[str, Any]] = field(default_factory=list)
    gazetteer: dict[str, str] = field(default_factory=dict)  # location id -> the place it was put at
    new_services: int = 0
    updated_services: int = 0


def formula_message() -> str:
    """The message for a refused formula cell, in the current language."""
    return _(
        "a formula or text starting like one (=, +, -, @): formulas are never run here; type the value itself, "
        "or remove the leading sign"
    )


def formula_like(cell: Cell) -> bool:
    """A formula (XLSX), or text a spreadsheet would run as one (`=`, `+`, `-`, `@`) that is not a plain number."""
    if cell.formula:
        return True
    if not isinstance(cell.value, str):
        return False
    text = cell.value
    if not text or text[0] not in FORMULA_START:
        return False
    return not (text[0] in "+-" and NUMERIC_TEXT.match(text))


def header_issues(table: Table) -> tuple[list[RowIssue], dict[int, str]]:
    """Problems of the header row (unknown, missing, repeated columns) and the column name of each position."""
    issues: list[RowIssue] = []
    positions: dict[int, str] = {}
    seen: set[str] = set()
    unknown: list[str] = []
    for index, raw in enumerate(table.header):
        name = raw.strip().lower().lstrip("\ufeff")
        if not name:
            if any(index < len(cells) and cells[index].value not in (None, "") for _n, cells in table.rows):
                unknown.append(_("(column %(number)s without a name)") % {"number": index + 1})
            continue
        if name not in COLUMNS_BY_NAME:
            unknown.append(raw)
            continue
        if name in seen:
            issues.append(RowIssue(1, name, _("the column appears twice"), raw))
            continue
        seen.add(name)
        positions[index] = name
    if unknown:
        issues.append(
            RowIssue(
                1,
                "",
                _("unknown columns: %(unknown)s (the columns are: %(known)s)")
                % {"unknown": ", ".join(unknown), "known": ", ".join(COLUMNS_BY_NAME)},
                ", ".join(unknown),
            )
        )
    missing = [column.name for column in COLUMNS if column.required and column.name not in seen]
    if missing:
        issues.append(RowIssue(1, "", _("missing required columns: %(missing)s") % {"missing": ", ".join(missing)}, ""))
    if "latitude" in seen and "longitude" not in seen or "longitude" in seen and "latitude" not in seen:
        issues.append(RowIssue(1, "", _("latitude and longitude columns go together"), ""))
    return issues, positions


def sheet_rows(table: Table, positions: dict[int, str], issues: list[RowIssue]) -> list[SheetRow]:
    """The data rows as text by column, with every formula (or formula-like text) reported and dropped."""
    result = []
    for number, cells in table.rows:
        values = {name: "" for name in positions.values()}
        for index, cell in enumerate(cells):
            name = positions.get(index)
            if name is None:
                continue
            if formula_like(cell):
                issues.append(RowIssue(number, name, formula_message(), str(cell.value)))
                continue
            values[name] = cell_text(cell.value)
        result.append(SheetRow(number, values))
    return result


def _codes(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", raw) if part.strip()]


def _parse_date(raw: str) -> date | None:
    text = raw.strip()
    for parse in (
        lambda t: date.fromisoformat(t[:10]),
        lambda t: datetime.strptime(t, "%d/%m/%Y").date(),
        lambda t: datetime.strptime(t, "%d.%m.%Y").date(),
    ):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _parse_day(token: str) -> str | None:
    upper = token.strip().upper()
    if upper in DAYS:
        return upper
    return GREEK_DAYS.get(fold(token).replace(" ", ""))


def parse_hours(raw: str) -> tuple[list[tuple[str, str, str]], str | None]:
    """("MO,TU,WE", "09:00", "17:00") groups from the hours syntax, or an error message."""
    result: list[tuple[str, str, str]] = []
    for group in [g.strip() for g in raw.split(";") if g.strip()]:
        match = re.match(r"^([^\d]+?)\s+(\d.*)$", group)
        if not match:
            return [], _("%(group)r: write days then times, e.g. MO-FR 09:00-17:00") % {"group": group}
        days: list[str] = []
        for part in re.split(r"[,\s]+", match[1].strip()):
            if not part:
                continue
            ends = re.split(r"[-–]", part)
            if len(ends) == 1:
                day = _parse_day(ends[0])
                if day is None:
                    return [], _("%(day)r is not a day (MO TU WE TH FR SA SU, or ΔΕ ΤΡ ΤΕ ΠΕ ΠΑ ΣΑ ΚΥ)") % {"day": part}
                days.append(day)
            elif len(ends) == 2:
                first, last = _parse_day(ends[0]), _parse_day(ends[1])
                if first is None or last is None:
                    return [], _("%(day)r is not a range of days (e.g. MO-FR)") % {"day": part}
                index = DAYS.index(first)
                while True:
                    days.append(DAYS[index])
                    if DAYS[index] == last:
                        break
                    index = (index + 1) % 7
            else:
                return [], _("%(day)r is not a range of days (e.g. MO-FR)") % {"day": part}
        byday = ",".join(dict.fromkeys(days))
        for span in [s for s in re.split(r"[,\s]+(?=\d)", match[2].strip()) if s.strip()]:
            times = TIME_RANGE.match(span.strip())
            if not times:
                return [], _("%(span)r is not a time range (HH:MM-HH:MM)") % {"span": span}
            opens = (int(times[1]), int(times[2]))
            closes = (int(times[3]), int(times[4]))
            if opens[0] > 23 or opens[1] > 59 or closes[0] > 24 or closes[1] > 59 or opens == closes:
                return [], _("%(span)r is not a valid time range") % {"span": span}
            result.append((byday, f"{opens[0]:02d}:{opens[1]:02d}", f"{closes[0]:02d}:{closes[1]:02d}"))
    return result, None


def _stable(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


class SheetConverter:
    """Turns checked sheet rows into HSDS service rows, resolving organisations, codes and existing records."""

    def __init__(self, rows: list[SheetRow], columns: set[str], plan: SheetPlan) -> None:
        self.rows = rows
        self.columns = columns
        self.plan = plan
        # dicts (values() rows are typed as TypedDicts, which are not dict[str, Any] to mypy)
        self.organizations: list[dict[str, Any]] = [
            dict(o) for o in Organization.objects.values("id", "name_el", "name_en")
        ]
        self.org_by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for organization in self.organizations:
            for name in {organization["name_el"], organization["name_en"]}:
                if name:
                    self.org_by_key[fold(name)].append(organization)
        terms = TaxonomyTerm.objects.filter(taxonomy__code__in=TAXONOMY_COLUMNS.values()).select_related(
            "taxonomy", "parent"
        )
        self.terms: dict[str, dict[str, TaxonomyTerm]] = defaultdict(dict)
        for term in terms:
            self.terms[term.taxonomy.code][term.code] = term

    def issue(self, row: SheetRow, column: str, message: str) -> None:
        if any(issue.row == row.number and issue.column == column for issue in self.plan.issues):
            return  # one problem per cell (a refused formula leaves the cell empty: not also "required")
        self.plan.issues.append(RowIssue(row.number, column, message, row.values.get(column, "")))

    # ----------------------------------------------------------------------------------------- cells
    def organization(self, row: SheetRow) -> dict[str, Any] | None:
        raw = row.values.get("organization", "").strip()
        if not raw:
            self.issue(row, "organization", _("the organisation is required"))
            return None
        try:
            wanted = uuid.UUID(raw)
        except ValueError:
            matches = self.org_by_key.get(fold(raw), [])
        else:
            matches = [o for o in self.organizations if o["id"] == wanted]
        unique = {o["id"]: o for o in matches}
        if len(unique) == 1:
            return next(iter(unique.values()))
        if unique:
            self.issue(row, "organization", _("several organisations have this name: give the HSDS id"))
        else:
            close = difflib.get_close_matches(fold(raw), list(self.org_by_key), n=1, cutoff=0.8)
            hint = (
                " " + _("Did you mean %(name)s?") % {"name": self.org_by_key[close[0]][0]["name_el"]} if close else ""
            )
            self.issue(row, "organization", _("no organisation of the directory has this name or id.") + hint)
        return None

    def terms_of(self, row: SheetRow, column: str) -> list[TaxonomyTerm] | None:
        taxonomy = TAXONOMY_COLUMNS[column]
        known = self.terms[taxonomy]
        result = []
        for code in _codes(row.values.get(column, "")):
            path = [part.strip().lower() for part in code.split("/") if part.strip()]
            term = known.get(path[-1]) if path else None
            if term is not None and len(path) > 1 and (term.parent is None or term.parent.code != path[-2]):
                self.issue(
                    row,
                    column,
                    _("%(code)r: %(child)s is not a subcategory of %(parent)s")
                    % {"code": code, "child": path[-1], "parent": path[-2]},
                )
                return None
            if term is None:
                close = difflib.get_close_matches(path[-1] if path else code, list(known), n=1)
                hint = " " + _("Did you mean %(code)s?") % {"code": close[0]} if close else ""
                self.issue(
                    row,
                    column,
                    _("unknown %(taxonomy)s code %(code)r.") % {"taxonomy": column, "code": code} + hint,
                )
                return None
            result.append(term)
        if column == "categories" and not result:
            self.issue(row, column, _("at least one category is required"))
            return None
        return result

    def languages(self, row: SheetRow) -> list[str] | None:
        codes = []
        for raw in _codes(row.values.get("languages", "")):
            code = ISO_639_2_TO_1.get(raw.lower(), raw.lower())
            if code not in ISO_639_1:
                self.issue(
                    row, "languages", _("%(code)r is not an ISO 639-1 language code (el, en, ar…)") % {"code": raw}
                )
                return None
            if code not in codes:
                codes.append(code)
        return codes

    def boolean(self, row: SheetRow, column: str) -> bool | None:
        raw = row.values.get(column, "").strip().lower()
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        if raw:
            self.issue(row, column, _("write yes or no"))
        return None

    def date_of(self, row: SheetRow, column: str) -> tuple[bool, date | None]:
        raw = row.values.get(column, "")
        if not raw:
            return True, None
        parsed = _parse_date(raw)
        if parsed is None:
            self.issue(row, column, _("not a date (YYYY-MM-DD or DD/MM/YYYY)"))
            return False, None
        return True, parsed

    def coordinates(self, row: SheetRow) -> tuple[bool, tuple[float, float] | None]:
        raw_lat, raw_lon = row.values.get("latitude", ""), row.values.get("longitude", "")
        if not raw_lat and not raw_lon:
            return True, None
        if not raw_lat or not raw_lon:
            self.issue(row, "latitude" if not raw_lat else "longitude", _("give both latitude and longitude"))
            return False, None
        numbers = []
        for column, raw in (("latitude", raw_lat), ("longitude", raw_lon)):
            text = raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw
            try:
                number = float(text)
            except ValueError:
                self.issue(row, column, _("not a number (decimal degrees, e.g. 37.98)"))
                return False, None
            if number != number or number in (float("inf"), float("-inf")):
                self.issue(row, column, _("not a number (decimal degrees, e.g. 37.98)"))
                return False, None
            numbers.append(number)
        lat, lon = numbers
        west, south, east, north = GREECE_BBOX
        if not (south <= lat <= north and west <= lon <= east):
            swapped = south <= lon <= north and west <= lat <= east
            message = _("(%(lat)s, %(lon)s) is outside Greece (latitude %(s)s–%(n)s, longitude %(w)s–%(e)s)") % {
                "lat": lat,
                "lon": lon,
                "s": south,
                "n": north,
                "w": west,
                "e": east,
            }
            if swapped:
                message += " " + _("— latitude and longitude look swapped")
            self.issue(row, "latitude" if not south <= lat <= north else "longitude", message)
            return False, None
        return True, (lat, lon)

    # ----------------------------------------------------------------------------------------- rows
    def convert(self) -> None:
        """Group rows by service, check every cell, and build the HSDS rows (only when nothing failed)."""
        groups: dict[str, list[SheetRow]] = {}
        owners: dict[str, dict[str, Any]] = {}
        resolved = self._service_ids()
        for row in self.rows:
            key = resolved.get(row.number)
            if key is None:
                continue
            groups.setdefault(key, []).append(row)
            owners[key] = self._organization_of[row.number]  # _service_ids resolves only rows with an organisation
        stored_places: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
        for sal in ServiceAtLocation.objects.filter(service_id__in=[uuid.UUID(k) for k in groups]).order_by(
            "created_at", "id"
        ):
            stored_places[str(sal.service_id)].append((sal.id, sal.location_id))
        stored_services = {
            str(service.id): service
            for service in Service.objects.filter(id__in=[uuid.UUID(k) for k in groups]).prefetch_related(
                "categories", "audiences", "eligibility"
            )
        }
        for service_id, rows in groups.items():
            errors_before = len(self.plan.issues)
            data = self._service(service_id, rows, owners[service_id], stored_services.get(service_id))
            places = []
            for index, row in enumerate(rows):
                stored = stored_places.get(service_id, [])
                sal_id, location_id = (
                    (str(stored[index][0]), str(stored[index][1]))
                    if index < len(stored)
                    else (_stable(service_id, "sal", index), _stable(service_id, "location", index))
                )
                place = self._place(row, sal_id=sal_id, location_id=location_id)
                if place is not None:
                    places.append(place)
            if len(self.plan.issues) != errors_before or len(places) != len(rows):
                continue
            data["service_at_locations"] = places
            self.plan.rows.append(data)
            self.plan.sources.append([row.number for row in rows])
            if service_id in stored_services:
                self.plan.updated_services += 1
            else:
                self.plan.new_services += 1
            first = rows[0]
            for index, row in enumerate(rows):
                if len(self.plan.preview) >= 25:
                    break
                location = places[index]["location"]
                self.plan.preview.append(
                    {
                        "row": row.number,
                        "action": "update" if service_id in stored_services else "create",
                        "organization": owners[service_id]["name_el"],
                        "name": first.values.get("name_el", ""),
                        "categories": ", ".join(_codes(first.values.get("categories", ""))),
                        "place": ", ".join(v for v in (row.values.get("address", ""), row.values.get("city", "")) if v),
                        "point": (
                            f"{float(location['latitude']):.5f}, {float(location['longitude']):.5f}"
                            if location.get("latitude") is not None
                            else ""
                        ),
                        "gazetteer": self.plan.gazetteer.get(location["id"], ""),
                    }
                )

    _organization_of: dict[int, dict[str, Any]]

    def _service_ids(self) -> dict[int, str]:
        """The service id of each row: its `id`, else the stored service of that organisation and name, else new."""
        self._organization_of = {}
        wanted: dict[int, tuple[Any, str]] = {}
        for row in self.rows:
            organization = self.organization(row)
            name = row.values.get("name_el", "").strip()
            if not name:
                self.issue(row, "name_el", _("the Greek name is required"))
            if organization is None or not name:
                continue
            self._organization_of[row.number] = organization
            wanted[row.number] = (organization["id"], fold(name))
        stored: dict[tuple[Any, str], list[str]] = defaultdict(list)
        for service in Service.objects.filter(organization_id__in={org for org, _name in wanted.values()}).values(
            "id", "organization_id", "name_el"
        ):
            stored[(service["organization_id"], fold(service["name_el"] or ""))].append(str(service["id"]))
        result = {}
        for row in self.rows:
            raw_id = row.values.get("id", "").strip()
            if raw_id:
                try:
                    result[row.number] = str(uuid.UUID(raw_id))
                except ValueError:
                    self.issue(row, "id", _("not an HSDS id (a UUID such as 3f2c…-…)"))
                    continue
                if row.number not in self._organization_of:
                    result.pop(row.number)
                continue
            if row.number not in wanted:
                continue
            matches = stored.get(wanted[row.number], [])
            if len(matches) > 1:
                self.issue(row, "name_el", _("the organisation has several services of this name: give the id"))
                continue
            result[row.number] = matches[0] if matches else _stable("service", *wanted[row.number])
        return result

    def _service(
        self, service_id: str, rows: list[SheetRow], organization: dict[str, Any], stored: Service | None
    ) -> dict[str, Any]:
        first = rows[0]
        for row in rows[1:]:
            service_columns = self.columns - {c.name for c in COLUMNS if c.per_location}
            for column in service_columns - {"id", "organization", "name_el"}:
                value = row.values.get(column, "")
                if value and value != first.values.get(column, ""):
                    self.issue(
                        row,
                        column,
                        _(
                            "another place of the service of row %(row)s, but a different %(column)s: leave it "
                            "empty or repeat it"
                        )
                        % {"row": first.number, "column": column},
                    )
        data: dict[str, Any] = {"id": service_id, "organization_id": str(organization["id"])}
        if stored is not None and stored.organization_id != organization["id"]:
            self.issue(first, "organization", _("the service with this id belongs to another organisation"))
        values = first.values
        data["name"] = values.get("name_el", "").strip()
        for column, key in (
            ("name_en", "name_en"),
            ("description_el", "description"),
            ("description_en", "description_en"),
        ):
            if column in self.columns:
                data[key] = values.get(column, "")
        for column, key in (("email", "email"), ("website", "url")):
            if column in self.columns:
                data[key] = values.get(column, "")
        if "free_of_charge" in self.columns:
            free = self.boolean(first, "free_of_charge")
            if free is not None:
                data["free_of_charge"] = free
        for column in ("valid_from", "valid_to"):
            if column in self.columns:
                ok, parsed = self.date_of(first, column)
                if ok:
                    data[column] = parsed.isoformat() if parsed else None
        if data.get("valid_from") and data.get("valid_to") and data["valid_from"] > data["valid_to"]:
            self.issue(first, "valid_to", _("the last day is before the first day"))
        if "languages" in self.columns:
            codes = self.languages(first)
            if codes is not None:
                data["languages"] = [{"id": _stable(service_id, "language", code), "code": code} for code in codes]
        if "phone" in self.columns:
            number = values.get("phone", "")
            data["phones"] = [{"id": _stable(service_id, "phone", 0), "number": number}] if number else []
        attributes = []
        for column, taxonomy in TAXONOMY_COLUMNS.items():
            if column in self.columns:
                terms = self.terms_of(first, column)
                codes = [term.code for term in terms or []]
            elif stored is not None:
                codes = [term.code for term in getattr(stored, TERM_FIELDS[taxonomy]).all()]
            else:
                codes = []
            attributes += [
                {
                    "id": _stable(service_id, "attribute", taxonomy, code),
                    "taxonomy_term": {"code": code, "taxonomy": taxonomy},
                }
                for code in codes
            ]
        data["attributes"] = attributes
        return data

    def _place(self, row: SheetRow, *, sal_id: str, location_id: str) -> dict[str, Any] | None:
        location: dict[str, Any] = {"id": location_id, "location_type": "physical"}
        ok, point = self.coordinates(row)
        if not ok:
            return None
        address = row.values.get("address", "").strip()
        if point is None and not address:
            self.issue(row, "address", _("give an address or latitude and longitude"))
            return None
        city = row.values.get("city", "").strip()
        place = self._gazetteer(address) if point is None else None
        if place is not None:
            point = (place.lat, place.lon)
            self.plan.gazetteer[location_id] = place.label
            self.plan.warnings.append(
                RowIssue(
                    row.number,
                    "address",
                    _(
                        "placed at %(place)s from our gazetteer; add the street address or coordinates for an "
                        "exact point"
                    )
                    % {"place": place.label},
                    address,
                )
            )
        if address and not city and place is None:
            self.issue(row, "city", _("give the city of the address"))
            return None
        if "address" in self.columns:
            location["addresses"] = (
                [
                    {
                        "id": _stable(location_id, "address"),
                        "address_1": address,
                        "city": city,
                        "postal_code": row.values.get("postal_code", ""),
                        "country": "GR",
                        "address_type": "physical",
                    }
                ]
                if address and city
                else []
            )
            if place is not None and not city:
                location["name"] = address
        if point is not None:
            location["latitude"], location["longitude"] = point
        place_data: dict[str, Any] = {"id": sal_id, "location": location}
        if "hours" in self.columns:
            groups, error = parse_hours(row.values.get("hours", ""))
            if error:
                self.issue(row, "hours", error)
                return None
            place_data["schedules"] = [
                {
                    "id": _stable(sal_id, "schedule", index),
                    "freq": "WEEKLY",
                    "byday": byday,
                    "opens_at": opens,
                    "closes_at": closes,
                }
                for index, (byday, opens, closes) in enumerate(groups)
            ]
        return place_data

    @staticmethod
    def _gazetteer(address: str) -> Any:
        """A place of our gazetteer named exactly by the address (a neighbourhood, a hospital); never a street."""
        if not address or re.search(r"\d", address):
            return None
        from boundaries.geocoding import gazetteer_search

        wanted = fold(address)
        for candidate in gazetteer_search(query=address, limit=3):
            if candidate.kind == "municipality":
                continue  # a whole municipality is no place to send someone to
            if fold(candidate.label.split(" — ")[0].split(" (")[0]) == wanted:
                return candidate
        return None


def sheet_plan(table: Table) -> SheetPlan:
    """Check a simple spreadsheet in full and turn it into HSDS rows (none if any cell is wrong)."""
    plan = SheetPlan()
    issues, positions = header_issues(table)
    plan.issues.extend(issues)
    if issues:
        return plan
    if not table.rows:
        plan.issues.append(RowIssue(0, "", _("no rows below the header: nothing to upload")))
        return plan
    rows = sheet_rows(table, positions, plan.issues)
    converter = SheetConverter(rows, set(positions.values()), plan)
    converter.convert()
    if plan.issues:
        plan.rows, plan.sources = [], []
    plan.issues.sort(
        key=lambda issue: (
            issue.row,
            list(COLUMNS_BY_NAME).index(issue.column) if issue.column in COLUMNS_BY_NAME else -1,
        )
    )
    return plan
