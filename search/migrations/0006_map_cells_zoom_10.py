"""The map's grid gains zoom 10, filled from the zoom-12 cells (search/sql/map_cells_v5.sql)."""

from django.db import migrations

from search.sql import sql_file

# back to version 4's grid (zoom 14 without zoom 10), without the zoom-10 cells: version 4's function, not the part
# of that file that fills the zoom-14 cells (versioned SQL never changes, and a missing marker stops the migration)
GRID_V4, MARKER, _ = sql_file("map_cells_v4.sql").partition("\n\n-- Cells already counted")
assert MARKER, "map_cells_v4.sql: the function and the cell fill are no longer apart"


class Migration(migrations.Migration):
    dependencies = [("search", "0005_map_cells_zoom_14")]

    operations = [
        migrations.RunSQL(sql_file("map_cells_v5.sql"), "DELETE FROM search_mapcell WHERE zoom = 10; " + GRID_V4),
    ]
