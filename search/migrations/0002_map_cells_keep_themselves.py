"""The map's cells keep themselves: the first map request of a day rolls them over (search/sql/map_cells_v2.sql)."""

from django.db import migrations

from search.sql import sql_file


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql_file("map_cells_v2.sql"),
            # back to version 1: its follow function and triggers (CASCADE drops the triggers; v1 makes them again)
            "DROP FUNCTION search_map_cells_current(date, date); DROP FUNCTION search_map_cells_roll(date, date);"
            " DROP FUNCTION search_map_cells_recount(date, date); DROP FUNCTION search_map_cells_follow() CASCADE;"
            " DROP FUNCTION search_map_cells_apply(text, date, date); DROP FUNCTION search_map_cells_upsert_sql(text); " + sql_file("map_cells_v1.sql"),
        ),
    ]
