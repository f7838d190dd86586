-- The map's pre-counted cells (search_mapcell): one rule to count them, used by the nightly recount
-- (search.actions.map_cells.map_cells_refresh, through search_map_cells_counted) and by the triggers that keep them
-- current through the day (search_map_cells_follow, on search_searchentry).

-- The grid: square cells of 64 screen pixels in Web Mercator (EPSG:3857) at the pre-counted zooms. Python's twin,
-- for reading the cells, is search/mapgrid.py (CELL_ZOOMS, CELL_PX, ORIGIN_SHIFT); tests/search/test_map.py checks
-- that both agree.
CREATE OR REPLACE FUNCTION search_map_grid() RETURNS TABLE (zoom int, cell float8, origin_shift float8)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT z.zoom, z.cell, 20037508.342789244
    FROM (VALUES (8, 39135.75848201024), (12, 2445.98490512564), (16, 152.8740565703525)) AS z (zoom, cell)
$$;

-- The counting query over `delta` (SQL text of search-index rows with a `sign`: 1 to add, -1 to take away): one row
-- per (key, zoom, cell) of the rows the map shows on the day $1, public, inside their valid dates, confirmed
-- since $2. Each key a row matches counts once: "" for all, each category with its ancestors, each audience and
-- eligibility term, each language, "free". Text, because a trigger's transition tables can only be read by
-- statements of the trigger function itself.
CREATE OR REPLACE FUNCTION search_map_cells_sql(delta text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT format($q$
    WITH base AS MATERIALIZED (
        SELECT d.sign, d.id AS sal_id, d.free_of_charge AS free, d.category_ids || d.audience_ids || d.eligibility_ids
               AS term_ids, d.languages, ST_X(m) AS x, ST_Y(m) AS y
        FROM (%s) d CROSS JOIN LATERAL ST_Transform(d.point::geometry, 3857) AS m
        WHERE NOT d.redacted AND (d.valid_from IS NULL OR d.valid_from <= $1)
          AND (d.valid_to IS NULL OR d.valid_to >= $1) AND d.verified_on >= $2
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
    SELECT key, z.zoom, floor((x + z.origin_shift) / z.cell)::int AS cell_x,
           floor((y + z.origin_shift) / z.cell)::int AS cell_y,
           sum(sign)::int AS count, sum(sign * x) AS sum_x, sum(sign * y) AS sum_y
    FROM keyed CROSS JOIN search_map_grid() AS z GROUP BY 1, 2, 3, 4
    $q$, delta)
$f$;

-- Every cell of the whole search index, counted for the day `on_day` and the freshness cut-off `visible_since`.
CREATE OR REPLACE FUNCTION search_map_cells_counted(on_day date, visible_since date)
RETURNS TABLE (key text, zoom int, cell_x int, cell_y int, count int, sum_x float8, sum_y float8)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY EXECUTE search_map_cells_sql('SELECT 1 AS sign, e.* FROM search_searchentry e')
        USING on_day, visible_since;
END $$;

-- Through the day, the cells follow the search index: add the rows a statement inserted, take away those it
-- deleted (an update does both). What depends on the day itself (valid dates, the freshness cut-off) waits for
-- the nightly recount. A full rebuild of the index sets geo_accmr.map_cells_deferred = 'on' and recounts after.
CREATE OR REPLACE FUNCTION search_map_cells_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    state record;
    emptied bigint[];
BEGIN
    IF current_setting('geo_accmr.map_cells_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    SELECT map_cells_on, map_cells_visible_since INTO state FROM search_directorystate WHERE id = 1;
    IF state.map_cells_on IS NULL OR state.map_cells_visible_since IS NULL THEN
        RETURN NULL;  -- never counted: the map counts live until refresh_map_cells runs
    END IF;
    EXECUTE format($q$
        WITH delta AS (%s),
        changed AS (
            INSERT INTO search_mapcell AS c (key, zoom, cell_x, cell_y, count, sum_x, sum_y)
            SELECT key, zoom, cell_x, cell_y, count, sum_x, sum_y FROM delta WHERE count <> 0
            ORDER BY key, zoom, cell_x, cell_y  -- one lock order for concurrent edits
            ON CONFLICT (key, zoom, cell_x, cell_y) DO UPDATE
                SET count = c.count + excluded.count, sum_x = c.sum_x + excluded.sum_x,
                    sum_y = c.sum_y + excluded.sum_y
            RETURNING c.id, c.count
        )
        SELECT array_agg(id) FROM changed WHERE count <= 0
        $q$, search_map_cells_sql(CASE TG_OP
            WHEN 'INSERT' THEN 'SELECT 1 AS sign, r.* FROM new_rows r'
            WHEN 'DELETE' THEN 'SELECT -1 AS sign, r.* FROM old_rows r'
            ELSE 'SELECT 1 AS sign, r.* FROM new_rows r UNION ALL SELECT -1 AS sign, r.* FROM old_rows r'
        END))
    INTO emptied USING state.map_cells_on, state.map_cells_visible_since;
    -- a second statement: the one that updated a row cannot see its new count
    IF emptied IS NOT NULL THEN
        DELETE FROM search_mapcell WHERE id = ANY(emptied);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER search_map_cells_insert AFTER INSERT ON search_searchentry REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_map_cells_follow();
CREATE TRIGGER search_map_cells_update AFTER UPDATE ON search_searchentry
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_map_cells_follow();
CREATE TRIGGER search_map_cells_delete AFTER DELETE ON search_searchentry REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_map_cells_follow();
