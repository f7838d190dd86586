"""The map reads its cells in one statement: the day's check and the sums (search/sql/map_cells_v3.sql)."""

from django.db import migrations

from search.sql import sql_file


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchentry_day_indexes")]

    operations = [
        migrations.RunSQL(
            sql_file("map_cells_v3.sql"),
            "DROP FUNCTION search_map_cells_sums(date, date, text, int, int, int, int, int, int)",
        ),
    ]
