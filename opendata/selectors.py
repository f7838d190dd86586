"""Reads for open data: the public service locations (exports, OGC `services`) and areas (OGC `areas`).

Public means what the search shows: active services inside their valid dates, at locations with a point. A redacted
location (a shelter) is listed with its area codes only: no point and no street address, ever.
"""

import bisect
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from geo_accmr.db_router import read_connection as connection  # the read replica when the request may use it
from geo_accmr.geo import ATHENS
from search.actions.directory import StampCache
from search.selectors import entry_conditions
from services.rules import address_line_sql, location_address_line_sql
from services.selectors import SearchFilters, search_conditions

# Rows fetched from the server-side cursor at a time: big enough to amortise round trips, small enough that a
# million-row export never holds more than a few MB in Python.
STREAM_CHUNK = 2000

CATEGORIES_SQL = """ARRAY(SELECT t.code FROM services_service_categories c JOIN services_taxonomyterm t
          ON t.id = c.taxonomyterm_id WHERE c.service_id = s.id ORDER BY t.code)"""
LANGUAGES_SQL = "ARRAY(SELECT lang.code FROM services_language lang WHERE lang.service_id = s.id ORDER BY lang.code)"
ADDRESS_SQL = location_address_line_sql("l")
# One expression per field of SERVICE_LOCATION_FIELDS, over the aliases of SERVICE_LOCATION_JOINS / PAGE_JOINS.
SERVICE_LOCATION_EXPRESSIONS = (
    "sal.id", "s.id", "l.id", "l.redacted",
    "CASE WHEN l.redacted THEN NULL ELSE ST_X(l.point::geometry) END",
    "CASE WHEN l.redacted THEN NULL ELSE ST_Y(l.point::geometry) END",
    "s.name_el", "COALESCE(NULLIF(s.name_en, ''), s.name_el)",
    "o.name_el", "COALESCE(NULLIF(o.name_en, ''), o.name_el)",
    CATEGORIES_SQL,
    LANGUAGES_SQL,
    f"CASE WHEN l.redacted THEN NULL ELSE {ADDRESS_SQL} END",
    "m.code", "cm.code", "n.code",
    "s.free_of_charge", "s.capacity_status", "s.assured_date", "s.valid_from", "s.valid_to", "s.url", "s.email",
)  # fmt: skip
SERVICE_LOCATION_COLUMNS = ", ".join(SERVICE_LOCATION_EXPRESSIONS)
SERVICE_LOCATION_JOINS = """
    FROM services_location l
    JOIN services_serviceatlocation sal ON sal.location_id = l.id
    JOIN services_service s ON s.id = sal.service_id
    JOIN services_organization o ON o.id = s.organization_id
    LEFT JOIN boundaries_area m ON m.id = l.municipality_id
    LEFT JOIN boundaries_area cm ON cm.id = l.community_id
    LEFT JOIN boundaries_area n ON n.id = l.neighbourhood_id
"""
# The same rows for the ids of a page (`head.ids`, a uuid[] column of service_location_window's statement), in the
# array's order: each looked up by its primary key (`OFFSET 0` keeps the planner from turning the lookups into joins
# of whole tables).
PAGE_JOINS = """
    FROM unnest(head.ids) WITH ORDINALITY AS page (id, n)
    CROSS JOIN LATERAL (SELECT * FROM services_serviceatlocation x WHERE x.id = page.id OFFSET 0) sal
    CROSS JOIN LATERAL (SELECT * FROM services_location x WHERE x.id = sal.location_id OFFSET 0) l
    CROSS JOIN LATERAL (SELECT * FROM services_service x WHERE x.id = sal.service_id OFFSET 0) s
    JOIN services_organization o ON o.id = s.organization_id
    LEFT JOIN boundaries_area m ON m.id = l.municipality_id
    LEFT JOIN boundaries_area cm ON cm.id = l.community_id
    LEFT JOIN boundaries_area n ON n.id = l.neighbourhood_id
"""
# The categories and languages of a page's rows (grouped_lists), each from one grouped read of the page's services
# (as EXPORT_JOINS does for the whole directory), hash-joined to the page: a sub-query per row costs a plan
# execution (with a sort, and a scan of the categories) per row, ~0.05 ms each, 1,000 times a page.
PAGE_LIST_JOINS = """
    LEFT JOIN (SELECT x.id, array_agg(t.code ORDER BY t.code) AS codes FROM services_serviceatlocation x
               JOIN services_service_categories c ON c.service_id = x.service_id
               JOIN services_taxonomyterm t ON t.id = c.taxonomyterm_id
               WHERE x.id = ANY(head.ids) GROUP BY x.id) cats
           ON cats.id = sal.id
    LEFT JOIN (SELECT x.id, array_agg(lang.code ORDER BY lang.code) AS codes FROM services_serviceatlocation x
               JOIN services_language lang ON lang.service_id = x.service_id
               WHERE x.id = ANY(head.ids) GROUP BY x.id) langs
           ON langs.id = sal.id
"""
# Names of the row's fields, in the order of SERVICE_LOCATION_COLUMNS (the CSV header and the GeoJSON properties).
SERVICE_LOCATION_FIELDS = (
    "id", "service_id", "location_id", "redacted", "lon", "lat", "name_el", "name_en", "organization_el",
    "organization_en", "categories", "languages", "address", "municipality", "community", "neighbourhood",
    "free_of_charge", "capacity_status", "assured_date", "valid_from", "valid_to", "url", "email",
)  # fmt: skip


