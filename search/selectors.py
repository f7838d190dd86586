"""Reads of the search index: the nearest services that fit a client (/api/nearby/, the search page, HSDS) and what
the map shows in a viewport (/api/map/), with the conditions of a search over the index's rows."""

import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django.utils.translation import get_language

from boundaries.models import Area
from freshness.policy import freshness_cutoffs
from geo_accmr.db_router import read_connection as connection  # the read replica when the request may use it
from geo_accmr.text import fold
from services.redaction import shown_distance
from services.rules import (
    SCHEDULE_OPEN_SQL,
    SCHEDULE_OWNER_SQL,
    SCHEDULE_VALID_SQL,
    entry_visible_sql,
    in_area_sql,
    open_now_params,
    service_day,
    visible_params,
)
from services.selectors import SearchFilters, UnknownFilterValue, filter_term_ids

from .actions.directory import DIRECTORY_STAMP_SQL, StampCache
from .actions.map_cells import map_cells_current
from .mapgrid import ORIGIN_SHIFT, cell_index, cell_size_m, lonlat, mercator, precounted_level
from .models import DirectoryState

# Sphere distance (what the index's `<->` orders by) and WGS84 spheroid distance differ by well under 1 %; a
# candidate the index ranks at sphere distance d lies at least d·(1 − SPHERE_ERROR) away on the spheroid.
SPHERE_ERROR = 0.01


@dataclass
class NearbyResult:
    """One service at one location, with its spheroid distance from the search point.

    `properties_json` is the finished JSON object of what the result shows (in the asked language), without
    `distance_m` and `open_now`, straight from the search index.
    """

    id: UUID
    distance_m: float
    redacted: bool
    lon: float | None
    lat: float | None
    open_now: bool | None
    properties_json: str
    hours_today: list[str] | None = None  # with `hours_today=True`: today's opening periods (entry_hours_today)


# ----------------------------------------------------------------------------------------------- conditions
# The schedules of a search-index row `e`, as the rows `sc` the schedule conditions of services.rules test: the row
# stores them (search_source_v3.sql; SCHEDULE_OWNER_SQL chose them), so no answer looks them up in services_schedule.
ENTRY_SCHEDULE_ROWS_SQL = "unnest(e.schedules) AS sc"
# Some schedule of the row is open now (the open_now filter; services.rules.OPEN_NOW_SQL over the stored schedules).
ENTRY_OPEN_NOW_SQL = f"EXISTS (SELECT 1 FROM {ENTRY_SCHEDULE_ROWS_SQL} WHERE {SCHEDULE_OPEN_SQL})"  # noqa: S608
# Today's periods of the schedules that apply to a service at location `sal` of the service `service`
# (SCHEDULE_OWNER_SQL): those on today's weekday (%(dow)s of open_now_params), valid on %(today)s, as "09:00–17:00"
# (Athens): entry_hours_today, the nearby query and the map's points.
SCHEDULE_ON_TODAY_SQL = f"position(%(dow)s in sc.byday) > 0 AND {SCHEDULE_VALID_SQL}"
SCHEDULE_TODAY_SQL = f"{SCHEDULE_OWNER_SQL} AND {SCHEDULE_ON_TODAY_SQL}"
PERIOD_SQL = "to_char(sc.opens_at, 'HH24:MI') || '–' || to_char(sc.closes_at, 'HH24:MI')"
# The schedules of a search-index row `e` read once (one lateral over its stored schedules, `AS s`), for the nearby
# query and the map:
# - s.has_hours: it has schedules at all;
# - s.periods: today's periods of all of them in (opens_at, closes_at) order, NULL when none: listing each the first
#   time it comes (first_each) gives entry_hours_today's list (a period's first row is its earliest);
# - s.open_now: one of them is open now (SCHEDULE_OPEN_SQL, as ENTRY_OPEN_NOW_SQL), NULL when it has none.
ENTRY_SCHEDULES_SQL = f"""
    CROSS JOIN LATERAL (
        SELECT count(*) > 0,
               array_agg({PERIOD_SQL} ORDER BY sc.opens_at, sc.closes_at) FILTER (WHERE {SCHEDULE_ON_TODAY_SQL}),
               bool_or(COALESCE({SCHEDULE_OPEN_SQL}, false))
        FROM {ENTRY_SCHEDULE_ROWS_SQL}
    ) AS s(has_hours, periods, open_now)
"""  # noqa: S608 - our own fragments; values are parameters


