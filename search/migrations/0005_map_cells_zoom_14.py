"""The map's grid gains zoom 14, filled from the zoom-16 cells (search/sql/map_cells_v4.sql)."""

from django.db import migrations

from search.sql import sql_file

# back to version 1's grid (three zooms), without the zoom-14 cells
GRID_V1 = sql_file("map_cells_v1.sql").split("\n\n-- The counting query", 1)[0]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_map_cells_sums")]

    operations = [
        migrations.RunSQL(sql_file("map_cells_v4.sql"), "DELETE FROM search_mapcell WHERE zoom = 14; " + GRID_V1),
    ]
