"""The reference data the demo is drawn over.

Municipalities with their draw weights and postal and telephone codes, Athens neighbourhoods, and the curated
taxonomy terms.
"""

import zlib
from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from django.db import connection

from boundaries.actions import ATHENS_CODE
from boundaries.models import AreaLevel

from .report import DemoSeedError
from .vocabulary import (
    ATHENS_WEIGHT,
    ATTICA_WEIGHT,
    ATTICA_YPES_CODES,
    CITY_CODES,
    CNI_WEIGHT,
    MOUNT_ATHOS_CODE,
    REGION_CODES,
)


@dataclass
class Municipality:
    id: int
    code: str
    name_el: str
    name_en: str
    weight: float
    attica: bool
    postal_prefixes: tuple[int, ...]
    phone_area: str


@dataclass
class Reference:
    municipalities: list[Municipality]
    athens: Municipality | None
    # Athens neighbourhoods: (area id, area code, weight)
    neighbourhoods: list[tuple[int, str, float]]
    # taxonomy code -> term code -> (term id, name_el, name_en, parent code or None)
    terms: dict[str, dict[str, tuple[UUID, str, str, str | None]]]


def _region(*, lon: float, lat: float) -> str:
    """A coarse region from a municipality's centre, for plausible postal and telephone codes."""
    if lat < 35.75:
        return "crete"
    if lon > 24.3 and lat < 39.6:
        return "islands"
    if lat > 40.6 and lon > 24.0:
        return "thrace"
    if lat > 40.2 and lon > 22.2:
        return "macedonia"
    if lat > 39.9:
        return "west_macedonia" if lon > 21.0 else "epirus_ionian"
    if lon < 21.3 and lat > 38.9 or lon < 20.95:
        return "epirus_ionian"
    if lon < 22.0 and lat >= 37.9:
        return "west_greece"
    if lat < 37.95 and lon < 23.5:
        return "peloponnese"
    return "central"


def reference_load() -> Reference:
    """Municipalities with their draw weights, Athens neighbourhoods, and the curated taxonomy terms."""
    municipalities = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT id, code, name_el, name_en, population, cni_member,
                   ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))
            FROM boundaries_area WHERE level = %s AND population > 0 AND code <> %s ORDER BY code
            """,
            [AreaLevel.MUNICIPALITY, MOUNT_ATHOS_CODE],
        )
        for area_id, code, name_el, name_en, population, cni, lon, lat in cursor.fetchall():
            ypes = int(code.removeprefix("gr-")) if code.removeprefix("gr-").isdigit() else 0
            attica = ypes in ATTICA_YPES_CODES
            weight = population * max(ATTICA_WEIGHT if attica else 1.0, CNI_WEIGHT if cni else 1.0)
            weight *= ATHENS_WEIGHT if code == ATHENS_CODE else 1.0
            region = "attica" if attica else _region(lon=lon, lat=lat)
            postal_range, phone_areas = REGION_CODES[region]
            crc = zlib.crc32(code.encode())
            prefixes, phone_area = CITY_CODES.get(
                code, ((postal_range[crc % len(postal_range)],), phone_areas[crc % len(phone_areas)])
            )
            municipalities.append(
                Municipality(
                    area_id, code, name_el or name_en, name_en or name_el, weight, attica, prefixes, phone_area
                )
            )
        # Athens neighbourhoods, clipped to the municipality polygon (the two layers come from different sources).
        # Parks, hills and archaeological sites (kind "place") rarely hold services; the centre holds many.
        cursor.execute(
            """
            SELECT n.id, n.code, ST_Area(ST_CollectionExtract(ST_Intersection(n.geom, m.geom), 3)::geography),
                   n.properties ->> 'kind', p.code
            FROM boundaries_area AS n
            JOIN boundaries_area AS m ON m.code = %s
            LEFT JOIN boundaries_area AS p ON p.id = n.parent_id
            WHERE n.level = %s AND ST_Intersects(n.geom, m.geom)
            ORDER BY n.code
            """,
            [ATHENS_CODE, AreaLevel.NEIGHBOURHOOD],
        )
        neighbourhoods = [
            (area_id, code, area_m2 * (0.1 if kind == "place" else 1.0) * (1.5 if parent == "athens-dk-1" else 1.0))
            for area_id, code, area_m2, kind, parent in cursor.fetchall()
            if area_m2 and area_m2 > 1000
        ]
        cursor.execute(
            """
            SELECT x.code, t.code, t.id, t.name_el, t.name_en, p.code
            FROM services_taxonomyterm AS t
            JOIN services_taxonomy AS x ON x.id = t.taxonomy_id
            LEFT JOIN services_taxonomyterm AS p ON p.id = t.parent_id
            ORDER BY x.code, t.position, t.code
            """
        )
        terms: dict[str, dict[str, tuple[UUID, str, str, str | None]]] = defaultdict(dict)
        for taxonomy, code, term_id, name_el, name_en, parent in cursor.fetchall():
            terms[taxonomy][code] = (term_id, name_el or name_en, name_en or name_el, parent)
    if not municipalities:
        raise DemoSeedError("no municipalities with a population: run load_reference_data first")
    if not terms.get("categories"):
        raise DemoSeedError("no service categories: run load_reference_data first (it loads the taxonomy)")
    athens = next((m for m in municipalities if m.code == ATHENS_CODE), None)
    return Reference(municipalities, athens, neighbourhoods if athens else [], dict(terms))
