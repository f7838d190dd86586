"""Reads for the planner dashboard: services per area, distance to the nearest matching service, cliffs, unmet need.

Semantics match the caseworker search: the same SQL conditions (services.selectors.search_conditions) decide which
services count, so "health" here means what it means on `/` and in /api/nearby/ (subcategories included, active,
inside valid dates). Redacted locations (shelters) are real services in their area: they count in `services`, but
the distance grid leaves them out, since a distance from a known cell centre would place them (services.redaction).
"""

import hashlib
import json
import statistics
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from scipy.spatial import cKDTree

from boundaries.models import Area, AreaLevel
from geo_accmr.db_router import read_connection as connection  # the read replica when the request may use it
from geo_accmr.geo import ATHENS, GREEK_GRID, LEVEL_COLUMN
from services.selectors import SearchFilters, UnknownFilterValue, search_conditions

from .actions import sample_grid_ensure, week_start
from .models import UnmetNeed

ATHENS_CODE = "gr-9186"
DEFAULT_BEYOND_M = 1000.0
DEFAULT_HORIZON_DAYS = 60
DEFAULT_UNMET_WEEKS = 12
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class CoverageQuery:
    """What a planner asked for: a level, optionally one city (its own row, or its communities/neighbourhoods)."""

    level: str
    city: str | None = None
    cni_only: bool = False
    filters: SearchFilters = SearchFilters()  # noqa: RUF009 - frozen dataclass, immutable
    horizon_days: int = DEFAULT_HORIZON_DAYS
    beyond_m: float = DEFAULT_BEYOND_M

    def key(self) -> str:
        payload = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:32]


@dataclass
class CoverageResult:
    """Rows (one per area, in code order), the distance of every sample point, and the versions they describe."""

    rows: list[dict[str, Any]]
    distances: dict[int, float | None] = field(default_factory=dict)
    totals: dict[str, Any] = field(default_factory=dict)
    directory_version: int = 0
    area_version: int = 0
    on: date | None = None


def _versions() -> tuple[int, int, int]:
    """The directory version, the area version and the newest sample point (grids rebuilt since get new ids)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT version FROM search_directorystate WHERE id = 1),"
            " (SELECT version FROM coverage_areastate WHERE id = 1), (SELECT max(id) FROM coverage_samplepoint)"
        )
        directory, areas, grid = cursor.fetchone()
    return directory or 0, areas or 0, grid or 0


def coverage_areas(*, query: CoverageQuery) -> list[dict[str, Any]]:
    """The areas of the query's level (inside its city when one is named), with what the rows show about them."""
    areas = Area.objects.of_level(query.level)
    if query.city:
        if not Area.objects.filter(code=query.city).exists():
            raise UnknownFilterValue("city", f"Unknown city: {query.city}")
        code = query.city  # the area itself, its communities or its neighbourhoods
        areas = areas.filter(Q(code=code) | Q(parent__code=code) | Q(parent__parent__code=code))
    if query.cni_only:
        areas = areas.filter(cni_member=True)
    return list(
        areas.order_by("code").values(
            "id", "code", "name_el", "name_en", "level", "parent__code", "population", "population_year",
            "population_source", "area_km2", "cni_member",
        )
    )  # fmt: skip


# One statement, two kinds of rows. `m`: the matching service locations (the same conditions as the caseworker
# search). Kind 0: per requested area, the services whose location its boundary pieces cover exactly (ST_Covers;
# a point on a border or on a seam between two pieces counts once per area); shelters count in their area. Kind 1:
# every matching location's coordinates, for the nearest-service search (longitude, latitude); shelters are left
# out, since distances to them would place them (services.redaction).
# {counting} finds which pieces cover which matching points, one of two ways (measured at 100,000 services):
COUNT_FROM_MATCHES = """
    FROM m JOIN coverage_areapiece pc
      ON pc.piece && m.point::geometry AND ST_Covers(pc.piece, m.point::geometry)
    WHERE pc.area_id = ANY(%(area_ids)s)
      AND m.point::geometry && (SELECT ST_Extent(piece) FROM coverage_areapiece WHERE area_id = ANY(%(area_ids)s))
"""  # few matches (a category, a language): each probes the pieces' spatial index
COUNT_FROM_PIECES = """
    FROM coverage_areapiece pc
    JOIN services_location l ON l.point && pc.box AND ST_Covers(pc.piece, l.point::geometry)
    JOIN m ON m.location_id = l.id
    WHERE pc.area_id = ANY(%(area_ids)s)
"""  # every service matches: each piece probes the services' geography index
MATCHING_SQL = """
WITH m AS MATERIALIZED (
    SELECT l.id AS location_id, s.id AS service_id, s.valid_to, l.point, l.redacted
    FROM services_location l
    JOIN services_serviceatlocation sal ON sal.location_id = l.id
    JOIN services_service s ON s.id = sal.service_id
    WHERE {where}
), counted AS (
    SELECT pc.area_id, count(DISTINCT m.service_id) AS n,
           count(DISTINCT m.service_id) FILTER (WHERE m.valid_to IS NOT NULL AND m.valid_to <= %(horizon)s) AS e
    {counting}
    GROUP BY pc.area_id
)
SELECT 0, area_id, n, e, NULL::float8, NULL::float8 FROM counted
UNION ALL
SELECT DISTINCT 1, NULL::bigint, NULL::bigint, NULL::bigint, ST_X(point::geometry), ST_Y(point::geometry) FROM m
WHERE NOT m.redacted
"""  # noqa: S608 - only our own condition strings are interpolated; values are parameters