def first_each(items: list[str]) -> list[str]:
    """`items` with each listed once, where it first comes."""
    return list(dict.fromkeys(items))


def entry_conditions(
    *, filters: SearchFilters, on: date, moment: datetime, stamp: str | None = None
) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions over `e` (the search index) for the filters, with their parameters (as search_conditions);
    with the directory `stamp` the caller read, the filters' terms come from filter_term_ids's cache."""
    where = [entry_visible_sql("e")]  # the index holds active services; unconfirmed ones are hidden (rules.py)
    params: dict[str, Any] = visible_params(on)
    # Each filter twice: as tokens on `e.tags`, which the GiST index on (point, tags) tests while it walks the
    # space, and exactly on its own column (a token collision could only add a candidate). The tokens come from the
    # SQL function that made the row's tags (search/sql/filter_token_v1.sql), folded to constants by the planner.
    for taxonomy, codes, field_name, column in (
        ("categories", filters.categories, "category", "category_ids"),
        ("audience", filters.audiences, "audience", "audience_ids"),
        ("eligibility", filters.eligibility, "eligibility", "eligibility_ids"),
    ):
        if codes:
            params[column] = filter_term_ids(
                taxonomy, codes, field_name=field_name, descendants=field_name == "category", stamp=stamp
            )
            params[f"{column}_tags"] = [str(term_id) for term_id in params[column]]
            where.append(
                f"e.tags && search_filter_tokens(%({column}_tags)s::text[]) AND e.{column} && %({column})s::uuid[]"
            )
    if filters.languages:
        params["languages"] = list(filters.languages)
        params["language_tags"] = [f"language:{code}" for code in filters.languages]
        where.append(
            "e.tags && search_filter_tokens(%(language_tags)s::text[]) AND e.languages && %(languages)s::varchar[]"
        )
    if filters.free:
        where.append("e.tags && search_filter_tokens('{free}') AND e.free_of_charge")
    if filters.area:
        area_id = Area.objects.filter(code=filters.area).values_list("id", flat=True).first()
        if area_id is None:
            raise UnknownFilterValue("area", f"Unknown area: {filters.area}")
        params["area_id"] = area_id
        where.append(in_area_sql("e", area="%(area_id)s::bigint"))
    if filters.q:
        for number, word in enumerate(fold(filters.q).split()[:8]):
            params[f"q{number}"] = f"% {word}%"
            where.append(f"e.search_text LIKE %(q{number})s::text")
    if filters.open_now:
        params.update(open_now_params(moment))
        where.append(ENTRY_OPEN_NOW_SQL)
    return where, params


def no_filter_applies(params: dict[str, Any]) -> bool:
    """entry_conditions's parameters hold only the visibility's (visible_params): its statement text is the same
    for every search, so it may be prepared (_search_cursor)."""
    return params.keys() == {"on", "visible_since"}


# ----------------------------------------------------------------------------------------------- nearby
class _PreparedCursor(psycopg.Cursor):
    """A server-side-binding cursor that prepares what it runs (Django's own cursors bind on the client)."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        return super().execute(query, params, prepare=True, **kwargs)


def _search_cursor(*, prepared: bool) -> Any:
    """A cursor for the nearest-first query, wrapped as Django wraps its own (so tests and debug see the query).

    The unfiltered query is the same text on every search, so a prepared statement with a generic plan saves
    its planning (as long as the connection persists). Filtered queries are planned with their values: how
    selective a category or word is decides between walking the spatial index and a bitmap of matches.
    """
    if not (prepared and settings.GEO_ACCMR_PREPARED_SEARCH):
        return connection.cursor()
    connection.ensure_connection()
    raw = _PreparedCursor(connection.connection)
    # django-stubs type these as taking Django's CursorWrapper; they wrap a DB-API cursor (as Django's own cursor())
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)  # type: ignore[arg-type]


# Per worker: the directory stamp the last nearby statement with taxonomy filters read (DIRECTORY_STAMP_SQL); the
# next one takes its filters' terms from filter_term_ids's cache under it, and checks it in the same statement.
_nearby_stamp: str | None = None


