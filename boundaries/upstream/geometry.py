"""Geometry helpers of the refresh: metric areas in EPSG:2100 through GDAL/PROJ, rounding, polygon clean-up."""

from __future__ import annotations

import functools

import numpy as np
import shapely
from django.contrib.gis.gdal import CoordTransform, OGRGeometry, SpatialReference
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo_accmr.geo import GREEK_GRID, WGS84

SLIVER_M2 = 50.0
# EPSG:2100's scale factor on its central meridian: an area measured in the projection, divided by its square, is
# close to the true area in Greece (the curated community area_km2).
GREEK_GRID_SCALE_FACTOR = 0.9996


@functools.cache
def _to_greek_grid() -> CoordTransform:
    """WGS84 lon/lat → EPSG:2100 metres, by PROJ (GeoDjango's SpatialReference keeps lon/lat axis order)."""
    return CoordTransform(SpatialReference(WGS84), SpatialReference(GREEK_GRID))


def metric_area(geom: BaseGeometry) -> float:
    """Area in m² of a lon/lat geometry, measured in EPSG:2100 (GDAL/PROJ)."""
    if geom.is_empty:
        return 0.0
    projected = OGRGeometry(memoryview(shapely.to_wkb(geom)), srs=SpatialReference(WGS84))
    projected.transform(_to_greek_grid())
    return float(shapely.from_wkb(bytes(projected.wkb)).area)


def quantize(geom: BaseGeometry, decimals: int, *, truncate: bool = False) -> BaseGeometry:
    """Round (or truncate toward zero) every coordinate to ``decimals`` places."""
    scale = 10.0**decimals

    def snap(coords: np.ndarray) -> np.ndarray:
        scaled = np.round(coords * scale, 3)  # drop float noise before truncating
        return (np.trunc(scaled) if truncate else np.round(scaled)) / scale

    return shapely.transform(geom, snap)


def _polygons_of(geom: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons inside any geometry (collections and multi-parts flattened)."""
    found: list[Polygon] = []
    stack = [geom]
    while stack:
        item = stack.pop()
        if item.is_empty:
            continue
        if isinstance(item, Polygon):
            found.append(item)
        elif hasattr(item, "geoms"):
            stack.extend(item.geoms)
    found.reverse()
    return found


def polygonal(geom: BaseGeometry) -> Polygon | MultiPolygon:
    """A valid Polygon or MultiPolygon: make_valid, then keep only the polygonal parts."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    polygons = _polygons_of(geom)
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def as_multi(geom: Polygon | MultiPolygon) -> MultiPolygon:
    """Wrap a Polygon as a one-part MultiPolygon."""
    return geom if isinstance(geom, MultiPolygon) else MultiPolygon([geom])


def drop_slivers(geom: BaseGeometry, *, min_area_m2: float = SLIVER_M2) -> Polygon | MultiPolygon:
    """Remove interior holes and polygon parts smaller than ``min_area_m2``."""
    kept = []
    for polygon in _polygons_of(geom):
        if metric_area(Polygon(polygon.exterior)) < min_area_m2:
            continue
        holes = [ring for ring in polygon.interiors if metric_area(Polygon(ring)) >= min_area_m2]
        kept.append(Polygon(polygon.exterior, holes))
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)
