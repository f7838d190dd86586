"""The search index stores each row's schedules (search/sql/search_schedule_v1.sql, search_source_v3.sql, search_refresh_v3.sql, and the
triggers on services_schedule of search_triggers_v2.sql): hours and open now are read from the row, not looked up in
services_schedule for every row of every answer."""

from django.db import migrations

import search.models
from search.sql import sql_file

DROP_TRIGGERS = "; ".join(
    f"DROP TRIGGER search_index_{op} ON services_schedule" for op in ("insert", "update", "delete")
)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_map_point_heads")]

    operations = [
        migrations.RunSQL(sql_file("search_schedule_v1.sql"), "DROP TYPE search_schedule"),
        migrations.AddField(
            "searchentry", "schedules", search.models.ScheduleRowsField(default="{}"), preserve_default=False
        ),
        migrations.RunSQL(  # the view gains a column at its end; going back, it loses it: dropped and made again
            sql_file("search_source_v3.sql"), "DROP VIEW search_source; " + sql_file("search_source_v2.sql")
        ),
        migrations.RunSQL(sql_file("search_refresh_v3.sql"), sql_file("search_refresh_v2.sql")),
        migrations.RunSQL(sql_file("search_triggers_v2.sql"), DROP_TRIGGERS),
        migrations.RunSQL("SELECT search_refresh(NULL)", migrations.RunSQL.noop),  # the rows, re-derived whole
    ]
