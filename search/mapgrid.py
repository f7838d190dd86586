"""The map's cluster grid: square cells of CELL_PX screen pixels in Web Mercator (EPSG:3857) at each zoom."""

import math

ORIGIN_SHIFT = 20037508.342789244  # half the Web Mercator world width, metres
CELL_PX = 64
# Pre-counted cells exist at these zooms (SQL's twin: search_map_grid, search/sql/map_cells_v5.sql); a view at zoom z
# adds up the cells of the first of them ≥ z, merging 2^(level - z) of them a side. Country-wide views read few
# coarse cells, street-level views fine ones; zoom 14 spares the dense city views at zoom 13 and 14 from merging
# 8 × 8 and 4 × 4 zoom-16 cells (tens of thousands of rows over central Athens at 1,000,000 places), zoom 10 the
# regional views at zoom 9 and 10 from merging 8 × 8 and 4 × 4 zoom-12 cells.
CELL_ZOOMS = (8, 10, 12, 14, 16)


def precounted_level(zoom: int) -> int | None:
    """The pre-counted cell zoom that answers a view at `zoom`, or None above the finest."""
    return next((level for level in CELL_ZOOMS if zoom <= level), None)


MAX_LAT = 85.05112878


def cell_size_m(zoom: int) -> float:
    """Width of a cluster cell at `zoom`, in Web Mercator metres."""
    return 2 * ORIGIN_SHIFT / (256 * 2**zoom) * CELL_PX


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """EPSG:4326 → EPSG:3857 (the spherical formula PostGIS uses)."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = lon * ORIGIN_SHIFT / 180
    y = math.log(math.tan((90 + lat) * math.pi / 360)) * ORIGIN_SHIFT / math.pi
    return x, y


def lonlat(x: float, y: float) -> tuple[float, float]:
    """EPSG:3857 → EPSG:4326."""
    lon = x / ORIGIN_SHIFT * 180
    lat = math.degrees(2 * math.atan(math.exp(y / ORIGIN_SHIFT * math.pi)) - math.pi / 2)
    return lon, lat


def cell_index(value: float, zoom: int) -> int:
    """The column (or row) of a Mercator coordinate in the grid of `zoom`."""
    return math.floor((value + ORIGIN_SHIFT) / cell_size_m(zoom))
