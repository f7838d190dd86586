-- The map's grid gains zoom 10 (version 5; the counting rule, the triggers, the roll-over and the read stay those of
-- map_cells_v1.sql to map_cells_v3.sql, which all take the grid from search_map_grid).
--
-- Why: views at zoom 9 and 10 (a region, Attica) were added up from zoom-12 cells, 8 × 8 and 4 × 4 of them a side per
-- cluster: over Athens at 100,000 places, thousands of cell rows per answer, the costliest pre-counted answers of the
-- saturation benchmark (12–16 ms of 3–5 at other zooms). From zoom-10 cells it is 2 × 2 and 1 × 1. Python's twin is
-- search/mapgrid.py (CELL_ZOOMS).
CREATE OR REPLACE FUNCTION search_map_grid() RETURNS TABLE (zoom int, cell float8, origin_shift float8)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT z.zoom, z.cell, 20037508.342789244
    FROM (VALUES (8, 39135.75848201024), (10, 9783.93962050256), (12, 2445.98490512564), (14, 611.49622628141),
                 (16, 152.8740565703525))
        AS z (zoom, cell)
$$;

-- Cells already counted gain their zoom-10 cells from their zoom-12 ones (a zoom-10 cell is exactly 4 × 4 zoom-12
-- cells: the sizes differ by a power of two and cell numbers are never negative), so no recount is needed.
INSERT INTO search_mapcell (key, zoom, cell_x, cell_y, count, sum_x, sum_y)
SELECT key, 10, cell_x / 4, cell_y / 4, sum(count)::int, sum(sum_x), sum(sum_y)
FROM search_mapcell WHERE zoom = 12 GROUP BY key, cell_x / 4, cell_y / 4
ON CONFLICT (key, zoom, cell_x, cell_y) DO NOTHING;
ANALYZE search_mapcell;
