-- The map's read of its pre-counted cells in one statement (version 3; the grid, the counting rule, the triggers and
-- the day's roll-over stay those of map_cells_v1.sql and map_cells_v2.sql).
--
-- search_map_cells_sums checks that the cells answer the day `on_day` (search_map_cells_current: rolling them over
-- first when they were counted for another day) and, when they do, adds up the cells of one key at the pre-counted
-- zoom `level` inside the columns cx0..cx1 and rows cy0..cy1, merged `factor` a side (the view's zoom is `factor`
-- times coarser). When they do not (a standby, or another request or an edit holds the state row), it returns one
-- row of NULLs: the caller counts live this once. A function, not one SELECT, so that the sums read the cells after
-- a roll-over made by this same call (a single statement would read them as they were when it began).
CREATE OR REPLACE FUNCTION search_map_cells_sums(on_day date, visible_since date, cell_key text, level int,
                                                 factor int, cx0 int, cx1 int, cy0 int, cy1 int)
RETURNS TABLE (count int, sum_x float8, sum_y float8)
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT search_map_cells_current(on_day, visible_since) THEN
        RETURN QUERY SELECT NULL::int, NULL::float8, NULL::float8;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT sum(c.count)::int, sum(c.sum_x), sum(c.sum_y) FROM search_mapcell c
        WHERE c.key = cell_key AND c.zoom = level AND c.cell_x BETWEEN cx0 AND cx1 AND c.cell_y BETWEEN cy0 AND cy1
        GROUP BY c.cell_x / factor, c.cell_y / factor;
END $$;
