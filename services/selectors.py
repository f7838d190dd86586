"""Reads for the caseworker search: nearest services that fit a client."""

import hashlib
import math
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import psycopg
from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from boundaries.models import Area
from geo_accmr.text import fold

from .actions.directory import map_cells_fresh
from .freshness import VERIFIED_ON_SQL, freshness_cutoffs
from .mapgrid import ORIGIN_SHIFT, cell_index, cell_size_m, lonlat, mercator, precounted_level
from .models import WEEKDAYS, Service, ServiceAtLocation, TaxonomyTerm
from .redaction import shown_distance

ATHENS = ZoneInfo("Europe/Athens")
# Sphere distance (what the index's `<->` orders by) and WGS84 spheroid distance differ by well under 1 %; a
# candidate the index ranks at sphere distance d lies at least d·(1 − SPHERE_ERROR) away on the spheroid.
SPHERE_ERROR = 0.01


@dataclass(frozen=True)
class SearchFilters:
    """What a caseworker asked for; every field is optional and they combine with AND (values within one: OR)."""

    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    eligibility: tuple[str, ...] = ()
    free: bool = False
    open_now: bool = False
    area: str | None = None
    q: str = ""

    @classmethod
    def from_params(cls, data: dict[str, Any]) -> "SearchFilters":
        """From validated parameters named as in the URL (category, language, audience, eligibility, …)."""
        return cls(
            categories=tuple(data.get("category") or ()),
            languages=tuple(data.get("language") or ()),
            audiences=tuple(data.get("audience") or ()),
            eligibility=tuple(data.get("eligibility") or ()),
            free=bool(data.get("free")),
            open_now=bool(data.get("open_now")),
            area=data.get("area") or None,
            q=data.get("q") or "",
        )


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


class UnknownFilterValue(ValueError):
    """A filter names a code we do not know; carries the field name for the 400 answer."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


def filter_token(value: str) -> int:
    """A filter value as the 32-bit token of the search index's `tags` (migration services/0007: the first 8 hex
    digits of its md5, as a signed integer)."""
    token = int(hashlib.md5(value.encode()).hexdigest()[:8], 16)  # noqa: S324 - a bucket, not a secret
    return token - 2**32 if token >= 2**31 else token


def _term_ids(taxonomy: str, codes: tuple[str, ...], *, field_name: str, descendants: bool = False) -> list[UUID]:
    terms = TaxonomyTerm.objects.filter(taxonomy__code=taxonomy)
    found = terms.with_descendants(list(codes)) if descendants else terms.filter(code__in=codes)
    rows = list(found.values_list("id", "code"))
    missing = set(codes) - {code for _, code in rows}
    if missing:
        raise UnknownFilterValue(field_name, f"Unknown {field_name}: {', '.join(sorted(missing))}")
    return [term_id for term_id, _ in rows]


def open_now_params(moment: datetime) -> dict[str, Any]:
    """Europe/Athens weekday codes and time of day for the open-now test."""
    local = timezone.localtime(moment, timezone=ATHENS)
    return {
        "dow": WEEKDAYS[local.weekday()],
        "prev_dow": WEEKDAYS[(local.weekday() - 1) % 7],
        "clock": time(local.hour, local.minute, local.second),
        "today": local.date(),
    }


# An applicable schedule (the service's own, or the service-at-location's) is open at %(clock)s on %(dow)s; a
# period whose closing time is before its opening time runs past midnight into the next day.
OPEN_NOW_TEMPLATE = """
    EXISTS (
        SELECT 1 FROM services_schedule sc
        WHERE (sc.service_id = {service} OR sc.service_at_location_id = {sal})
          AND (sc.valid_from IS NULL OR sc.valid_from <= %(today)s)
          AND (sc.valid_to IS NULL OR sc.valid_to >= %(today)s)
          AND (
            (position(%(dow)s in sc.byday) > 0 AND sc.opens_at <= %(clock)s
             AND (sc.closes_at > %(clock)s OR sc.closes_at < sc.opens_at))
            OR (position(%(prev_dow)s in sc.byday) > 0 AND sc.closes_at < sc.opens_at AND %(clock)s < sc.closes_at)
          )
    )
