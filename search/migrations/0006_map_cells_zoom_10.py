"""The map's grid gains zoom 10, filled from the zoom-12 cells (search/sql/map_cells_v5.sql)."""

from django.db import migrations

from search.sql import sql_file

# back to version 4's grid (zoom 14 without zoom 10), without the zoom-10 cells
GRID_V4 = sql_file("map_cells_v4.sql").split("\n\n-- Cells already counted", 1)[0]


class Migration(migrations.Migration):
    dependencies = [("search", "0005_map_cells_zoom_14")]

    operations = [
        migrations.RunSQL(sql_file("map_cells_v5.sql"), "DELETE FROM search_mapcell WHERE zoom = 10; " + GRID_V4),
    ]