@dataclass(frozen=True)
class Bbox:
    """west, south, east, north in degrees (CRS84), west < east and south < north."""

    west: float
    south: float
    east: float
    north: float


def _json_sql(expression: str) -> str:
    """The SQL value as JSON text, as json.dumps(…, ensure_ascii=False) writes it (null for NULL).

    PostgreSQL escapes a string as Python does (quote, backslash, \\n-style escapes, \\u00xx below U+0020, the
    rest as is), writes a date in ISO 8601 and an array of text as ["a","b"], without spaces.
    """
    return f"COALESCE(to_json({expression})::text, 'null')"


# The `properties` object of a service-location feature as JSON text, byte for byte what json.dumps (compact, as
# the OGC renderer writes) makes of geojson_feature(row)["properties"] (test: tests/opendata/test_ogc_encoded.py):
# the fields of SERVICE_LOCATION_FIELDS but the id and the point, in that order. (json_build_object would write
# `"key" : value, …` with spaces.) The point is not in it: ST_AsGeoJSON(…, 6) rounds a coordinate whose seventh
# decimal is 5 by its decimal text, Python's round() by the exact binary value (66.9446035 → 66.944604 and 66.944603),
# and writes 23 for 23.0; the view writes the point as the Python path does (opendata/ogc.py).
FEATURE_PROPERTIES_JSON_SQL = (
    "'{' || "
    + " || ',' || ".join(
        f"'\"{name}\":' || {_json_sql(expression)}"
        for name, expression in zip(SERVICE_LOCATION_FIELDS, SERVICE_LOCATION_EXPRESSIONS, strict=True)
        if name not in ("id", "lon", "lat")
    )
    + " || '}'"
)
# What the OGC items page reads per feature: the id, the service's id, the point (NULL when redacted) and the
# properties as JSON text.
FEATURE_JSON_COLUMNS = (
    f"sal.id::text, s.id::text, {SERVICE_LOCATION_EXPRESSIONS[4]}, {SERVICE_LOCATION_EXPRESSIONS[5]},"
    f" {FEATURE_PROPERTIES_JSON_SQL}"
)


@dataclass(frozen=True)
class ServiceLocationQuery:
    """The SQL and parameters of one public service-location read, built (and its filter codes checked) up front."""

    sql: str
    params: dict[str, Any]


def _public_conditions(*, filters: SearchFilters, moment: datetime | None) -> tuple[list[str], dict[str, Any]]:
    moment = moment or timezone.now()
    on = timezone.localtime(moment, timezone=ATHENS).date()
    return search_conditions(filters=filters, on=on, moment=moment)


