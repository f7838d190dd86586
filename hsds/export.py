"""export_hsds: the whole directory as an HSDS 3.0 datapackage (a CSV per table + datapackage.json) and HSDS JSON.

Most files are written by PostgreSQL (COPY … TO STDOUT: CSV cells and JSON records formatted in SQL as the Python
writers format them, hsds.sqlformat and hsds.json_export); tables with redaction rules are read with a server-side
cursor in chunks and written row by row. Memory stays flat whatever the directory's size. Two threads write the files,
each with its own connection, all in one snapshot. Rows are ordered by id: two exports of the same data are
byte-identical (round trips).
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property, partial
from pathlib import Path
from queue import Empty, Queue
from threading import Thread
from time import perf_counter
from typing import Any
from uuid import UUID

from django.db import connection, transaction
from django.db.models import BooleanField, CharField, DateTimeField, Field, Model, Q, TextField

from services.models import (
    TERM_FIELDS,
    Contact,
    Location,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from services.redaction import HIDDEN_LOCATION_FIELDS

from .json_export import write_organizations, write_services
from .sqlformat import BOOLEAN_SQL, FLOAT_SQL, ISO_DATETIME_SQL, ROUND7_SQL, attribute_id_sql
from .tables import TABLE_MODELS
from .tabular import HSDS_TABLES, LANGUAGE_SUFFIX, TRANSLATED, columns, datapackage

CHUNK = 2000
WORKERS = 2  # threads writing files at once, each with its own connection (the machine has 2 cores)
JSON_FILES = [("services-json", "services.json"), ("organizations-json", "organizations.json")]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return str(value)


def _values(model: type[Model], fields: list[str], **filters: Any) -> Iterator[dict[str, Any]]:
    return model._default_manager.filter(**filters).order_by("id").values(*fields).iterator(chunk_size=CHUNK)


def _translated(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """HSDS text columns from the Greek fields, and `<name>_en` from the English ones."""
    for name in TRANSLATED.get(table, ()):
        row[name] = row.pop(f"{name}_el", "")
        row[f"{name}_{LANGUAGE_SUFFIX}"] = row.pop(f"{name}_{LANGUAGE_SUFFIX}", "")
    return row


def _plain_table(model: type[Model], table: str, **filters: Any) -> Callable[[], Iterator[dict[str, Any]]]:
    """Rows of a table whose columns are the model's own fields (translated ones as `_el`/`_en`)."""
    names = {f.attname for f in model._meta.concrete_fields}
    wanted = []
    for name, _kind, _description in columns(table):
        if name in TRANSLATED.get(table, ()):
            wanted += [f"{name}_el"]
        elif name.endswith(f"_{LANGUAGE_SUFFIX}") and name[: -len(LANGUAGE_SUFFIX) - 1] in TRANSLATED.get(table, ()):
            wanted += [name]
        elif name in names:
            wanted.append(name)
    numbers = [name for name, kind, _d in columns(table) if kind == "number" and name in wanted]

    def rows() -> Iterator[dict[str, Any]]:
        for row in _values(model, wanted, **filters):
            for name in numbers:  # our text field under an HSDS number column (phone extension): only numbers
                if isinstance(row[name], str) and not row[name].strip().isdigit():
                    row[name] = None
            yield _translated(table, row)

    return rows


