"""The locations' points: PostGIS `ST_GeneratePoints` inside each area, kept when its municipality covers them."""

import random
import zlib
from collections import defaultdict

from django.db import connection

from .report import DemoSeedError

_POINTS_SQL = """
    SELECT w.cell, ST_X(p.geom), ST_Y(p.geom)
    FROM unnest(%s::bigint[], %s::bigint[], %s::int[], %s::int[]) AS w(cell, municipality, n, seed)
    JOIN boundaries_area AS m ON m.id = w.municipality
    JOIN boundaries_area AS c ON c.id = w.cell
    CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(
        CASE WHEN c.id = m.id THEN m.geom ELSE ST_CollectionExtract(ST_Intersection(c.geom, m.geom), 3) END,
        w.n, w.seed
    )) AS p
    WHERE ST_Covers(m.geom, p.geom)
    ORDER BY w.cell, p.path
"""


def points_generate(*, cells: list[str], cell_areas: dict[str, tuple[int, int]], seed: int, services: int) -> list[str]:
    """One EWKT point per location, inside its area and covered by its municipality, seeded by seed and area code."""
    wanted: dict[str, int] = defaultdict(int)
    for cell in cells:
        wanted[cell] += 1
    found: dict[str, list[tuple[float, float]]] = defaultdict(list)
    missing = dict(wanted)
    with connection.cursor() as cursor:
        for attempt in range(6):
            if not missing:
                break
            order = sorted(missing)
            by_id = {cell_areas[code][0]: code for code in order}
            # ST_GeneratePoints spreads a count over a multipolygon's parts by area and may return a few fewer.
            counts = [missing[code] + missing[code] // 8 + 4 for code in order]
            seeds = [zlib.crc32(f"{seed}/{services}/{code}/{attempt}".encode()) % 2_000_000_000 + 1 for code in order]
            cursor.execute(
                _POINTS_SQL, [[cell_areas[c][0] for c in order], [cell_areas[c][1] for c in order], counts, seeds]
            )
            for cell_id, x, y in cursor.fetchall():
                found[by_id[cell_id]].append((x, y))
            missing = {code: wanted[code] - len(found[code]) for code in order if len(found[code]) < wanted[code]}
    if missing:
        raise DemoSeedError(f"could not place points inside areas {sorted(missing)}")
    rng = random.Random(seed)
    # Parts of a multipolygon come one after the other: draw from the whole set, not its head.
    picked = {code: rng.sample(found[code], k=n) for code, n in sorted(wanted.items())}
    taken = dict.fromkeys(wanted, 0)
    points = []
    for cell in cells:
        x, y = picked[cell][taken[cell]]
        taken[cell] += 1
        points.append(f"SRID=4326;POINT({x!r} {y!r})")
    return points