"""
OPEN_NOW_SQL = OPEN_NOW_TEMPLATE.format(service="s.id", sal="sal.id")
ENTRY_OPEN_NOW_SQL = OPEN_NOW_TEMPLATE.format(service="e.service_id", sal="e.id")  # over the search index `e`
ENTRY_HAS_HOURS_SQL = (
    "EXISTS (SELECT 1 FROM services_schedule sc WHERE sc.service_id = e.service_id OR sc.service_at_location_id = e.id)"
)


def search_conditions(*, filters: SearchFilters, on: date, moment: datetime) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions over `s` (service), `sal` and `l` (location) for the filters, with their parameters."""
    where = [
        "l.point IS NOT NULL",
        "s.status = 'active'",
        "(s.valid_from IS NULL OR s.valid_from <= %(on)s)",
        "(s.valid_to IS NULL OR s.valid_to >= %(on)s)",
        f"{VERIFIED_ON_SQL.format(s='s')} >= %(visible_since)s",
    ]
    params: dict[str, Any] = {"on": on, "visible_since": freshness_cutoffs(today=on).hidden_before}
    if filters.categories:
        params["category_ids"] = _term_ids("categories", filters.categories, field_name="category", descendants=True)
        where.append(
            "EXISTS (SELECT 1 FROM services_service_categories c"
            " WHERE c.service_id = s.id AND c.taxonomyterm_id = ANY(%(category_ids)s))"
        )
    if filters.audiences:
        params["audience_ids"] = _term_ids("audience", filters.audiences, field_name="audience")
        where.append(
            "EXISTS (SELECT 1 FROM services_service_audiences a"
            " WHERE a.service_id = s.id AND a.taxonomyterm_id = ANY(%(audience_ids)s))"
        )
    if filters.eligibility:
        params["eligibility_ids"] = _term_ids("eligibility", filters.eligibility, field_name="eligibility")
        where.append(
            "EXISTS (SELECT 1 FROM services_service_eligibility e"
            " WHERE e.service_id = s.id AND e.taxonomyterm_id = ANY(%(eligibility_ids)s))"
        )
    if filters.languages:
        params["languages"] = list(filters.languages)
        where.append(
            "EXISTS (SELECT 1 FROM services_language lang"
            " WHERE lang.service_id = s.id AND lang.code = ANY(%(languages)s))"
        )
    if filters.free:
        where.append("s.free_of_charge")
    if filters.area:
        area_id = Area.objects.filter(code=filters.area).values_list("id", flat=True).first()
        if area_id is None:
            raise UnknownFilterValue("area", f"Unknown area: {filters.area}")
        params["area_id"] = area_id
        where.append(
            "(l.municipality_id = %(area_id)s OR l.community_id = %(area_id)s OR l.neighbourhood_id = %(area_id)s)"
        )
    if filters.q:
        words = fold(filters.q).split()[:8]
        for number, word in enumerate(words):
            params[f"q{number}"] = f"% {word}%"
            where.append(f"s.search_text LIKE %(q{number})s")
    if filters.open_now:
        params.update(open_now_params(moment))
        where.append(OPEN_NOW_SQL)
    return where, params