EARTH_RADIUS_M = 6371008.8  # the sphere PostGIS's geography `<->` measures on


def _unit_vectors(lonlat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def _nearest(*, samples: np.ndarray, services: np.ndarray) -> np.ndarray:
    """Great-circle metres from each sample (n×2 lon/lat) to the nearest service (m×2 lon/lat); inf if none.

    Points become unit vectors: the nearest by straight-line (chord) distance is the nearest on the sphere, so a
    k-d tree answers every sample's query in one call. Distances are on the same sphere as geography's `<->`
    (within 0.5 % of the WGS84 spheroid).
    """
    if not len(samples) or not len(services):
        return np.full(len(samples), np.inf)
    chords, _ = cKDTree(_unit_vectors(services)).query(_unit_vectors(samples), k=1)
    return 2 * EARTH_RADIUS_M * np.arcsin(np.clip(chords / 2, 0, 1))


def _conditions(query: CoverageQuery, on: date) -> tuple[list[str], dict[str, Any]]:
    return search_conditions(filters=query.filters, on=on, moment=timezone.now())


def coverage_compute(*, query: CoverageQuery, on: date | None = None) -> CoverageResult:
    """Compute the rows for a query from scratch (coverage_result caches this)."""
    on = on or timezone.localdate(timezone=ATHENS)
    where, params = _conditions(query, on)  # first: unknown filter codes are a 400 before any work
    areas = coverage_areas(query=query)
    area_ids = [a["id"] for a in areas]
    sample_grid_ensure(area_ids=area_ids)
    params.update({"area_ids": area_ids, "horizon": on + timedelta(days=query.horizon_days)})
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # JIT compiling costs more than this query takes
        # Thousands of municipal pieces cost more to probe one by one than a category's few matches do; a city's
        # neighbourhoods are few pieces, and probing from them won on every filter we measured.
        narrow = bool(query.filters.categories or query.filters.languages or query.filters.audiences)
        many_pieces = query.level == AreaLevel.MUNICIPALITY and not query.city
        counting = COUNT_FROM_MATCHES if narrow and many_pieces else COUNT_FROM_PIECES
        cursor.execute(MATCHING_SQL.format(where=" AND ".join(where), counting=counting), params)
        matching = cursor.fetchall()
        cursor.execute(
            "SELECT id, area_id, ST_X(point::geometry), ST_Y(point::geometry), spacing_m FROM coverage_samplepoint"
            " WHERE area_id = ANY(%s) ORDER BY id",
            [area_ids],
        )
        samples = cursor.fetchall()
    counts = {area_id: (n, e) for kind, area_id, n, e, _x, _y in matching if kind == 0}
    services_xy = np.array([(x, y) for kind, *_, x, y in matching if kind == 1], dtype=float).reshape(-1, 2)
    coords = np.array([(x, y) for _, _, x, y, _ in samples], dtype=float).reshape(-1, 2)
    nearest = _nearest(samples=coords, services=services_xy)
    per_area: dict[int, list[float]] = {}
    spacing: dict[int, float] = {}
    distances: dict[int, float | None] = {}
    for (sample_id, area_id, _x, _y, spacing_m), d in zip(samples, nearest, strict=True):
        per_area.setdefault(area_id, []).append(float(d))
        spacing[area_id] = spacing_m
        distances[sample_id] = None if np.isinf(d) else round(float(d), 1)
    rows = []
    for area in areas:
        n, ending = counts.get(area["id"], (0, 0))
        ds = per_area.get(area["id"], [])
        finite = [d for d in ds if d != np.inf]
        median = statistics.median(ds) if ds else None
        rows.append(
            {
                "id": area["id"],
                "code": area["code"],
                "name_el": area["name_el"],
                "name_en": area["name_en"] or area["name_el"],
                "level": area["level"],
                "parent": area["parent__code"],
                "population": area["population"],
                "population_year": area["population_year"],
                "area_km2": round(area["area_km2"], 3) if area["area_km2"] else None,
                "services": n,
                "per_10k": round(n * 10000 / area["population"], 2) if area["population"] else None,
                "ending_soon": ending,
                "median_nearest_m": round(median, 1) if median is not None and median != np.inf else None,
                "share_beyond_1km": round(sum(d > 1000 for d in ds) / len(ds), 4) if ds else None,
                "share_beyond": round(sum(d > query.beyond_m for d in ds) / len(ds), 4) if ds else None,
                "sample_points": len(ds),
                "spacing_m": spacing.get(area["id"]),
                "reachable_points": len(finite),
            }
        )
    _add_area_km2(rows)
    weights = np.array([spacing_m**2 for *_, spacing_m in samples], dtype=float)
    totals = _totals(rows, nearest, weights, query.beyond_m)
    return CoverageResult(rows=rows, distances=distances, totals=totals, on=on)


def _add_area_km2(rows: list[dict[str, Any]]) -> None:
    """Areas whose source gave no surface get it from their polygon (EPSG:2100 square metres)."""
    missing = [row["id"] for row in rows if not row["area_km2"]]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, ST_Area(ST_Transform(geom, {GREEK_GRID})) / 1e6 FROM boundaries_area WHERE id = ANY(%s)",  # noqa: S608
                [missing],
            )
            surface = dict(cursor.fetchall())
        for row in rows:
            if not row["area_km2"]:
                row["area_km2"] = round(surface.get(row["id"], 0.0), 3) or None
    for row in rows:
        row["per_km2"] = round(row["services"] / row["area_km2"], 3) if row["area_km2"] else None


