"""The bulk load: one COPY per table (psycopg 3) for new records, a staging table and upsert for existing ones.

COPY bypasses `editing.writer.history_record` on purpose: demo data gets no history versions and no HSDS metadata.
"""

import time
from datetime import datetime
from typing import Any

from django.db import connection, models
from django.db.backends.utils import CursorWrapper

from services.models import Address, Language, Location, Organization, Phone, Schedule, Service, ServiceAtLocation

from .plan import COLUMNS, Rows
from .report import DemoSeedError

INDEX_REBUILD_ROWS = 50_000  # loads at least this big into smaller tables build their secondary indexes afterwards


def _column_default(f: models.Field, *, now: datetime) -> Any:
    """The value a column left out of the rows gets: the field's default, as Django would save it."""
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        return now
    if f.has_default():
        return f.get_db_prep_save(f.get_default(), connection)
    if f.null:
        return None
    if isinstance(f, models.CharField | models.TextField):
        return ""
    raise DemoSeedError(f"{f.model.__name__}.{f.name} needs a value")


def _column(field: models.Field) -> str:
    """A concrete field's column (the stubs allow None, which only fields without a column have)."""
    assert field.column is not None
    return field.column


def _other_fields(model: type[models.Model], *, columns: list[str]) -> list[models.Field]:
    """The model's columns that the rows leave out (they get the field's default), auto-increment keys aside."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.column not in columns and not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]


def _copy_new(
    cursor: CursorWrapper, *, model: type[models.Model], columns: list[str], rows: list[tuple], now: datetime
) -> None:
    """COPY rows that do not exist yet straight into the table."""
    # A big load into a smaller table builds the secondary indexes afterwards: 6 s instead of 13 s for the trigram
    # index of 100,000 services. The dropped indexes lock the table until the transaction ends.
    table = model._meta.db_table
    others = _other_fields(model, columns=columns)
    tail = tuple(_column_default(f, now=now) for f in others)
    target = ", ".join(columns + [_column(f) for f in others])
    rebuild: list[tuple[str, str]] = []
    if len(rows) >= INDEX_REBUILD_ROWS:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) AS t", [len(rows)])  # noqa: S608 - identifier from model meta
        if cursor.fetchone()[0] < len(rows):
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index AS i
                WHERE i.indrelid = %s::regclass AND NOT i.indisunique
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [table],
            )
            rebuild = cursor.fetchall()
    for name, _ in rebuild:
        cursor.execute(f"DROP INDEX {name}")
    with cursor.copy(f"COPY {table} ({target}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row + tail)
    for _, definition in rebuild:
        cursor.execute(definition)


def _upsert(
    cursor: CursorWrapper,
    *,
    model: type[models.Model],
    columns: list[str],
    rows: list[tuple],
    now: datetime,
    parent: tuple[str, str] | None = None,
) -> None:
    """COPY rows into a staging table, then insert or update them by key, replacing the children of `parent`."""
    # `parent` is (fk column, the parent's staging table): that parent's rows which this load no longer has go.
    table = model._meta.db_table
    stage = f"demo_stage_{table}"
    cols = ", ".join(columns)
    cursor.execute(f"DROP TABLE IF EXISTS {stage}")
    cursor.execute(f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA")  # noqa: S608 - identifiers from model meta
    with cursor.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    others = _other_fields(model, columns=columns)
    target = columns + [_column(f) for f in others]
    select = columns + [f"%s::{f.db_type(connection)}" for f in others]
    if "id" in columns:
        keys = ["id"]
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in target if c not in ("id", "created_at"))
        action = f"ON CONFLICT (id) DO UPDATE SET {updates}"
    else:  # a many-to-many table: the pair is the key
        keys = columns
        action = "ON CONFLICT DO NOTHING"
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(target)}) SELECT {', '.join(select)} FROM {stage} {action}",  # noqa: S608 - identifiers from model meta
        [_column_default(f, now=now) for f in others],
    )
    if parent:
        fk, parent_stage = parent
        same = " AND ".join(f"s.{k} = t.{k}" for k in keys)
        cursor.execute(
            f"DELETE FROM {table} AS t WHERE t.{fk} IN (SELECT id FROM {parent_stage}) "  # noqa: S608 - identifiers from model meta
            f"AND NOT EXISTS (SELECT 1 FROM {stage} AS s WHERE {same})"
        )


def rows_write(*, rows: Rows, now: datetime, timings: dict[str, float]) -> tuple[int, bool]:
    """Load every table; returns the number of rows written and whether they were all new (else: upserted)."""
    through = {name: getattr(Service, name).through for name in ("categories", "audiences", "eligibility")}
    services_stage = f"demo_stage_{Service._meta.db_table}"
    locations_stage = f"demo_stage_{Location._meta.db_table}"
    plan: list[tuple[str, type[models.Model], tuple[str, str] | None]] = [
        ("organizations", Organization, None),
        ("services", Service, None),
        ("locations", Location, None),
        ("addresses", Address, ("location_id", locations_stage)),
        ("service_at_locations", ServiceAtLocation, ("service_id", services_stage)),
        ("languages", Language, ("service_id", services_stage)),
        ("schedules", Schedule, ("service_id", services_stage)),
        ("phones", Phone, ("service_id", services_stage)),
        ("categories", through["categories"], ("service_id", services_stage)),
        ("audiences", through["audiences"], ("service_id", services_stage)),
        ("eligibility", through["eligibility"], ("service_id", services_stage)),
    ]
    written = 0
    with connection.cursor() as cursor:
        # Every other record hangs off these three (and is deleted with them): when none exists, nothing does.
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM services_organization WHERE id = ANY(%s::uuid[]))"
            " OR EXISTS (SELECT 1 FROM services_service WHERE id = ANY(%s::uuid[]))"
            " OR EXISTS (SELECT 1 FROM services_location WHERE id = ANY(%s::uuid[]))",
            [[r[0] for r in rows.organizations], [r[0] for r in rows.services], [r[0] for r in rows.locations]],
        )
        new = not cursor.fetchone()[0]
        # Foreign keys checked statement by statement (parents load first): no pending trigger events, which would
        # forbid building indexes, and each table reports its own bad rows. Django's deferred default comes back after.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, model, parent in plan:
            started = time.perf_counter()
            data = getattr(rows, name)
            if new:
                _copy_new(cursor, model=model, columns=COLUMNS[name], rows=data, now=now)
            else:
                _upsert(cursor, model=model, columns=COLUMNS[name], rows=data, now=now, parent=parent)
            written += len(data)
            timings[model._meta.db_table] = round(time.perf_counter() - started, 3)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in (Organization, Service, Location, Address, ServiceAtLocation, Language, Schedule, Phone):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
        for model in through.values():
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return written, new
