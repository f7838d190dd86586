"""Shelters' public stand-in: the search index carries the centre of a shelter's 500 m grid square, never its real
point, so a radius search cannot home in on it (issue: shelters stay secret everywhere)."""

from django.db import migrations

from services.sql import sql_file


class Migration(migrations.Migration):
    dependencies = [("services", "0008_map_cells_follow_the_index")]

    operations = [
        migrations.RunSQL(sql_file("shelter_stand_in_v1.sql"), "DROP FUNCTION services_shelter_stand_in(geography)"),
        migrations.RunSQL(sql_file("search_source_v4.sql"), sql_file("search_source_v3.sql")),
        migrations.RunSQL(
            "UPDATE services_searchentry e SET point = v.point FROM services_search_source v"
            " WHERE v.id = e.id AND e.redacted",
            "UPDATE services_searchentry e SET point = l.point FROM services_location l"
            " WHERE l.id = e.location_id AND e.redacted",
        ),
    ]
