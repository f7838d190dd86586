-- The map's pre-counted cells keep themselves (version 2; the grid and the counting rule stay those of
-- map_cells_v1.sql: search_map_grid, search_map_cells_sql, search_map_cells_counted).
--
-- What changes: the day. Valid dates and the freshness cut-off depend on it, so the cells of yesterday are wrong
-- for today. Instead of a nightly cron, the first map request of a day calls search_map_cells_current, which rolls
-- the cells over to the new day incrementally: only the rows whose visibility can differ between the two days
-- (a valid date or the confirmation day between the old and the new day) are taken away as counted on the old day
-- and added as counted on the new day. A database whose cells were never counted is counted in full, once.
-- Concurrency: the roll-over holds the directory state row FOR UPDATE (NOWAIT: when an edit is in flight, the
-- request counts live and a later one rolls over); the triggers that follow edits hold it FOR KEY SHARE, so an
-- edit is counted either entirely before a roll-over (and rolled over with the rest) or entirely after it (with
-- the new day's rule).

-- The statement that adds (sign 1) and takes away (sign -1) the rows of `delta` (SQL text, as search_map_cells_sql
-- takes it) in the cells, counted for the day $1 and the cut-off $2; it returns the ids of the cells that reached 0
-- (the caller deletes them in a second statement: the one that updated a row cannot see its new count). Text, as
-- in version 1: a trigger's transition tables can only be read by statements of the trigger function itself.
CREATE OR REPLACE FUNCTION search_map_cells_upsert_sql(delta text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT format($q$
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
        $q$, search_map_cells_sql(delta))
$f$;

-- search_map_cells_upsert_sql run over rows of the search index (not of a trigger's transition tables).
CREATE OR REPLACE FUNCTION search_map_cells_apply(delta text, on_day date, visible_since date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    emptied bigint[];
BEGIN
    EXECUTE search_map_cells_upsert_sql(delta) INTO emptied USING on_day, visible_since;
    IF emptied IS NOT NULL THEN
        DELETE FROM search_mapcell WHERE id = ANY(emptied);
    END IF;
END $$;

-- Through the day, the cells follow the search index (as in version 1), now under a share lock of the state row.
CREATE OR REPLACE FUNCTION search_map_cells_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    state record;
    emptied bigint[];
BEGIN
    IF current_setting('geo_accmr.map_cells_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    SELECT map_cells_on, map_cells_visible_since INTO state FROM search_directorystate WHERE id = 1 FOR KEY SHARE;
    IF state.map_cells_on IS NULL OR state.map_cells_visible_since IS NULL THEN
        RETURN NULL;  -- never counted: the first map request counts them (search_map_cells_current)
    END IF;
    EXECUTE search_map_cells_upsert_sql(CASE TG_OP
            WHEN 'INSERT' THEN 'SELECT 1 AS sign, r.* FROM new_rows r'
            WHEN 'DELETE' THEN 'SELECT -1 AS sign, r.* FROM old_rows r'
            ELSE 'SELECT 1 AS sign, r.* FROM new_rows r UNION ALL SELECT -1 AS sign, r.* FROM old_rows r'
        END)
    INTO emptied USING state.map_cells_on, state.map_cells_visible_since;
    IF emptied IS NOT NULL THEN
        DELETE FROM search_mapcell WHERE id = ANY(emptied);
    END IF;
    RETURN NULL;
END $$;

-- Every cell counted afresh for the day; waits for edits in flight. Returns the number of cell rows.
CREATE OR REPLACE FUNCTION search_map_cells_recount(on_day date, visible_since date) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    rows bigint;
BEGIN
    INSERT INTO search_directorystate (id, version, map_cells_version, changed_at) VALUES (1, 0, 0, now())
        ON CONFLICT (id) DO NOTHING;
    PERFORM 1 FROM search_directorystate WHERE id = 1 FOR UPDATE;
    TRUNCATE search_mapcell;
    INSERT INTO search_mapcell (key, zoom, cell_x, cell_y, count, sum_x, sum_y)
        SELECT c.key, c.zoom, c.cell_x, c.cell_y, c.count, c.sum_x, c.sum_y
        FROM search_map_cells_counted(on_day, visible_since) c;
    GET DIAGNOSTICS rows = ROW_COUNT;
    UPDATE search_directorystate SET map_cells_version = version, map_cells_on = on_day,
        map_cells_visible_since = visible_since WHERE id = 1;
    ANALYZE search_mapcell;
    RETURN rows;
END $$;

-- The cells rolled over from the day they were counted for to `on_day` (either direction): the rows with a valid
-- date or a confirmation day between the two days' values are taken away as the old day counted them and added as
-- the new day counts them; every other row is shown on both days or on neither. The caller holds the state row.
CREATE OR REPLACE FUNCTION search_map_cells_roll(on_day date, visible_since date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    state record;
    candidates text;
BEGIN
    SELECT map_cells_on, map_cells_visible_since INTO STRICT state FROM search_directorystate WHERE id = 1;
    candidates := format(
        'FROM search_searchentry e WHERE (e.valid_from > %1$L AND e.valid_from <= %2$L)'
        ' OR (e.valid_to >= %1$L AND e.valid_to < %2$L) OR (e.verified_on >= %3$L AND e.verified_on < %4$L)',
        least(state.map_cells_on, on_day), greatest(state.map_cells_on, on_day),
        least(state.map_cells_visible_since, visible_since), greatest(state.map_cells_visible_since, visible_since));
    PERFORM search_map_cells_apply('SELECT -1 AS sign, e.* ' || candidates,
                                   state.map_cells_on, state.map_cells_visible_since);
    PERFORM search_map_cells_apply('SELECT 1 AS sign, e.* ' || candidates, on_day, visible_since);
    UPDATE search_directorystate SET map_cells_version = version, map_cells_on = on_day,
        map_cells_visible_since = visible_since WHERE id = 1;
END $$;

-- Whether the cells answer the day `on_day` (with its cut-off `visible_since`), making them so when they do not
-- and nobody else is on it: the first map request of a day rolls them over. False (count live this time) on a
-- read-only standby, or while an edit or another roll-over holds the state row.
CREATE OR REPLACE FUNCTION search_map_cells_current(on_day date, visible_since date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    state record;
BEGIN
    SELECT map_cells_on, map_cells_visible_since INTO state FROM search_directorystate WHERE id = 1;
    IF FOUND AND state.map_cells_on = on_day AND state.map_cells_visible_since = visible_since THEN
        RETURN true;
    END IF;
    IF pg_is_in_recovery() THEN
        RETURN false;
    END IF;
    BEGIN
        SELECT map_cells_on, map_cells_visible_since INTO state FROM search_directorystate WHERE id = 1
            FOR UPDATE NOWAIT;
        IF NOT FOUND OR state.map_cells_on IS NULL OR state.map_cells_visible_since IS NULL THEN
            PERFORM search_map_cells_recount(on_day, visible_since);  -- never counted
        ELSIF state.map_cells_on IS DISTINCT FROM on_day OR state.map_cells_visible_since IS DISTINCT FROM visible_since
        THEN
            PERFORM search_map_cells_roll(on_day, visible_since);  -- unless another request just did
        END IF;
    EXCEPTION WHEN lock_not_available THEN
        RETURN false;
    END;
    RETURN true;
END $$;