# Tables whose rows are the model's own fields, public as they are: written by PostgreSQL (COPY … TO STDOUT, CSV),
# each cell formatted in SQL as _cell() formats it in Python (booleans true/false, ISO dates and times, empty for
# NULL and ""), so the bytes are those of the Python writer.
COPIED: dict[str, type[Model]] = {
    table: TABLE_MODELS[table]
    for table in ("organization", "service", "schedule", "required_document", "language", "taxonomy_term",
                  "cost_option", "organization_identifier", "taxonomy")
}  # fmt: skip
# Computed columns of the copied tables, by table and column: SQL over the table's row `t`.
AREA_CODE_SQL = "NULLIF((SELECT a.code FROM boundaries_area a WHERE a.id = t.{level}_id), '')"
COORDINATE_SQL = (
    f"CASE WHEN t.point IS NOT NULL THEN {FLOAT_SQL.format(c=ROUND7_SQL.format(c='{axis}(t.point::geometry)'))} END"
)
COMPUTED_CELLS = {
    # HSDS `taxonomy`: the taxonomy's name; ours is its code
    ("taxonomy_term", "taxonomy"): "(SELECT x.code FROM services_taxonomy x WHERE x.id = t.taxonomy_id)",
    # the code of the smallest area holding the location that has one
    ("location", "area_code"): "COALESCE("
    + ", ".join(AREA_CODE_SQL.format(level=level) for level in ("neighbourhood", "community", "municipality")) + ")",
    ("location", "latitude"): COORDINATE_SQL.format(axis="ST_Y"),
    ("location", "longitude"): COORDINATE_SQL.format(axis="ST_X"),
}  # fmt: skip


def _cell_sql(field: Field, column: str, kind: str) -> str:
    """SQL for one CSV cell of `field` (its column `column`), as _cell() would write the value."""
    if isinstance(field, BooleanField):
        expression = BOOLEAN_SQL.format(c=column)
    elif isinstance(field, DateTimeField):
        expression = ISO_DATETIME_SQL.format(c=column)
    elif isinstance(field, CharField | TextField):
        expression = column
        if kind == "number":  # our text field under an HSDS number column (phone extension): only numbers
            expression = f"CASE WHEN btrim({column}) ~ '^[0-9]+$' THEN {column} END"
    else:
        expression = f"{column}::text"
    return f"NULLIF({expression}, '')"


def _table_query(model: type[Model], table: str, *, hidden: tuple[str, ...] = ()) -> str:
    """SELECT of a copied table's CSV cells, rows by id; the columns `hidden` (and their `_en`) are empty on a
    redacted row (services.redaction)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    translated = TRANSLATED.get(table, ())
    cells = []
    for name, kind, _description in columns(table):
        base = name.removesuffix(f"_{LANGUAGE_SUFFIX}")
        attname = f"{name}_el" if name in translated else name
        if (table, name) in COMPUTED_CELLS:
            cell = COMPUTED_CELLS[table, name]
        elif attname in fields:
            cell = _cell_sql(fields[attname], f't."{fields[attname].column}"', kind)
        else:
            cell = "NULL"
        if base in hidden:
            cell = f"CASE WHEN NOT t.redacted THEN {cell} END"
        cells.append(cell)
    return f"SELECT {', '.join(cells)} FROM {model._meta.db_table} t ORDER BY t.id"  # noqa: S608


def _copy_rows(table: str, queries: list[str], path: Path) -> int:
    """Write a table's CSV: its header, then the rows of each query in turn (PostgreSQL's COPY); the rows written."""
    count = 0
    with path.open("wb") as handle, connection.cursor() as cursor:
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow([name for name, _k, _d in columns(table)])
        handle.write(header.getvalue().encode())
        for query in queries:
            with cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy:
                for data in copy:
                    handle.write(data)
            cursor.execute(f"SELECT count(*) FROM ({query}) q")  # noqa: S608
            count += cursor.fetchone()[0]
    return count


def _copy_table(model: type[Model], table: str, path: Path) -> int:
    """Write a COPIED table's CSV (header, then rows by id) with PostgreSQL's COPY; the number of rows."""
    return _copy_rows(table, [_table_query(model, table)], path)


def _copy_attributes(path: Path) -> int:
    """attributes.csv: a row per (service, taxonomy term) link, by TERM_FIELDS, then service and term id."""
    queries = []
    for taxonomy_code, attname in TERM_FIELDS.items():
        relation: Any = Service._meta.get_field(attname)
        through, owner, term = relation.m2m_db_table(), relation.m2m_column_name(), relation.m2m_reverse_name()
        queries.append(
            f"SELECT {attribute_id_sql(owner, term)}::text, {owner}::text, {term}::text, '{taxonomy_code}',"  # noqa: S608
            f" 'service', NULL FROM {through} ORDER BY {owner}, {term}"
        )
    return _copy_rows("attribute", queries, path)


def _write_rows(path: Path, names: list[str], rows: Iterable[dict[str, Any]]) -> int:
    """Write rows (dicts) as a CSV with the columns `names`; the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({name: _cell(row.get(name)) for name in names})
            count += 1
    return count


