"""Writes of the coverage app: sample grids, the area version, unmet-need counts, population imports."""

import csv
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import connection, transaction

from boundaries.models import Area
from geo_accmr.geo import GREEK_GRID, LEVEL_COLUMN, WGS84

from .models import AreaPiece, SamplePoint

# Sample grid: squares in EPSG:2100 (metres), aligned on multiples of the spacing. Each area gets about
# GRID_TARGET_POINTS cells whatever its size, so a 5-hectare neighbourhood is measured as finely as a
# 500 km² rural municipality is coarsely: spacing = sqrt(area / GRID_TARGET_POINTS), rounded up to 10 m and
# kept between GRID_MIN_SPACING_M and GRID_MAX_SPACING_M. An area too small or too thin for any cell centre gets
# one point on its surface.
GRID_TARGET_POINTS = 120
GRID_MIN_SPACING_M = 25.0
GRID_MAX_SPACING_M = 5000.0

GRID_SQL = f"""
WITH a AS MATERIALIZED (
    SELECT id, ST_Transform(geom, {GREEK_GRID}) AS g FROM boundaries_area WHERE id = ANY(%(ids)s)
), s AS MATERIALIZED (
    SELECT id, g, LEAST(%(max)s, GREATEST(%(min)s, ceil(sqrt(ST_Area(g) / %(target)s) / 10.0) * 10.0)) AS spacing
    FROM a
), pieces AS MATERIALIZED (
    -- point-in-polygon against pieces of at most 128 vertices: full-resolution coastlines test in milliseconds
    SELECT s.id, ST_Subdivide(s.g, 128) AS piece FROM s
), cells AS MATERIALIZED (
    SELECT s.id, s.spacing, c.geom AS cell, ST_Centroid(c.geom) AS centre
    FROM s CROSS JOIN LATERAL ST_SquareGrid(s.spacing, s.g) AS c
), inside AS (
    SELECT DISTINCT ON (c.id, c.centre) c.id, c.spacing, c.cell, c.centre
    FROM cells c JOIN pieces p ON p.id = c.id AND p.piece && c.centre AND ST_Intersects(p.piece, c.centre)
), lonely AS (
    SELECT s.id, s.spacing, ST_Expand(ST_PointOnSurface(s.g), s.spacing / 2) AS cell, ST_PointOnSurface(s.g) AS centre
    FROM s WHERE NOT EXISTS (SELECT 1 FROM inside i WHERE i.id = s.id)
)
INSERT INTO coverage_samplepoint (area_id, point, cell, spacing_m, x, y)
SELECT id, ST_Transform(centre, {WGS84})::geography, ST_Transform(cell, {WGS84}), spacing, ST_X(centre), ST_Y(centre)
FROM (SELECT * FROM inside UNION ALL SELECT * FROM lonely) AS p
"""  # noqa: S608 - constant SQL


PIECES_SQL = """
INSERT INTO coverage_areapiece (area_id, piece, box)
SELECT id, piece, ST_Expand(piece, 1e-6)::geography
FROM (SELECT id, ST_Subdivide(geom, 128) AS piece FROM boundaries_area WHERE id = ANY(%(ids)s)) AS p
"""


def sample_grid_build(*, area_ids: list[int]) -> int:
    """(Re)build the sample grids and boundary pieces of these areas; returns the number of sample points written."""
    if not area_ids:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        SamplePoint.objects.filter(area_id__in=area_ids).delete()
        AreaPiece.objects.filter(area_id__in=area_ids).delete()
        cursor.execute(PIECES_SQL, {"ids": list(area_ids)})
        cursor.execute(
            GRID_SQL,
            {"ids": list(area_ids), "target": GRID_TARGET_POINTS, "min": GRID_MIN_SPACING_M, "max": GRID_MAX_SPACING_M},
        )
        return cursor.rowcount


