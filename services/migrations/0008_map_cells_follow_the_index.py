"""Map cells follow the search index: triggers on services_searchentry add and subtract the rows a statement
inserted, deleted or updated, so an edit no longer leaves every map view to be counted live until the next
refresh. The cells still describe one day (valid dates, freshness): `refresh_map_cells` recounts them nightly."""

from django.db import migrations, models

SHIFT = 20037508.342789244  # services.mapgrid.ORIGIN_SHIFT
LEVELS = ", ".join(f"({zoom}, {2 * SHIFT / (256 * 2**zoom) * 64!r})" for zoom in (8, 12, 16))  # CELL_ZOOMS, CELL_PX

# The cells of the rows of `delta` (search-index rows with a `sign`), counted for the day `{on}` and the freshness
# cut-off `{since}`: every key a row matches once — "" for all, each category with its ancestors, each audience
# and eligibility term, each language, "free".
CELLS_SQL = f"""
    WITH base AS MATERIALIZED (
        SELECT d.sign, d.id AS sal_id, d.free_of_charge AS free, d.category_ids || d.audience_ids || d.eligibility_ids
               AS term_ids, d.languages, ST_X(m) AS x, ST_Y(m) AS y
        FROM ({{delta}}) d CROSS JOIN LATERAL ST_Transform(d.point::geometry, 3857) AS m
        WHERE NOT d.redacted AND (d.valid_from IS NULL OR d.valid_from <= {{on}})
          AND (d.valid_to IS NULL OR d.valid_to >= {{on}}) AND d.verified_on >= {{since}}
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
    SELECT key, z.zoom, floor((x + {SHIFT!r}) / z.cell)::int AS cell_x, floor((y + {SHIFT!r}) / z.cell)::int AS cell_y,
           sum(sign)::int AS count, sum(sign * x) AS sum_x, sum(sign * y) AS sum_y
    FROM keyed CROSS JOIN (VALUES {LEVELS}) AS z (zoom, cell) GROUP BY 1, 2, 3, 4
"""

DELTAS = {
    "INSERT": "SELECT 1 AS sign, r.* FROM new_rows r",
    "DELETE": "SELECT -1 AS sign, r.* FROM old_rows r",
    "UPDATE": "SELECT 1 AS sign, r.* FROM new_rows r UNION ALL SELECT -1 AS sign, r.* FROM old_rows r",
}
REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
    "UPDATE": "NEW TABLE AS new_rows OLD TABLE AS old_rows",
}


def _function(event: str) -> str:
    cells = CELLS_SQL.format(delta=DELTAS[event], on="state.map_cells_on", since="state.map_cells_visible_since")
    return f"""
CREATE FUNCTION services_mapcell_{event.lower()}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    state record;
    emptied bigint[];
BEGIN
    -- a full rebuild of the index recounts the cells afterwards (services.actions.search_index)
    IF current_setting('geo_accmr.map_cells_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    SELECT map_cells_on, map_cells_visible_since INTO state FROM services_directorystate WHERE id = 1;
    IF state.map_cells_on IS NULL OR state.map_cells_visible_since IS NULL THEN
        RETURN NULL;  -- never counted: the map counts live until refresh_map_cells runs
    END IF;
    WITH delta AS ({cells}),
    changed AS (
        INSERT INTO services_mapcell AS c (key, zoom, cell_x, cell_y, count, sum_x, sum_y)
        SELECT key, zoom, cell_x, cell_y, count, sum_x, sum_y FROM delta WHERE count <> 0
        ORDER BY key, zoom, cell_x, cell_y  -- one lock order for concurrent edits
        ON CONFLICT (key, zoom, cell_x, cell_y) DO UPDATE
            SET count = c.count + excluded.count, sum_x = c.sum_x + excluded.sum_x, sum_y = c.sum_y + excluded.sum_y
        RETURNING c.id, c.count
    )
    SELECT array_agg(id) INTO emptied FROM changed WHERE count <= 0;
    -- a second statement: the one that updated a row cannot see its new count
    IF emptied IS NOT NULL THEN
        DELETE FROM services_mapcell WHERE id = ANY(emptied);
    END IF;
    RETURN NULL;
END $$
"""


FORWARD = "\n".join(
    [_function(event) + ";" for event in DELTAS]
    + [
        f"CREATE TRIGGER services_mapcell_{event.lower()} AFTER {event} ON services_searchentry"
        f" REFERENCING {REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION services_mapcell_{event.lower()}();"
        for event in DELTAS
    ]
)
BACKWARD = "\n".join(
    f"DROP TRIGGER IF EXISTS services_mapcell_{event.lower()} ON services_searchentry;"
    f" DROP FUNCTION IF EXISTS services_mapcell_{event.lower()}();"
    for event in DELTAS
)


class Migration(migrations.Migration):
    dependencies = [("services", "0007_searchentry_tags")]

    operations = [
        migrations.AlterField(model_name="mapcell", name="count", field=models.IntegerField()),
        migrations.RemoveIndex(model_name="mapcell", name="mapcell_key_zoom_xy"),
        migrations.RunSQL("TRUNCATE services_mapcell", migrations.RunSQL.noop),  # recounted below or by refresh
        migrations.AddConstraint(
            model_name="mapcell",
            constraint=models.UniqueConstraint(fields=("key", "zoom", "cell_x", "cell_y"), name="mapcell_key_zoom_xy"),
        ),
        migrations.AddField(
            model_name="directorystate",
            name="map_cells_visible_since",
            field=models.DateField(null=True, help_text="The freshness cut-off the map cells were counted with."),
        ),
        migrations.RunSQL("UPDATE services_directorystate SET map_cells_on = NULL", migrations.RunSQL.noop),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