def coverage_result(*, query: CoverageQuery, on: date | None = None) -> tuple[CoverageResult, bool]:
    """The rows for a query, from the cache when nothing changed since they were computed; (result, cached)."""
    on = on or timezone.localdate(timezone=ATHENS)
    _conditions(query, on)  # unknown filter codes are a 400 before any work
    # grids first, so the key names the grid the answer is computed on (built once after an area changes)
    sample_grid_ensure(area_ids=[area["id"] for area in coverage_areas(query=query)])
    directory_version, area_version, grid = _versions()
    key = f"coverage:v1:{directory_version}:{area_version}:{grid}:{on.isoformat()}:{query.key()}"
    hit = cache.get(key)
    if hit is not None:
        return hit, True
    result = coverage_compute(query=query, on=on)
    result.directory_version, result.area_version = directory_version, area_version
    cache.set(key, result, CACHE_SECONDS)
    return result, False


def unmet_need_counts(
    *, level: str, area_ids: list[int], categories: tuple[str, ...] = (), weeks: int = DEFAULT_UNMET_WEEKS,
    on: date | None = None,
) -> dict[int, int]:  # fmt: skip
    """Unmet-need counts per area over the last `weeks` weeks (only needs for these categories, when given)."""
    on = on or timezone.localdate(timezone=ATHENS)
    column = LEVEL_COLUMN[level]
    needs = UnmetNeed.objects.filter(**{f"{column}__in": area_ids}, week__gte=week_start(on) - timedelta(weeks=weeks))
    if categories:
        needs = needs.filter(category__in=categories)
    return dict(needs.values_list(column).annotate(total=Sum("count")).values_list(column, "total"))


def coverage_cells(*, query: CoverageQuery, limit: int = 5000) -> dict[str, Any]:
    """Grid cells whose centre lies farther than `query.beyond_m` from the nearest matching service (GeoJSON).

    The farthest first, at most `limit` of them; `nearest_m` is null where no matching service exists at all.
    """
    result, _cached = coverage_result(query=query)
    far = [(sid, d) for sid, d in result.distances.items() if d is None or d > query.beyond_m]
    far.sort(key=lambda item: -(item[1] if item[1] is not None else float("inf")))
    distance = dict(far[:limit])
    features = []
    if distance:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sp.id, a.code, ST_AsGeoJSON(sp.cell, 6) FROM coverage_samplepoint sp"
                " JOIN boundaries_area a ON a.id = sp.area_id WHERE sp.id = ANY(%s) ORDER BY sp.id",
                [list(distance)],
            )
            for sample_id, code, geometry in cursor.fetchall():
                features.append(
                    {
                        "type": "Feature",
                        "geometry": json.loads(geometry),
                        "properties": {"area": code, "nearest_m": distance[sample_id]},
                    }
                )
    return {
        "type": "FeatureCollection",
        "features": features,
        "beyond_m": query.beyond_m,
        "total": len(far),
        "truncated": len(far) > limit,
    }


