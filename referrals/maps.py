"""A small map for paper: the outline of the place's area and, unless the place is a shelter, a dot at its door.

Drawn as inline SVG on the server from our own boundaries, so it prints without tiles, network or JavaScript."""

import math
from typing import TYPE_CHECKING, Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from services.redaction import PublicPlace

WIDTH, HEIGHT = 240, 160
SIMPLIFY_DEGREES = 0.0002  # ≈ 20 m: enough for a thumbnail, keeps the SVG small


def place_map_svg(place: "PublicPlace", *, label: str) -> SafeString | None:
    """An SVG map of `place` (None when we know no area for it); a shelter gets its area with no point."""
    area = place.area or place.municipality
    if area is None or area.geom is None:
        return None
    geom = area.geom.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    lon0, lat0, lon1, lat1 = geom.extent
    point = None if place.redacted or place.lat is None or place.lon is None else (place.lon, place.lat)
    if point:
        lon0, lat0, lon1, lat1 = min(lon0, point[0]), min(lat0, point[1]), max(lon1, point[0]), max(lat1, point[1])
    kx = math.cos(math.radians((lat0 + lat1) / 2))  # equirectangular: fine at the size of a municipality
    span_x, span_y = max((lon1 - lon0) * kx, 1e-6), max(lat1 - lat0, 1e-6)
    scale = min((WIDTH - 16) / span_x, (HEIGHT - 16) / span_y)
    off_x = (WIDTH - span_x * scale) / 2
    off_y = (HEIGHT - span_y * scale) / 2

    def xy(lon: float, lat: float) -> str:
        return f"{off_x + (lon - lon0) * kx * scale:.1f},{off_y + (lat1 - lat) * scale:.1f}"

    polygons: list[Any] = list(geom) if geom.geom_type == "MultiPolygon" else [geom]  # type: ignore[call-overload]
    paths = ["M" + " L".join(xy(lon, lat) for lon, lat in ring.coords) + " Z" for poly in polygons for ring in poly]
    marker = ""
    if point:
        x, y = xy(*point).split(",")
        marker = format_html('<circle cx="{}" cy="{}" r="6" class="map__dot"/>', x, y)
    return format_html(
        '<svg class="map" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">'
        '<path class="map__area" d="{}"/>{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        label,
        " ".join(paths),
        mark_safe(marker),  # noqa: S308 - built by format_html above
    )