def entry_conditions(*, filters: SearchFilters, on: date, moment: datetime) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions over `e` (the search index) for the filters, with their parameters (as search_conditions)."""
    where = [
        "(e.valid_from IS NULL OR e.valid_from <= %(on)s)",
        "(e.valid_to IS NULL OR e.valid_to >= %(on)s)",
        "e.verified_on >= %(visible_since)s",  # unconfirmed for two policy periods: hidden (services/freshness.py)
    ]
    params: dict[str, Any] = {"on": on, "visible_since": freshness_cutoffs(today=on).hidden_before}
    # Each filter twice: as tokens on `e.tags`, which the GiST index on (point, tags) tests while it walks the
    # space, and exactly on its own column (a token collision could only add a candidate).
    for taxonomy, codes, field_name, column in (
        ("categories", filters.categories, "category", "category_ids"),
        ("audience", filters.audiences, "audience", "audience_ids"),
        ("eligibility", filters.eligibility, "eligibility", "eligibility_ids"),
    ):
        if codes:
            params[column] = _term_ids(taxonomy, codes, field_name=field_name, descendants=field_name == "category")
            params[f"{column}_tags"] = [filter_token(str(term_id)) for term_id in params[column]]
            where.append(f"e.tags && %({column}_tags)s::int[] AND e.{column} && %({column})s::uuid[]")
    if filters.languages:
        params["languages"] = list(filters.languages)
        params["language_tags"] = [filter_token(f"language:{code}") for code in filters.languages]
        where.append("e.tags && %(language_tags)s::int[] AND e.languages && %(languages)s::varchar[]")
    if filters.free:
        params["free_tag"] = [filter_token("free")]
        where.append("e.tags && %(free_tag)s::int[] AND e.free_of_charge")
    if filters.area:
        area_id = Area.objects.filter(code=filters.area).values_list("id", flat=True).first()
        if area_id is None:
            raise UnknownFilterValue("area", f"Unknown area: {filters.area}")
        params["area_id"] = area_id
        where.append("%(area_id)s::bigint IN (e.municipality_id, e.community_id, e.neighbourhood_id)")
    if filters.q:
        for number, word in enumerate(fold(filters.q).split()[:8]):
            params[f"q{number}"] = f"% {word}%"
            where.append(f"e.search_text LIKE %(q{number})s::text")
    if filters.open_now:
        params.update(open_now_params(moment))
        where.append(ENTRY_OPEN_NOW_SQL)
    return where, params


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
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def service_list_nearby(
    *,
    lat: float,
    lon: float,
    radius_m: float = 5000,
    filters: SearchFilters = SearchFilters(),  # noqa: B008 - frozen dataclass, immutable
    limit: int = 20,
    moment: datetime | None = None,
    language: str | None = None,
) -> list[NearbyResult]:
    """Service locations nearest first by WGS84 spheroid distance, within `radius_m`, from the search index.

    The spatial index (`<->` on geography, sphere metres) supplies candidates nearest first, each with the finished
    JSON of what a result shows; the exact spheroid distance re-ranks them, and more candidates are fetched only
    when the first batch cannot prove that nothing unfetched could rank inside the limit. One query in the usual
    case.
    """
    moment = moment or timezone.now()
    on = timezone.localtime(moment, timezone=ATHENS).date()
    where, params = entry_conditions(filters=filters, on=on, moment=moment)
    unfiltered = params.keys() == {"on", "visible_since"}
    params.update({"lon": lon, "lat": lat, **open_now_params(moment)})
    properties = "e.properties_en" if (language or get_language()) == "en" else "e.properties_el"
    origin = "ST_SetSRID(ST_MakePoint(%(lon)s::float8, %(lat)s::float8), 4326)::geography"
    select = f"""
        SELECT e.id, e.redacted, ST_X(e.point::geometry), ST_Y(e.point::geometry),
               ST_Distance(e.point, {origin}, true), e.point <-> {origin},
               CASE WHEN {ENTRY_HAS_HOURS_SQL} THEN {ENTRY_OPEN_NOW_SQL} END, {properties}
        FROM services_searchentry e
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
    return [
        NearbyResult(
            id=sal_id,
            distance_m=shown_distance(spheroid_m, redacted=redacted),
            redacted=redacted,
            lon=None if redacted else x,
            lat=None if redacted else y,
            open_now=is_open,
            properties_json=props,
        )
        for sal_id, redacted, x, y, spheroid_m, _sphere, is_open, props in chosen
    ]


def service_detail_queryset() -> QuerySet[Service]:
    """A service with everything its page shows, in a fixed number of queries."""
    places = ServiceAtLocation.objects.select_related(
        "location__municipality", "location__community", "location__neighbourhood"
    ).prefetch_related("location__addresses", "location__accessibility", "location__phones")
    return Service.objects.select_related("organization").prefetch_related(
        "categories__parent",
        "audiences",
        "eligibility",
        "languages",
        "schedules",
        "required_documents",
        "phones",
        "organization__phones",
        "contacts",
        "cost_options",
        Prefetch("service_at_locations", queryset=places),
    )


# ----------------------------------------------------------------------------------------------- map viewport
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


def _cluster(count: int, x: float, y: float) -> dict[str, Any]:
    lon, lat = lonlat(x, y)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {"cluster": True, "count": count},
    }


