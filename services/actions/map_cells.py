"""Rebuild the pre-counted map cells (services.models.MapCell) from the current directory."""

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from services.freshness import VERIFIED_ON_SQL, freshness_cutoffs
from services.mapgrid import CELL_ZOOMS, ORIGIN_SHIFT, cell_size_m
from services.models import DirectoryState

# One row per (key, cell): every current, located, public service at a location, counted once per key it matches.
_KEYS_SQL = """
    SELECT '' AS key, b.* FROM base b
    UNION ALL
    SELECT 'category:' || t.code, b.* FROM base b
      JOIN services_service_categories c ON c.service_id = b.service_id
      JOIN services_taxonomyterm t ON t.id = c.taxonomyterm_id
    UNION ALL
    SELECT DISTINCT ON (b.sal_id, p.code) 'category:' || p.code, b.* FROM base b
      JOIN services_service_categories c ON c.service_id = b.service_id
      JOIN services_taxonomyterm t ON t.id = c.taxonomyterm_id
      JOIN services_taxonomyterm p ON p.id = t.parent_id
    UNION ALL
    SELECT 'language:' || lang.code, b.* FROM base b JOIN services_language lang ON lang.service_id = b.service_id
    UNION ALL
    SELECT 'audience:' || t.code, b.* FROM base b
      JOIN services_service_audiences a ON a.service_id = b.service_id
      JOIN services_taxonomyterm t ON t.id = a.taxonomyterm_id
    UNION ALL
    SELECT 'eligibility:' || t.code, b.* FROM base b
      JOIN services_service_eligibility e ON e.service_id = b.service_id
      JOIN services_taxonomyterm t ON t.id = e.taxonomyterm_id
    UNION ALL
    SELECT 'free', b.* FROM base b WHERE b.free
"""


def map_cells_refresh(*, on: date | None = None) -> int:
    """Recount every cell; returns the number of cell rows. A few seconds per million locations."""
    on = on or timezone.localdate()
    levels = ", ".join(f"({zoom}, {cell_size_m(zoom)!r})" for zoom in CELL_ZOOMS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT version FROM services_directorystate WHERE id = 1 FOR UPDATE")
        row = cursor.fetchone()
        version = row[0] if row else 0
        cursor.execute("TRUNCATE services_mapcell")
        cursor.execute(
            f"""
            WITH base AS MATERIALIZED (
                SELECT sal.id AS sal_id, s.id AS service_id, s.free_of_charge AS free, ST_X(m) AS x, ST_Y(m) AS y
                FROM (SELECT id, ST_Transform(point::geometry, 3857) AS m FROM services_location
                      WHERE point IS NOT NULL AND NOT redacted) l
                JOIN services_serviceatlocation sal ON sal.location_id = l.id
                JOIN services_service s ON s.id = sal.service_id
                WHERE s.status = 'active' AND (s.valid_from IS NULL OR s.valid_from <= %(on)s)
                  AND (s.valid_to IS NULL OR s.valid_to >= %(on)s)
                  AND {VERIFIED_ON_SQL.format(s="s")} >= %(visible_since)s
            ),
            keyed AS ({_KEYS_SQL})
            INSERT INTO services_mapcell (key, zoom, cell_x, cell_y, count, sum_x, sum_y)
            SELECT key, z.zoom, floor((x + %(shift)s) / z.cell)::int, floor((y + %(shift)s) / z.cell)::int,
                   count(*), sum(x), sum(y)
            FROM keyed CROSS JOIN (VALUES {levels}) AS z (zoom, cell) GROUP BY 1, 2, 3, 4
            """,  # noqa: S608 - constant SQL and numbers of our own
            {"on": on, "shift": ORIGIN_SHIFT, "visible_since": freshness_cutoffs(today=on).hidden_before},
        )
        rows = cursor.rowcount
        DirectoryState.objects.update_or_create(
            pk=1, defaults={"map_cells_version": version, "version": version, "map_cells_on": on}
        )
        cursor.execute("ANALYZE services_mapcell")
    return rows