# How far (degrees) the index test's box reaches beyond the asked box on every side. A lon/lat box cast to geography
# has great-circle edges, and the index compares 3-D boxes of those edges: a point on a parallel edge, where that
# edge passes x's or y's extreme (lon 0, ±90, 180), lies outside the 3-D box of the bowed edge and would be dropped
# (tests/opendata/test_bbox_edges.py fails at 0). The edges are cut into ≤ BBOX_INDEX_SEGMENT° pieces, and a piece
# of Δλ along latitude φ bows from the parallel by at most sin φ·cos φ·(Δλ/2)²/2 radians: ≤ 4.8e-6 rad = 0.00027°
# (at φ = 45°; Athens 0.00026°), so BBOX_INDEX_MARGIN only has to exceed 0.00027° (0.0002 is measured to drop a
# point, 0.0003 not) plus the float4 rounding of index boxes (outward, ~1e-7°): 0.001° is 3.6 times that. It was
# 0.01°, which for a town-sized box (0.02–0.06° across) doubled to quadrupled the candidates the exact test reads.
BBOX_INDEX_MARGIN = 0.001
BBOX_INDEX_SEGMENT = 0.5


def _bbox_condition(bbox: Bbox, params: dict[str, Any], *, alias: str = "l") -> str:
    """Exact lon/lat box test, with the geography index narrowing the candidates first.

    The index test uses the box grown by BBOX_INDEX_MARGIN with its edges cut into ≤ BBOX_INDEX_SEGMENT° pieces,
    which keeps every point of the real box inside it (why: at BBOX_INDEX_MARGIN).
    """
    margin = BBOX_INDEX_MARGIN
    params.update(
        bw=bbox.west, bs=bbox.south, be=bbox.east, bn=bbox.north,
        gw=max(bbox.west - margin, -180), gs=max(bbox.south - margin, -90),
        ge=min(bbox.east + margin, 180), gn=min(bbox.north + margin, 90),
    )  # fmt: skip
    return (
        f"NOT {alias}.redacted"
        f" AND {alias}.point && ST_Segmentize(ST_MakeEnvelope(%(gw)s, %(gs)s, %(ge)s, %(gn)s, 4326),"
        f" {BBOX_INDEX_SEGMENT})::geography"
        f" AND ST_Intersects({alias}.point::geometry, ST_MakeEnvelope(%(bw)s, %(bs)s, %(be)s, %(bn)s, 4326))"
    )


def grouped_lists(columns: str) -> str:
    """`columns` with the categories and languages of a row read from the grouped joins `cats` and `langs` (of
    EXPORT_JOINS or PAGE_LIST_JOINS) instead of from a sub-query per row."""
    return columns.replace(CATEGORIES_SQL, "COALESCE(cats.codes, '{}')").replace(
        LANGUAGES_SQL, "COALESCE(langs.codes, '{}')"
    )


# For a whole-directory export, the per-row lists come from one grouped pass over each table (hash-joined), not
# from a lookup per row: on a million locations that is ~3× faster, and reading in storage order (no ORDER BY) spares
# a million random index reads.
EXPORT_COLUMNS = (
    grouped_lists(SERVICE_LOCATION_COLUMNS.replace("sal.id, s.id, l.id,", "sal.id::text, s.id::text, l.id::text,"))
    .replace(ADDRESS_SQL, "addr.line")
    .replace("s.assured_date, s.valid_from, s.valid_to", "s.assured_date::text, s.valid_from::text, s.valid_to::text")
)
EXPORT_JOINS = f"""
    LEFT JOIN (SELECT c.service_id, array_agg(t.code ORDER BY t.code) AS codes FROM services_service_categories c
               JOIN services_taxonomyterm t ON t.id = c.taxonomyterm_id GROUP BY c.service_id) cats
           ON cats.service_id = s.id
    LEFT JOIN (SELECT service_id, array_agg(code ORDER BY code) AS codes FROM services_language
               GROUP BY service_id) langs
           ON langs.service_id = s.id
    LEFT JOIN (SELECT DISTINCT ON (a.location_id) a.location_id,
                      {address_line_sql("a")} AS line
               FROM services_address a ORDER BY a.location_id, a.created_at) addr
           ON addr.location_id = l.id
"""  # noqa: S608 - our own SQL fragments


def service_location_export_query(*, filters: SearchFilters, moment: datetime | None = None) -> ServiceLocationQuery:
    """Every public service location matching the filters, in storage order.

    Raises services.selectors.UnknownFilterValue for an unknown code, before anything is streamed.
    """
    where, params = _public_conditions(filters=filters, moment=moment)
    sql = f"SELECT {EXPORT_COLUMNS} {SERVICE_LOCATION_JOINS} {EXPORT_JOINS} WHERE {' AND '.join(where)}"  # noqa: S608
    return ServiceLocationQuery(sql=sql, params=params)


