"""Count the pre-counted map cells (services.models.MapCell) for a day, from the search index.

Through the day, triggers on the search index (migration services/0008) add and subtract the rows each edit
changes, with the same rule as CELLS_SQL below (tests/services/test_map.py checks that both agree; the migration holds
its own copy, with the zooms and cell size of services.mapgrid). What depends on
the day itself — valid dates and the freshness cut-off — needs this recount once a day: `refresh_map_cells` from
cron just after midnight; until then the map counts live.
"""

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from services.freshness import freshness_cutoffs
from services.mapgrid import CELL_ZOOMS, ORIGIN_SHIFT, cell_size_m
from services.models import DirectoryState

DEFERRED_SETTING = "geo_accmr.map_cells_deferred"  # read by the triggers of migration services/0008
_LEVELS = ", ".join(f"({zoom}, {cell_size_m(zoom)!r})" for zoom in CELL_ZOOMS)

# One row per (key, zoom, cell) of the search-index rows `{delta}` (with a `sign`) that the map shows on the day
# %(on)s: public, inside their valid dates, confirmed since %(since)s. Each key a row matches counts once: "" for
# all, each category with its ancestors, each audience and eligibility term, each language, "free".
CELLS_SQL = f"""
    WITH base AS MATERIALIZED (
        SELECT d.sign, d.id AS sal_id, d.free_of_charge AS free, d.category_ids || d.audience_ids || d.eligibility_ids
               AS term_ids, d.languages, ST_X(m) AS x, ST_Y(m) AS y
        FROM ({{delta}}) d CROSS JOIN LATERAL ST_Transform(d.point::geometry, 3857) AS m
        WHERE NOT d.redacted AND (d.valid_from IS NULL OR d.valid_from <= %(on)s)
          AND (d.valid_to IS NULL OR d.valid_to >= %(on)s) AND d.verified_on >= %(since)s
    ),
    term_keys AS MATERIALIZED (
        SELECT t.id, CASE x.code WHEN 'categories' THEN 'category:' ELSE x.code || ':' END || a.code AS key
        FROM services_taxonomyterm t JOIN services_taxonomy x ON x.id = t.taxonomy_id
        LEFT JOIN services_taxonomyterm p ON p.id = t.parent_id
        JOIN services_taxonomyterm a ON a.id IN (t.id, p.id, p.parent_id)
    ),
    keyed AS (
        SELECT '' AS key, sign, x, y FROM base
        UNION ALL
        SELECT DISTINCT ON (b.sign, b.sal_id, k.key) k.key, b.sign, b.x, b.y
        FROM base b CROSS JOIN LATERAL unnest(b.term_ids) AS u(id) JOIN term_keys k ON k.id = u.id
        UNION ALL
        SELECT DISTINCT ON (b.sign, b.sal_id, l.code) 'language:' || l.code, b.sign, b.x, b.y
        FROM base b CROSS JOIN LATERAL unnest(b.languages) AS l(code)
        UNION ALL
        SELECT 'free', sign, x, y FROM base WHERE free
    )
    SELECT key, z.zoom, floor((x + {ORIGIN_SHIFT!r}) / z.cell)::int AS cell_x,
           floor((y + {ORIGIN_SHIFT!r}) / z.cell)::int AS cell_y,
           sum(sign)::int AS count, sum(sign * x) AS sum_x, sum(sign * y) AS sum_y
    FROM keyed CROSS JOIN (VALUES {_LEVELS}) AS z (zoom, cell) GROUP BY 1, 2, 3, 4
"""  # noqa: S608 - numbers of our own


def map_cells_refresh(*, on: date | None = None) -> int:
    """Recount every cell for the day `on` (today); returns the number of cell rows. Seconds per million places."""
    on = on or timezone.localdate()
    since = freshness_cutoffs(today=on).hidden_before
    cells = CELLS_SQL.format(delta="SELECT 1 AS sign, e.* FROM services_searchentry e")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT version FROM services_directorystate WHERE id = 1 FOR UPDATE")
        row = cursor.fetchone()
        version = row[0] if row else 0
        cursor.execute("TRUNCATE services_mapcell")
        insert = f"INSERT INTO services_mapcell (key, zoom, cell_x, cell_y, count, sum_x, sum_y) {cells}"
        cursor.execute(insert, {"on": on, "since": since})
        rows = cursor.rowcount
        DirectoryState.objects.update_or_create(
            pk=1,
            defaults={
                "map_cells_version": version,
                "version": version,
                "map_cells_on": on,
                "map_cells_visible_since": since,
            },
        )
        cursor.execute("ANALYZE services_mapcell")
    return rows