class Export:
    """One export run: which rows are public, and what was written."""

    def __init__(self, *, include_redacted: bool) -> None:
        self.include_redacted = include_redacted
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}  # "csv" (every table) and "json" (both files)

    def hidden(self) -> dict[str, Any]:
        """A filter that leaves out rows hung on a redacted location (its street and phones), unless included."""
        return {} if self.include_redacted else {"location__redacted": True}

    def tables(self) -> dict[str, Callable[[], Iterable[dict[str, Any]]]]:
        """Tables whose rows need Python (redaction, computed columns); the others are COPIED."""
        return {
            "service_at_location": self.service_at_locations,
            "phone": lambda: self.without_hidden(TABLE_MODELS["phone"], "phone"),
            "contact": lambda: self.without_hidden(TABLE_MODELS["contact"], "contact"),
            "address": lambda: self.without_hidden(TABLE_MODELS["address"], "address"),
            "service_area": self.service_areas,
            "accessibility": lambda: self.without_hidden(TABLE_MODELS["accessibility"], "accessibility"),
        }

    @cached_property
    def shelters(self) -> tuple[set[UUID], set[UUID], set[UUID]]:
        """Ids of redacted locations, of services found only at them, and of those services' and places' contacts."""
        locations = set(Location.objects.filter(redacted=True).values_list("id", flat=True))
        public_places = ServiceAtLocation.objects.filter(location__redacted=False).values("service_id")
        services = set(
            ServiceAtLocation.objects.filter(location__redacted=True)
            .exclude(service_id__in=public_places)
            .values_list("service_id", flat=True)
        )  # services found only at shelters (services.redaction.is_shelter_service)
        contacts = set(
            Contact.objects.filter(Q(location_id__in=locations) | Q(service_id__in=services)).values_list(
                "id", flat=True
            )
        )
        return locations, services, contacts

    def without_hidden(self, model: type[Model], table: str) -> Iterator[dict[str, Any]]:
        """Rows hung on a shelter's location left out; phones of a shelter's service and its contacts too
        (services.redaction: the public calls the organisation)."""
        rows = _plain_table(model, table)()
        if self.include_redacted:
            return rows
        locations, services, contacts = self.shelters
        return (
            row
            for row in rows
            if row.get("location_id") not in locations
            and not (table == "phone" and (row.get("service_id") in services or row.get("contact_id") in contacts))
        )

    def service_at_locations(self) -> Iterator[dict[str, Any]]:
        locations, _services, _contacts = self.shelters
        for row in _plain_table(ServiceAtLocation, "service_at_location")():
            if not self.include_redacted and row["location_id"] in locations:
                row["description"] = ""  # it may describe the place
            yield row

    def service_areas(self) -> Iterator[dict[str, Any]]:
        for row in _plain_table(ServiceArea, "service_area")():
            if row.get("extent") is not None:
                row["extent"] = row["extent"].geojson
            else:
                row["extent_type"] = ""
            yield row

    def jobs(self, directory: Path) -> list[tuple[str, str, Callable[[], int]]]:
        """(part, table or file, writer returning its row count): the JSON files first, the longest work."""
        public = not self.include_redacted
        jobs: list[tuple[str, str, Callable[[], int]]] = [
            ("json", "services.json", partial(write_services, directory / "services.json", public=public)),
            ("json", "organizations.json", partial(write_organizations, directory / "organizations.json",
                                                   public=public)),
        ]  # fmt: skip
        hidden = () if self.include_redacted else HIDDEN_LOCATION_FIELDS
        copied: dict[str, Callable[[Path], int]] = {
            "attribute": _copy_attributes,
            "location": partial(_copy_rows, "location", [_table_query(Location, "location", hidden=hidden)]),
        }
        copied |= {table: partial(_copy_table, model, table) for table, model in COPIED.items()}
        producers = self.tables()
        for table, (path, _hsds) in HSDS_TABLES.items():
            if table in copied:
                jobs.append(("csv", table, partial(copied[table], directory / path)))
                continue
            names = [name for name, _kind, _description in columns(table)]
            rows = producers.get(table, lambda: iter(()))
            jobs.append(("csv", table, partial(lambda p, n, r: _write_rows(p, n, r()), directory / path, names, rows)))
        return jobs

    def write(self, directory: Path, *, workers: int = WORKERS) -> dict[str, int]:
        """Write every file; the rows written per table.

        Outside a transaction the files are written by `workers` threads, each with its own connection, all reading
        the snapshot this thread's transaction exports (REPEATABLE READ, READ ONLY): every file shows one moment.
        Inside the caller's transaction (tests) they are written one after the other in it.
        """
        directory.mkdir(parents=True, exist_ok=True)
        started = perf_counter()
        jobs = self.jobs(directory)
        self.counts = {table: 0 for table in HSDS_TABLES}
        self.seconds = {"csv": 0.0, "json": 0.0}
        if connection.in_atomic_block:
            for job in jobs:
                self._run(job)
        else:
            with transaction.atomic():
                snapshot = snapshot_export()
                if not self.include_redacted:
                    self.shelters  # noqa: B018  (read once here, in the snapshot, before the threads share it)
                pending: Queue[tuple[str, str, Callable[[], int]]] = Queue()
                for job in jobs:
                    pending.put(job)
                threads = [Worker(target=self._work, args=(pending, snapshot)) for _number in range(max(workers, 1))]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                for thread in threads:
                    thread.raise_error()
        self.seconds["total"] = perf_counter() - started
        package = datapackage(json_files=JSON_FILES)
        (directory / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n")
        return {table: count for table, count in self.counts.items() if table in HSDS_TABLES}

    def _work(self, pending: "Queue[tuple[str, str, Callable[[], int]]]", snapshot: str) -> None:
        """A worker thread: its own connection, in the export's snapshot, takes jobs until none is left."""
        try:
            with transaction.atomic():
                snapshot_import(snapshot)
                while True:
                    try:
                        job = pending.get_nowait()
                    except Empty:
                        return
                    self._run(job)
        finally:
            connection.close()

    def _run(self, job: tuple[str, str, Callable[[], int]]) -> None:
        part, name, write = job
        started = perf_counter()
        self.counts[name] = write()
        self.seconds[part] += perf_counter() - started


class Worker(Thread):
    """A thread that keeps the exception its target raised, for the thread that joins it."""

    def run(self) -> None:
        self.error: BaseException | None = None
        try:
            super().run()
        except BaseException as exc:  # noqa: BLE001  (raised again by raise_error)
            self.error = exc

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error


def snapshot_export() -> str:
    """Begin this connection's transaction as REPEATABLE READ, READ ONLY; the id of its snapshot for the others."""
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        return cursor.fetchone()[0]


def snapshot_import(snapshot: str) -> None:
    """Begin this connection's transaction in the snapshot `snapshot` (see snapshot_export)."""
    if not re.fullmatch(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?", snapshot):
        raise ValueError(f"not a snapshot id: {snapshot!r}")
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")


def hsds_export(*, directory: Path, include_redacted: bool = False) -> dict[str, int]:
    """Write the directory as an HSDS datapackage into `directory`; rows written per table.

    By default the export is public: a redacted location's point, addresses, phones and contacts are left out.
    `include_redacted` writes everything (a complete copy for a trusted operator, e.g. to move the database).
    """
    return Export(include_redacted=include_redacted).write(directory)