def rows_streamed(query: ServiceLocationQuery, *, chunk_size: int | None = None) -> Iterator[list[tuple]]:
    """The query's rows in lists of up to chunk_size, read through a server-side cursor.

    The cursor lives in a transaction of its own, so PostgreSQL produces rows as they are fetched (outside one,
    Django declares it WITH HOLD and the server would materialise the whole result first); the planner is told that
    every row will be read, so it plans for the whole result rather than for the first rows.
    """
    with transaction.atomic(using=connection.alias), connection.chunked_cursor() as cursor:
        with connection.cursor() as setting:
            setting.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        cursor.execute(query.sql, query.params)
        while rows := cursor.fetchmany(chunk_size or STREAM_CHUNK):
            yield rows


@dataclass(frozen=True)
class Window:
    """One page of a keyset (or offset) read: the rows, and whether rows lie before the first and after the last."""

    matched: int
    rows: list[tuple]
    more_before: bool
    more_after: bool


# The public set a read matched, per worker process, under the directory stamp and the text and parameters of its
# matching statement (the filters, the box, the day: whatever decides the set): a client paging through a box (QGIS and
# GDAL follow every `next` link) reads the box once per worker, not once per page, and a later page is the lookup of
# its ids. A box keeps its ids in order (16 bytes each, so a set of MATCHED_IDS_CAP costs 1.6 MB); the whole
# directory, and a box larger than that, only its count.
MATCHED_IDS_CAP = 100_000
UUID_BYTES = 16


@dataclass(frozen=True)
class _Matched:
    count: int
    ids: bytes | None  # the matched ids in id order, as concatenated 16-byte uuids; None when only counted


_MATCHED: StampCache[tuple[str, str, str], _Matched] = StampCache(size=16)


class _SortedIds:
    """The 16-byte ids of a _Matched blob as a sequence, for bisect (PostgreSQL orders uuids by their bytes)."""

    def __init__(self, blob: bytes) -> None:
        self._blob = blob

    def __len__(self) -> int:
        return len(self._blob) // UUID_BYTES

    def __getitem__(self, index: int) -> bytes:
        return self._blob[index * UUID_BYTES : (index + 1) * UUID_BYTES]

    def between(self, start: int, stop: int) -> list[uuid.UUID]:
        return [uuid.UUID(bytes=self[index]) for index in range(max(start, 0), min(stop, len(self)))]