def service_list_nearby(
    *,
    lat: float,
    lon: float,
    radius_m: float = 5000,
    filters: SearchFilters = SearchFilters(),  # noqa: B008 - frozen dataclass, immutable
    limit: int = 20,
    moment: datetime | None = None,
    language: str | None = None,
    hours_today: bool = False,
) -> list[NearbyResult]:
    """Service locations nearest first by WGS84 spheroid distance, within `radius_m`, from the search index.

    The spatial index (`<->` on geography, sphere metres) supplies candidates nearest first, each with the finished
    JSON of what a result shows; the exact spheroid distance re-ranks them, and more candidates are fetched only
    when the first batch cannot prove that nothing unfetched could rank inside the limit. One query in the usual
    case. With `hours_today`, each result carries today's opening periods, read in the same statement.

    Category, audience and eligibility filters take their terms from a per-worker cache under the directory stamp
    the previous such search read; the statement reads the stamp too, and when it has moved since (the terms may
    have changed), the search runs again with the terms of the stamp it read.
    """
    global _nearby_stamp  # noqa: PLW0603 - per-process state, as the caches of search.actions.directory
    moment = moment or timezone.now()
    with_terms = bool(filters.categories or filters.audiences or filters.eligibility)
    guess = _nearby_stamp if with_terms else None
    chosen, stamp = _nearby_rows(
        lat=lat, lon=lon, radius_m=radius_m, filters=filters, limit=limit, moment=moment,
        language=language, hours_today=hours_today, stamp=guess, with_stamp=with_terms,
    )  # fmt: skip
    if with_terms and stamp != guess:
        _nearby_stamp = stamp
        if guess is not None:  # the cached terms were another version's: again, with the terms of this one
            chosen, _ = _nearby_rows(
                lat=lat, lon=lon, radius_m=radius_m, filters=filters, limit=limit, moment=moment,
                language=language, hours_today=hours_today, stamp=stamp, with_stamp=False,
            )  # fmt: skip
    return [
        NearbyResult(
            id=sal_id,
            distance_m=shown_distance(spheroid_m, redacted=redacted),
            redacted=redacted,
            lon=None if redacted else x,
            lat=None if redacted else y,
            open_now=is_open,
            properties_json=props,
            hours_today=first_each(periods or []) if hours_today else None,
        )
        for sal_id, redacted, x, y, spheroid_m, _sphere, is_open, props, periods, _stamp in chosen
    ]