def _totals(rows: list[dict[str, Any]], nearest: np.ndarray, weights: np.ndarray, beyond_m: float) -> dict[str, Any]:
    """All the rows' areas together; distance figures weighted by cell area, so big areas weigh more than small."""
    population = [row["population"] for row in rows if row["population"]]
    services = sum(row["services"] for row in rows)
    totals: dict[str, Any] = {
        "areas": len(rows),
        "services": services,
        "ending_soon": sum(row["ending_soon"] for row in rows),
        "population": sum(population) if rows and len(population) == len(rows) else None,
        "area_km2": round(sum(row["area_km2"] or 0 for row in rows), 3),
    }
    totals["per_10k"] = round(services * 10000 / totals["population"], 2) if totals["population"] else None
    totals["per_km2"] = round(services / totals["area_km2"], 3) if totals["area_km2"] else None
    total_weight = float(weights.sum()) if len(weights) else 0.0
    if not total_weight:
        return {**totals, "median_nearest_m": None, "share_beyond_1km": None, "share_beyond": None}
    order = np.argsort(nearest, kind="stable")
    cumulative = np.cumsum(weights[order])
    median = float(nearest[order][np.searchsorted(cumulative, total_weight / 2)])
    totals["median_nearest_m"] = None if np.isinf(median) else round(median, 1)
    totals["share_beyond_1km"] = round(float(weights[nearest > 1000].sum()) / total_weight, 4)
    totals["share_beyond"] = round(float(weights[nearest > beyond_m].sum()) / total_weight, 4)
    return totals


def coverage_table(*, query: CoverageQuery, unmet_weeks: int = DEFAULT_UNMET_WEEKS) -> dict[str, Any]:
    """What /api/coverage/ answers: the rows in the active language, with unmet need and totals."""
    result, cached = coverage_result(query=query)
    unmet = unmet_need_counts(
        level=query.level, area_ids=[row["id"] for row in result.rows], categories=query.filters.categories,
        weeks=unmet_weeks,
    )  # fmt: skip
    rows = []
    for row in result.rows:
        out = {"code": row["code"], "name": area_name(row), **{k: v for k, v in row.items() if k not in ("id",)}}
        out["unmet_need"] = unmet.get(row["id"], 0)
        rows.append(out)
    totals = {**result.totals, "unmet_need": sum(row["unmet_need"] for row in rows)}
    return {
        "level": query.level,
        "city": query.city,
        "category": list(query.filters.categories),
        "language": list(query.filters.languages),
        "audience": list(query.filters.audiences),
        "beyond_m": query.beyond_m,
        "horizon_days": query.horizon_days,
        "unmet_weeks": unmet_weeks,
        "on": result.on.isoformat() if result.on else None,
        "population_known": any(row["population"] for row in rows),
        "cached": cached,
        "rows": rows,
        "totals": totals,
    }


def unmet_need_list(*, query: CoverageQuery, weeks: int = DEFAULT_UNMET_WEEKS) -> dict[str, Any]:
    """Unmet need per area, category, language and audience over the last `weeks` weeks, largest first."""
    on = timezone.localdate(timezone=ATHENS)
    areas = {area["id"]: area for area in coverage_areas(query=query)}
    column = LEVEL_COLUMN[query.level]
    needs = UnmetNeed.objects.filter(
        **{f"{column}__in": list(areas)}, week__gte=week_start(on) - timedelta(weeks=weeks)
    )
    if query.filters.categories:
        needs = needs.filter(category__in=query.filters.categories)
    grouped = (
        needs.values(column, "category", "language", "audience")
        .annotate(total=Sum("count"))
        .order_by("-total", column, "category", "language", "audience")
    )
    rows = []
    for item in grouped:
        area = areas[item[column]]
        rows.append(
            {
                "code": area["code"],
                "name": area_name(area),
                "name_el": area["name_el"],
                "name_en": area["name_en"] or area["name_el"],
                "category": item["category"],
                "language": item["language"],
                "audience": item["audience"],
                "count": item["total"],
            }
        )
    return {"level": query.level, "city": query.city, "weeks": weeks, "rows": rows}


def area_name(row: dict[str, Any]) -> str:
    """The row's name in the active language."""
    return row["name_en"] if (get_language() or "el").startswith("en") else row["name_el"]


def default_city(level: str) -> str | None:
    """Communities and neighbourhoods exist for Athens only: they default to it."""
    return ATHENS_CODE if level in (AreaLevel.COMMUNITY, AreaLevel.NEIGHBOURHOOD) else None