def service_map_features(*, view: MapView, filters: SearchFilters, moment: datetime | None = None) -> dict[str, Any]:
    """What the map shows in a viewport: points when at most MAX_MAP_POINTS match, else grid clusters.

    Redacted locations are never drawn. Viewports up to the finest pre-counted zoom with no filter or a single one
    are answered from pre-counted cells; everything else is counted live on the rows in the viewport.
    """
    moment = moment or timezone.now()
    on = timezone.localtime(moment, timezone=ATHENS).date()
    (x0, y0), (x1, y1) = mercator(view.west, view.south), mercator(view.east, view.north)
    key = precounted_key(filters)
    level = precounted_level(view.zoom)
    if level is not None and key is not None and map_cells_fresh(on=on):
        params = {
            "key": key,
            "level": level,
            "factor": 2 ** (level - view.zoom),
            "cx0": cell_index(x0, level),
            "cx1": cell_index(x1, level),
            "cy0": cell_index(y0, level),
            "cy1": cell_index(y1, level),
        }
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT sum(count)::int, sum(sum_x), sum(sum_y) FROM services_mapcell
                WHERE key = %(key)s AND zoom = %(level)s
                  AND cell_x BETWEEN %(cx0)s AND %(cx1)s AND cell_y BETWEEN %(cy0)s AND %(cy1)s
                GROUP BY cell_x / %(factor)s, cell_y / %(factor)s
                """,
                params,
            )
            cells = cursor.fetchall()
        total = sum(count for count, _, _ in cells)
        if total > MAX_MAP_POINTS:
            means = _capped([(count, sx / count, sy / count) for count, sx, sy in cells], zoom=view.zoom)
            features = [_cluster(count, x, y) for count, x, y in means]
            return {"type": "FeatureCollection", "features": features, "clustered": True, "count": total}
    # counted live on the search index: one table, the filters on its rows, the viewport on its GiST index
    where, params = entry_conditions(filters=filters, on=on, moment=moment)
    where += ["NOT e.redacted", "e.point && ST_MakeEnvelope(%(w)s, %(s)s, %(e)s, %(n)s, 4326)::geography"]
    params.update({"w": view.west, "s": view.south, "e": view.east, "n": view.north, "limit": MAX_MAP_POINTS + 1})
    condition = " AND ".join(where)
    properties = "e.properties_en" if get_language() == "en" else "e.properties_el"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT e.id, e.service_id, ST_X(e.point::geometry), ST_Y(e.point::geometry),
                   {properties}::json ->> 'name', {properties}::json ->> 'organization'
            FROM services_searchentry e WHERE {condition} LIMIT %(limit)s
            """,  # noqa: S608 - our own condition strings; values are parameters
            params,
        )
        rows = cursor.fetchall()
        if len(rows) <= MAX_MAP_POINTS:
            features = [
                {
                    "type": "Feature",
                    "id": str(sal_id),
                    "geometry": {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]},
                    # kept light: up to 2000 of these per answer; /api/nearby/ and the service page have the rest
                    "properties": {"service_id": str(service_id), "name": name, "organization": org},
                }
                for sal_id, service_id, x, y, name, org in rows
            ]
            return {"type": "FeatureCollection", "features": features, "clustered": False, "count": len(rows)}
        params.update({"shift": ORIGIN_SHIFT, "cell": cell_size_m(view.zoom)})
        cursor.execute(
            f"""
            SELECT count(*)::int, avg(x), avg(y) FROM (
                SELECT ST_X(m) AS x, ST_Y(m) AS y
                FROM (SELECT ST_Transform(e.point::geometry, 3857) AS m FROM services_searchentry e
                      WHERE {condition}) AS projected
            ) AS points
            GROUP BY floor((x + %(shift)s) / %(cell)s), floor((y + %(shift)s) / %(cell)s)
            """,  # noqa: S608
            params,
        )
        cells = cursor.fetchall()
    features = [_cluster(count, x, y) for count, x, y in _capped(cells, zoom=view.zoom)]
    return {"type": "FeatureCollection", "features": features, "clustered": True, "count": sum(c for c, _, _ in cells)}