def _nearby_rows(
    *,
    lat: float,
    lon: float,
    radius_m: float,
    filters: SearchFilters,
    limit: int,
    moment: datetime,
    language: str | None,
    hours_today: bool,
    stamp: str | None,
    with_stamp: bool,
) -> tuple[list[tuple[Any, ...]], str | None]:
    """service_list_nearby's rows, with the directory stamp read in the same statement when `with_stamp` (the
    filters' terms cached under `stamp`; None: read now)."""
    on = service_day(moment)
    try:
        where, params = entry_conditions(filters=filters, on=on, moment=moment, stamp=stamp)
    except UnknownFilterValue:
        if stamp is None:
            raise
        # a code added since the cached version: known only to a fresh read of the terms (which raises if not)
        where, params = entry_conditions(filters=filters, on=on, moment=moment)
    unfiltered = no_filter_applies(params)
    params.update({"lon": lon, "lat": lat, **open_now_params(moment)})
    properties = "e.properties_en" if (language or get_language()) == "en" else "e.properties_el"
    origin = "ST_SetSRID(ST_MakePoint(%(lon)s::float8, %(lat)s::float8), 4326)::geography"
    select = f"""
        SELECT e.id, e.redacted, ST_X(e.point::geometry), ST_Y(e.point::geometry),
               ST_Distance(e.point, {origin}, true), e.point <-> {origin},
               s.open_now, {properties}, {"s.periods" if hours_today else "NULL"},
               {DIRECTORY_STAMP_SQL if with_stamp else "NULL"}
        FROM search_searchentry e {ENTRY_SCHEDULES_SQL}
        WHERE {" AND ".join(where)}
        ORDER BY e.point <-> {origin}
    """  # noqa: S608 - only our own condition strings are interpolated; values are parameters
    k = limit + max(5, limit // 2)
    with _search_cursor(prepared=unfiltered) as cursor:
        while True:
            # the limit is written into the text: a parameter there would cost the prepared plan its index walk
            cursor.execute(f"{select} LIMIT {int(k)}", params)
            rows = cursor.fetchall()
            # ties (several services at one location) are ordered by id, so pages are stable
            inside = sorted((r for r in rows if r[4] <= radius_m), key=lambda r: (round(r[4], 3), str(r[0])))
            chosen = inside[:limit]
            exhausted = len(rows) < k
            bound = rows[-1][5] * (1 - SPHERE_ERROR) if rows else 0.0
            if exhausted or bound > radius_m or (len(chosen) == limit and chosen[-1][4] <= bound):
                break
            k *= 4
        read_stamp = None
        if with_stamp:
            if rows:
                read_stamp = rows[0][9]
            else:  # nothing matched anywhere: the stamp on its own
                cursor.execute(f"SELECT {DIRECTORY_STAMP_SQL}")
                read_stamp = cursor.fetchone()[0]
    return chosen, read_stamp


# ----------------------------------------------------------------------------------------------- map viewport
def map_cells_fresh(*, on: date) -> bool:
    """Whether the pre-counted map cells describe the directory on the day `on` (triggers keep them current through
    the day; the first map request of a day rolls them over: actions.map_cells.map_cells_current)."""
    state = DirectoryState.objects.filter(pk=1).values_list("map_cells_on", "map_cells_visible_since").first()
    return state is not None and state == (on, freshness_cutoffs(today=on).hidden_before)


MAX_MAP_FEATURES = 2000  # the contract's cap on one answer
# More markers than this are unreadable on a screen (and heavy to send): the map clusters above it.
MAX_MAP_POINTS = 1000


@dataclass(frozen=True)
class MapView:
    """A viewport: west, south, east, north in degrees, and the map zoom."""

    west: float
    south: float
    east: float
    north: float
    zoom: int


def precounted_key(filters: SearchFilters) -> str | None:
    """The MapCell key that answers these filters alone, or None when they need a live count."""
    singles = [
        *(f"category:{c}" for c in filters.categories),
        *(f"language:{c}" for c in filters.languages),
        *(f"audience:{c}" for c in filters.audiences),
        *(f"eligibility:{c}" for c in filters.eligibility),
        *(["free"] if filters.free else []),
    ]
    if filters.open_now or filters.q or filters.area or len(singles) > 1:
        return None
    return singles[0] if singles else ""


def _capped(cells: list[tuple[int, float, float]], *, zoom: int) -> list[tuple[int, float, float]]:
    """(count, mean x, mean y) cells, merged on ever coarser grids until at most MAX_MAP_FEATURES remain.

    Only a viewport much larger than a screen at its zoom needs this; the contract caps an answer at 2000.
    """
    while len(cells) > MAX_MAP_FEATURES and zoom > 0:
        zoom -= 1
        size = cell_size_m(zoom)
        merged: dict[tuple[int, int], list[float]] = {}
        for count, x, y in cells:
            key = (math.floor((x + ORIGIN_SHIFT) / size), math.floor((y + ORIGIN_SHIFT) / size))
            total = merged.setdefault(key, [0, 0.0, 0.0])
            total[0] += count
            total[1] += x * count
            total[2] += y * count
        cells = [(int(c), sx / c, sy / c) for c, sx, sy in merged.values()]
    return cells


def _cluster_json(count: int, x: float, y: float) -> str:
    """A cluster as GeoJSON feature text, as json.dumps writes it (floats by repr)."""
    lon, lat = lonlat(x, y)
    return (
        f'{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{round(lon, 6)!r},{round(lat, 6)!r}]}},'
        f'"properties":{{"cluster":true,"count":{count}}}}}'
    )


def _collection_json(features: list[str], *, clustered: bool, count: int) -> str:
    """The map's answer as text: what DRF's JSONRenderer wrote for the dict {type, features, clustered, count}
    (compact, UTF-8 unescaped but for the two line separators JavaScript's string literals reject)."""
    text = (
        '{"type":"FeatureCollection","features":['
        + ",".join(features)
        + f'],"clustered":{"true" if clustered else "false"},"count":{count}}}'
    )
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# A point's properties ahead of its committee and today's hours are stored on the row, as compact JSON members
# (e.map_head_el / e.map_head_en, with the category codes that choose the committee: search_source_v2.sql).
_POINT_OPEN_NOW_SQL = "COALESCE(s.open_now::text, 'null')"


def service_map_json(
    *, view: MapView, filters: SearchFilters, moment: datetime | None = None, stamp: str | None = None
) -> str:
    """What the map shows in a viewport, as GeoJSON text: points when at most MAX_MAP_POINTS match, else grid
    clusters (the bytes DRF's JSONRenderer wrote for the same answer as a dict).

    Redacted locations are never drawn. Viewports up to the finest pre-counted zoom with no filter or a single one
    are answered from pre-counted cells (one statement checks the day and adds them up); everything else is counted
    live on the rows in the viewport: one statement for the points, their properties finished by PostgreSQL, and
    the directory stamp the committees of their categories are cached under. With the directory `stamp` the request
    has read (the conditional-GET middleware's), the filters' terms are not read again under it.
    """
    moment = moment or timezone.now()
    on = service_day(moment)
    (x0, y0), (x1, y1) = mercator(view.west, view.south), mercator(view.east, view.north)
    key = precounted_key(filters)
    level = precounted_level(view.zoom)
    if level is not None and key is not None:
        cells = _precounted_cells(
            on=on, key=key, level=level, factor=2 ** (level - view.zoom), cx=(x0, x1), cy=(y0, y1)
        )
        if cells is not None:
            total = sum(count for count, _, _ in cells)
            if total > MAX_MAP_POINTS:
                means = _capped([(count, sx / count, sy / count) for count, sx, sy in cells], zoom=view.zoom)
                return _collection_json([_cluster_json(*cell) for cell in means], clustered=True, count=total)
    # counted live on the search index: one table, the filters on its rows, the viewport on its GiST index
    where, params = entry_conditions(filters=filters, on=on, moment=moment, stamp=stamp)
    unfiltered = no_filter_applies(params)
    where += ["NOT e.redacted", "e.point && ST_MakeEnvelope(%(w)s, %(s)s, %(e)s, %(n)s, 4326)::geography"]
    params.update({"w": view.west, "s": view.south, "e": view.east, "n": view.north})
    condition = " AND ".join(where)
    head = "e.map_head_en" if get_language() == "en" else "e.map_head_el"
    # Without filters the statement's text is the same for every viewport: prepared, it is planned once per
    # connection (as the nearest-first search; planning took as long as reading a few dozen points). The limit is
    # written into the text, as there.
    with _search_cursor(prepared=unfiltered) as cursor:
        cursor.execute(
            f"""
            SELECT e.id::text, ST_X(e.point::geometry), ST_Y(e.point::geometry), e.category_codes,
                   {head}, {_POINT_OPEN_NOW_SQL}, s.periods,
                   {DIRECTORY_STAMP_SQL}
            FROM search_searchentry e
            {ENTRY_SCHEDULES_SQL}
            WHERE {condition} LIMIT {MAX_MAP_POINTS + 1}
            """,  # noqa: S608 - our own condition strings; values are parameters
            {**params, **open_now_params(moment)},
        )
        rows = cursor.fetchall()
    if len(rows) <= MAX_MAP_POINTS:
        committees = committees_json(stamp=rows[0][7]) if rows else {}
        committee: dict[str, str] = {}  # a row's categories (JSON text) → its committee, once per answer
        for _sal_id, _x, _y, categories, *_ in rows:
            if categories not in committee:
                committee[categories] = committee_of(json.loads(categories), committees) or "null"
        features = [
            # kept light: up to 1000 of these per answer; /api/nearby/ and the service page have the rest
            f'{{"type":"Feature","id":"{sal_id}","geometry":{{"type":"Point","coordinates":'
            f'[{round(x, 6)!r},{round(y, 6)!r}]}},"properties":{{{head},"committee":{committee[categories]},'
            f'"open_now":{open_now},"hours_today":[{_periods_json(periods)}]}}}}'
            for sal_id, x, y, categories, head, open_now, periods, _stamp in rows
        ]
        return _collection_json(features, clustered=False, count=len(rows))
    params.update({"shift": ORIGIN_SHIFT, "cell": cell_size_m(view.zoom)})
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT count(*)::int, avg(x), avg(y) FROM (
                SELECT ST_X(m) AS x, ST_Y(m) AS y
                FROM (SELECT ST_Transform(e.point::geometry, 3857) AS m FROM search_searchentry e
                      WHERE {condition}) AS projected
            ) AS points
            GROUP BY floor((x + %(shift)s) / %(cell)s), floor((y + %(shift)s) / %(cell)s)
            """,  # noqa: S608
            params,
        )
        cells = cursor.fetchall()
    features = [_cluster_json(*cell) for cell in _capped(cells, zoom=view.zoom)]
    return _collection_json(features, clustered=True, count=sum(c for c, _, _ in cells))


def _periods_json(periods: list[str] | None) -> str:
    """Today's periods (ENTRY_SCHEDULES_SQL's s.periods) as the JSON strings of a list, each once."""
    return ",".join(f'"{period}"' for period in first_each(periods)) if periods else ""


def service_map_features(*, view: MapView, filters: SearchFilters, moment: datetime | None = None) -> dict[str, Any]:
    """service_map_json's answer as a dict (for Python callers; the API sends the text)."""
    return json.loads(service_map_json(view=view, filters=filters, moment=moment))


