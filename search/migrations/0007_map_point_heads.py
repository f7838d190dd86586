"""The search index stores what a map point shows ahead of its committee and hours (search/sql/search_source_v2.sql,
search_refresh_v2.sql): the map no longer parses each row's JSON on every request."""

from django.db import migrations, models

from search.sql import sql_file

# A row is about 2.2 kB with the new columns, past the 2 kB at which PostgreSQL starts moving its longest values out
# of line (TOAST): the result's JSON that every nearby answer reads would then come from a second table (measured:
# nearby throughput 5 % lower). The rows are kept whole up to a page.
KEEP_ROWS_WHOLE = "ALTER TABLE search_searchentry SET (toast_tuple_target = 8160);"


class Migration(migrations.Migration):
    dependencies = [("search", "0006_map_cells_zoom_10")]

    operations = [
        migrations.AddField("searchentry", "map_head_el", models.TextField(default=""), preserve_default=False),
        migrations.AddField("searchentry", "map_head_en", models.TextField(default=""), preserve_default=False),
        migrations.AddField("searchentry", "category_codes", models.TextField(default=""), preserve_default=False),
        migrations.RunSQL(
            sql_file("search_source_v2.sql"), "DROP VIEW search_source; " + sql_file("search_source_v1.sql")
        ),
        migrations.RunSQL(sql_file("search_refresh_v2.sql"), sql_file("search_refresh_v1.sql")),
        migrations.RunSQL(KEEP_ROWS_WHOLE, "ALTER TABLE search_searchentry RESET (toast_tuple_target);"),
        migrations.RunSQL("SELECT search_refresh(NULL)", migrations.RunSQL.noop),  # the rows, re-derived whole
    ]