def sample_grid_ensure(*, area_ids: list[int]) -> int:
    """Build the grids of those areas that have none (new areas, or areas changed since); returns points written."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id FROM unnest(%s::bigint[]) AS a(id)"
            " WHERE NOT EXISTS (SELECT 1 FROM coverage_samplepoint sp WHERE sp.area_id = a.id)",
            [list(area_ids)],
        )
        missing = [row[0] for row in cursor.fetchall()]
    return sample_grid_build(area_ids=missing) if missing else 0


def areas_changed(*, area_ids: list[int]) -> None:
    """Record that areas changed: their grids are dropped (rebuilt on next use) and the area version bumps."""
    with connection.cursor() as cursor:
        if area_ids:
            cursor.execute("DELETE FROM coverage_samplepoint WHERE area_id = ANY(%s)", [list(area_ids)])
            cursor.execute("DELETE FROM coverage_areapiece WHERE area_id = ANY(%s)", [list(area_ids)])
        cursor.execute(
            "INSERT INTO coverage_areastate (id, version) VALUES (1, 1)"
            " ON CONFLICT (id) DO UPDATE SET version = coverage_areastate.version + 1"
        )


# ----------------------------------------------------------------------------------------------- unmet need
def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`: unmet need is counted per week, never per moment."""
    return day - timedelta(days=day.weekday())


def unmet_need_record(
    *,
    lat: float,
    lon: float,
    day: date,
    reason: str,
    categories: list[str],
    languages: list[str],
    audiences: list[str],
) -> int:
    """Count one unmet need in the areas covering the point; the point itself is not kept. Returns rows touched.

    A search for several categories (or languages, audiences) counts once under each combination.
    """
    point = Point(lon, lat, srid=WGS84)
    covering = dict(Area.objects.covering(point).order_by("level", "code").values_list("level", "id").distinct("level"))
    areas = {column: covering.get(level) for level, column in LEVEL_COLUMN.items()}
    if not any(areas.values()):
        return 0
    rows = [
        (week_start(day), areas["municipality_id"], areas["community_id"], areas["neighbourhood_id"], category,
         language, audience, reason)
        for category in sorted(set(categories)) or [""]
        for language in sorted(set(languages)) or [""]
        for audience in sorted(set(audiences)) or [""]
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO coverage_unmetneed (week, municipality_id, community_id, neighbourhood_id, category,"
            " language, audience, reason, count) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 1)"
            " ON CONFLICT ON CONSTRAINT unmet_need_one_row_per_bucket"
            " DO UPDATE SET count = coverage_unmetneed.count + 1",
            rows,
        )
    return len(rows)


# ----------------------------------------------------------------------------------------------- population
@dataclass
class PopulationImportReport:
    """What import_population did, row by row."""

    updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def population_import(*, path: Path, dry_run: bool = False, source: str = "") -> PopulationImportReport:
    """Set area populations from a CSV with columns `code,population[,year][,source]`; all or nothing."""
    report = PopulationImportReport()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or [])
        if not {"code", "population"} <= columns:
            report.errors.append("the CSV needs the columns code and population")
            return report
        rows = list(reader)
    known = dict(Area.objects.filter(code__in=[r["code"].strip() for r in rows]).values_list("code", "id"))
    updates: list[tuple[int, int | None, int | None, str]] = []
    for number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        if code not in known:
            report.errors.append(f"line {number}: unknown area code {code!r}")
            continue
        try:
            raw = (row.get("population") or "").strip().replace(" ", "")
            population = int(raw) if raw else None
            year = int(row["year"]) if (row.get("year") or "").strip() else None
        except ValueError:
            report.errors.append(f"line {number}: population and year must be whole numbers")
            continue
        if population is not None and population < 0 or (year is not None and not 1800 <= year <= 2200):
            report.errors.append(f"line {number}: population must be zero or more, year a plausible year")
            continue
        updates.append((known[code], population, year, (row.get("source") or source).strip()[:200]))
        report.updated.append(code)
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for area_id, population, year, row_source in updates:
            Area.objects.filter(pk=area_id).update(
                population=population, population_year=year, population_source=row_source
            )
        areas_changed(area_ids=[])  # populations only: the grids stay, the cached figures go
    return report


def spacing_for(area_m2: float) -> float:
    """The grid spacing (metres) sample_grid_build uses for an area of this size (documentation and tests)."""
    spacing = math.ceil(math.sqrt(area_m2 / GRID_TARGET_POINTS) / 10.0) * 10.0
    return min(GRID_MAX_SPACING_M, max(GRID_MIN_SPACING_M, spacing))