def _precounted_cells(
    *, on: date, key: str, level: int, factor: int, cx: tuple[float, float], cy: tuple[float, float]
) -> list[tuple[int, float, float]] | None:
    """(count, sum x, sum y) of the pre-counted cells of `key` in the view, merged `factor` a side, or None when the
    cells do not answer the day `on` (count live). One statement: search_map_cells_sums (search/sql/map_cells_v3.sql)
    checks the day, rolling the cells over first on the first request of a day, and adds them up."""
    params: dict[str, Any] = {
        "on": on,
        "since": freshness_cutoffs(today=on).hidden_before,
        "key": key,
        "level": level,
        "factor": factor,
        "cx0": cell_index(cx[0], level),
        "cx1": cell_index(cx[1], level),
        "cy0": cell_index(cy[0], level),
        "cy1": cell_index(cy[1], level),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM search_map_cells_sums(%(on)s, %(since)s, %(key)s, %(level)s, %(factor)s,"
            " %(cx0)s, %(cx1)s, %(cy0)s, %(cy1)s)",
            params,
        )
        cells = cursor.fetchall()
    if cells and cells[0][0] is None:
        if connection.alias != DEFAULT_DB_ALIAS:
            map_cells_current(on=on)  # a standby cannot roll the cells over: the primary does, for later requests
        return None
    return cells


# ----------------------------------------------------------------------------------------------- what a result shows
def committee_of_codes() -> dict[str, str]:
    """Every category code → the code of its committee (the top-level category it sits under)."""
    from services.models import TaxonomyTerm

    rows = dict(TaxonomyTerm.objects.filter(taxonomy__code="categories").values_list("code", "parent__code"))
    top: dict[str, str] = {}
    for code in rows:
        current, seen = code, set()
        while rows.get(current) and current not in seen:
            seen.add(current)
            current = rows[current]
        top[code] = current
    return top


_COMMITTEES: StampCache[str | None, dict[str, str]] = StampCache()  # directory stamp → committees as JSON


def committees_json(*, stamp: str | None) -> dict[str, str]:
    """committee_of_codes with each committee as JSON text, read once per directory stamp ("version@changed_at",
    any text that changes with them) in each worker: every change to the categories changes it (services/signals.py)."""
    return _COMMITTEES.get(
        stamp, lambda: {code: json.dumps(top, ensure_ascii=False) for code, top in committee_of_codes().items()}
    )


def committee_of(categories: list[str], committees: dict[str, str]) -> str | None:
    """The committee a service is drawn in: the committee of its first category (codes are sorted)."""
    return next((committees[code] for code in categories if code in committees), None)


def entry_hours_today(*, ids: list[UUID], moment: datetime | None = None) -> dict[UUID, list[str]]:
    """Today's opening periods ("09:00–17:00"), Europe/Athens, of each service at location in `ids`."""
    if not ids:
        return {}
    params = open_now_params(moment or timezone.now())
    params["ids"] = list(ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT sal.id, {PERIOD_SQL}
            FROM services_serviceatlocation sal
            JOIN services_schedule sc ON {SCHEDULE_TODAY_SQL.format(service="sal.service_id", sal="sal.id")}
            WHERE sal.id = ANY(%(ids)s::uuid[])
            ORDER BY sc.opens_at, sc.closes_at
            """,  # noqa: S608 - our own fragments; values are parameters
            params,
        )
        rows = cursor.fetchall()
    hours: dict[UUID, list[str]] = {}
    for sal_id, period in rows:
        if period not in hours.setdefault(sal_id, []):
            hours[sal_id].append(period)
    return hours