def service_location_window(
    *,
    filters: SearchFilters,
    bbox: Bbox | None = None,
    valid_during: tuple[date | None, date | None] | None = None,
    limit: int,
    offset: int = 0,
    after: str | None = None,
    before: str | None = None,
    moment: datetime | None = None,
    columns: str = SERVICE_LOCATION_COLUMNS,
    stamp: str | None = None,
) -> Window:
    """A page of the public service locations in service-at-location id order, and the number matched.

    The page starts after the id `after` or ends before the id `before` (keyset: the database walks the id order
    from the key, so a deep page costs what the first does), else after skipping `offset` rows (offset paging:
    every row skipped is read). One row more than `limit` is read to know whether another page follows.
    With a bbox, only locations with a point inside it (so never a redacted one). With `valid_during` (start, end;
    None for an open end), only services whose valid dates meet that interval. The rows have `columns` (over the
    aliases of PAGE_JOINS): SERVICE_LOCATION_COLUMNS, or FEATURE_JSON_COLUMNS for the OGC items page.

    The public set, its filters and its order come from the search index (one row per public service at a
    location, with the point, the filters and the valid dates: search.selectors.entry_conditions, the same
    conditions as the caseworker search), so matching, counting and ordering read one table; the page's rows are
    then read from the directory tables by id. With the directory `stamp` the caller read, the matched set (a box's
    ids, or the count) is kept per worker under it (_MATCHED): the first page of a box reads the box once (the page,
    the count and the ids in order, in its one statement), and the pages after it read only their own rows. A page
    not answered from kept ids is one statement: with a bbox, the matching ids are gathered once (MATERIALIZED) and
    both counted and paged from there; without one, the set is the whole directory: counted by its own scan (unless
    the count is known), and the page read by walking the id index from the key (NOT MATERIALIZED), which at a
    million rows beats sorting a million ids.
    """
    moment = moment or timezone.now()
    on = timezone.localtime(moment, timezone=ATHENS).date()
    where, params = entry_conditions(filters=filters, on=on, moment=moment, stamp=stamp)
    if bbox is not None:
        where.append(_bbox_condition(bbox, params, alias="e"))
    if valid_during is not None:
        params.update(during_start=valid_during[0], during_end=valid_during[1])
        where.append(
            "(%(during_end)s::date IS NULL OR e.valid_from IS NULL OR e.valid_from <= %(during_end)s::date)"
            " AND (%(during_start)s::date IS NULL OR e.valid_to IS NULL OR e.valid_to >= %(during_start)s::date)"
        )
    matching = f"SELECT e.id FROM search_searchentry e WHERE {' AND '.join(where)}"  # noqa: S608
    if stamp is None or stamp == "0":  # "0": no directory state yet, so nothing that a write would move
        window, _ = _window_read(matching, params, bbox=bbox, limit=limit, offset=offset, after=after, before=before,
                                 columns=columns)  # fmt: skip
        return window
    read: list[Window] = []

    def first_read() -> _Matched:
        """This page in one statement, which also counts the set and, for a box, gathers its ids in order."""
        window, ids = _window_read(matching, params, bbox=bbox, limit=limit, offset=offset, after=after,
                                   before=before, columns=columns, keep_ids=bbox is not None)  # fmt: skip
        read.append(window)
        return _Matched(count=window.matched, ids=ids)

    known = _MATCHED.get((stamp, matching, repr(sorted(params.items()))), first_read)
    if read:
        return read[0]
    if known.ids is not None:
        return _window_of_ids(known, limit=limit, offset=offset, after=after, before=before, columns=columns)
    window, _ = _window_read(matching, params, bbox=bbox, limit=limit, offset=offset, after=after, before=before,
                             columns=columns, known_count=known.count)  # fmt: skip
    return window


def _window_read(
    matching: str,
    params: dict[str, Any],
    *,
    bbox: Bbox | None,
    limit: int,
    offset: int,
    after: str | None,
    before: str | None,
    columns: str,
    known_count: int | None = None,
    keep_ids: bool = False,
) -> tuple[Window, bytes | None]:
    """The page of what `matching` selects, read in one statement, and with `keep_ids` the matched ids in order
    (concatenated 16-byte uuids, on the first row only) when there are at most MATCHED_IDS_CAP of them."""
    key_sql, order = "TRUE", "id"
    if after is not None:
        key_sql = "id > %(after)s::uuid"
    elif before is not None:
        key_sql, order = "id < %(before)s::uuid", "id DESC"
    keyed = after is not None or before is not None
    params = {**params, "limit": limit, "more": limit + 1, "offset": 0 if keyed else offset, "after": after,
              "before": before, "known_count": known_count, "ids_cap": MATCHED_IDS_CAP}  # fmt: skip
    materialized = "MATERIALIZED" if bbox is not None else "NOT MATERIALIZED"
    count_sql = "(SELECT count(*) FROM matched)" if known_count is None else "%(known_count)s::bigint"
    # an uncorrelated sub-select runs only when reached: the ids are sorted only when they are to be kept
    ids_sql = (
        "CASE WHEN (SELECT count(*) FROM matched) <= %(ids_cap)s"
        " THEN (SELECT string_agg(uuid_send(id), ''::bytea ORDER BY id) FROM matched) END"
        if keep_ids
        else "NULL::bytea"
    )
    sql = f"""
        WITH matched AS {materialized} ({matching}),
        keyed AS (SELECT id FROM matched WHERE {key_sql} ORDER BY {order} LIMIT %(more)s OFFSET %(offset)s),
        head AS (SELECT {count_sql} AS matched, (SELECT count(*) FROM keyed) AS fetched,
                        ARRAY(SELECT id FROM (SELECT id FROM keyed ORDER BY {order} LIMIT %(limit)s) k ORDER BY id)
                            AS ids, {ids_sql} AS all_ids)
        SELECT head.matched, head.fetched, CASE WHEN COALESCE(rows.n, 1) = 1 THEN head.all_ids END, rows.*
        FROM head LEFT JOIN LATERAL (SELECT page.n, {columns} {PAGE_JOINS}) rows ON TRUE
        ORDER BY rows.n
    """  # noqa: S608 - our own SQL fragments
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    matched, fetched, all_ids = result[0][0], result[0][1], result[0][2]
    rows = [row[4:] for row in result if row[3] is not None]  # the page in id order; n is NULL on an empty page
    more = fetched > limit
    ids = None if not keep_ids or matched > MATCHED_IDS_CAP else bytes(all_ids or b"")
    if before is not None:
        return Window(matched=matched, rows=rows, more_before=more, more_after=bool(rows)), ids
    return Window(matched=matched, rows=rows, more_before=keyed or offset > 0, more_after=more), ids


