"""Spatial reference systems used across the project, in one place."""

WGS84 = 4326  # storage and API: lon/lat degrees
WEB_MERCATOR = 3857  # map tiles
GREEK_GRID = 2100  # GGRS87 / Greek Grid (metres): areas, sample grids