def _page_rows(columns: str) -> str:
    """The statement reading the `columns` of the page `head.ids` (numbered by `page.n`), for a page of known ids.

    Not for _window_read's statement: there the planner takes an array built in the statement for 10 ids and
    joins the grouped lists by a nested loop (a million comparisons for 1,000 rows), so its rows keep their
    sub-queries."""
    return f"SELECT page.n, {grouped_lists(columns)} {PAGE_JOINS} {PAGE_LIST_JOINS}"  # noqa: S608 - our own SQL


def _window_of_ids(
    known: _Matched, *, limit: int, offset: int, after: str | None, before: str | None, columns: str
) -> Window:
    """The page of a matched set whose ids are known (as service_location_window's statement pages them)."""
    assert known.ids is not None
    ids = _SortedIds(known.ids)
    if after is not None:
        start = bisect.bisect_right(ids, uuid.UUID(after).bytes)
        fetched = ids.between(start, start + limit + 1)
        page = fetched[:limit]
    elif before is not None:
        stop = bisect.bisect_left(ids, uuid.UUID(before).bytes)
        fetched = ids.between(stop - limit - 1, stop)
        page = fetched[-limit:]
    else:
        fetched = ids.between(offset, offset + limit + 1)
        page = fetched[:limit]
    rows: list[tuple] = []
    if page:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rows.* FROM (SELECT %(ids)s::uuid[] AS ids) head"  # noqa: S608 - our own SQL fragments
                f" CROSS JOIN LATERAL ({_page_rows(columns)}) rows ORDER BY rows.n",
                {"ids": page},
            )
            rows = [row[1:] for row in cursor.fetchall()]
    more = len(fetched) > limit
    if before is not None:
        return Window(matched=known.count, rows=rows, more_before=more, more_after=bool(rows))
    keyed = after is not None
    return Window(matched=known.count, rows=rows, more_before=keyed or offset > 0, more_after=more)


def service_location_one(*, sal_id: str, moment: datetime | None = None) -> tuple | None:
    """One public service location by its service-at-location id, or None."""
    where, params = _public_conditions(filters=SearchFilters(), moment=moment)
    where.append("sal.id = %(sal_id)s")
    params["sal_id"] = sal_id
    with connection.cursor() as cursor:
        sql = f"SELECT {SERVICE_LOCATION_COLUMNS} {SERVICE_LOCATION_JOINS} WHERE {' AND '.join(where)}"  # noqa: S608
        cursor.execute(sql, params)
        return cursor.fetchone()


def service_location_extent(*, moment: datetime | None = None) -> list[float] | None:
    """[west, south, east, north] of the public, unredacted service locations, or None when there are none."""
    where, params = _public_conditions(filters=SearchFilters(), moment=moment)
    with connection.cursor() as cursor:
        sql = (
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM ("  # noqa: S608 - our own conditions
            " SELECT ST_Extent(l.point::geometry) AS e FROM services_location l"
            " JOIN services_serviceatlocation sal ON sal.location_id = l.id"
            " JOIN services_service s ON s.id = sal.service_id"
            f" WHERE NOT l.redacted AND {' AND '.join(where)}) AS x"
        )
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None or row[0] is None else [round(v, 6) for v in row]


def published_point(lon: float, lat: float) -> tuple[float, float]:
    """A point's lon, lat as published: 6 decimals (0.1 m)."""
    return round(lon, 6), round(lat, 6)


def service_location_properties(row: tuple) -> dict[str, Any]:
    """A row as a dict of plain JSON values (dates as ISO strings), keyed by SERVICE_LOCATION_FIELDS."""
    values = dict(zip(SERVICE_LOCATION_FIELDS, row, strict=True))
    for key in ("id", "service_id", "location_id"):
        values[key] = str(values[key])
    for key in ("assured_date", "valid_from", "valid_to"):  # dates, or ISO text already (exports cast in SQL)
        values[key] = values[key].isoformat() if isinstance(values[key], date) else values[key]
    if values["lon"] is not None:
        values["lon"], values["lat"] = published_point(values["lon"], values["lat"])
    values["categories"] = list(values["categories"])
    values["languages"] = list(values["languages"])
    return values


# ----------------------------------------------------------------------------------------------- areas
AREA_COLUMNS = """
    a.code, a.level, a.name_el, COALESCE(NULLIF(a.name_en, ''), a.name_el), a.population, a.population_year,
    p.code, a.cni_member, a.area_km2, ST_AsGeoJSON(a.geom, 6)
"""
AREA_FIELDS = ("code", "level", "name_el", "name_en", "population", "population_year", "parent", "cni_member",
               "area_km2")  # fmt: skip


def _area_where(*, level: str | None, bbox: Bbox | None, params: dict[str, Any]) -> str:
    where = ["TRUE"]
    if level:
        params["level"] = level
        where.append("a.level = %(level)s")
    if bbox is not None:
        params.update(bw=bbox.west, bs=bbox.south, be=bbox.east, bn=bbox.north)
        where.append(
            "a.geom && ST_MakeEnvelope(%(bw)s, %(bs)s, %(be)s, %(bn)s, 4326)"
            " AND ST_Intersects(a.geom, ST_MakeEnvelope(%(bw)s, %(bs)s, %(be)s, %(bn)s, 4326))"
        )
    return " AND ".join(where)


def area_window(
    *,
    level: str | None,
    bbox: Bbox | None,
    limit: int,
    offset: int = 0,
    after: str | None = None,
    before: str | None = None,
) -> Window:
    """A page of areas ((code, …, GeoJSON geometry text) rows) in code order, and the number matched.

    As service_location_window: after the code `after`, before the code `before` (keyset), else after `offset`.
    """
    params: dict[str, Any] = {}
    condition = _area_where(level=level, bbox=bbox, params=params)
    page, order = condition, "a.code"
    if after is not None:
        page += " AND a.code > %(after)s"
    elif before is not None:
        page += " AND a.code < %(before)s"
        order = "a.code DESC"
    keyed = after is not None or before is not None
    params.update(limit=limit + 1, offset=0 if keyed else offset, after=after, before=before)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM boundaries_area a WHERE {condition}", params)  # noqa: S608
        matched = cursor.fetchone()[0]
        rows: list[tuple] = []
        if matched and (keyed or offset < matched):
            cursor.execute(
                f"SELECT {AREA_COLUMNS} FROM boundaries_area a LEFT JOIN boundaries_area p ON p.id = a.parent_id"  # noqa: S608
                f" WHERE {page} ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s",
                params,
            )
            rows = cursor.fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    if before is not None:
        rows.reverse()
        return Window(matched=matched, rows=rows, more_before=more, more_after=bool(rows))
    return Window(matched=matched, rows=rows, more_before=keyed or offset > 0, more_after=more)


def area_one(*, code: str) -> tuple | None:
    """One area by code, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {AREA_COLUMNS} FROM boundaries_area a LEFT JOIN boundaries_area p ON p.id = a.parent_id"  # noqa: S608
            " WHERE a.code = %(code)s",
            {"code": code},
        )
        return cursor.fetchone()


def area_extent() -> list[float] | None:
    """[west, south, east, north] of every area, or None when there are none."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e"
                       " FROM boundaries_area) AS x")  # fmt: skip
        row = cursor.fetchone()
    return None if row is None or row[0] is None else [round(v, 6) for v in row]


def area_feature(row: tuple) -> dict[str, Any]:
    """An area row as a GeoJSON feature (id: the area code)."""
    properties = dict(zip(AREA_FIELDS, row[:-1], strict=True))
    return {"type": "Feature", "id": properties["code"], "geometry": json.loads(row[-1]), "properties": properties}
