"""The search index learns the day each service was last confirmed, so stale services drop out of search."""

import importlib

from django.db import migrations, models

_0005 = importlib.import_module("services.migrations.0005_search_entry")

VERIFIED_ON = "COALESCE(s.assured_date, (s.created_at AT TIME ZONE 'Europe/Athens')::date)"
# CREATE OR REPLACE VIEW may add columns at the end
SOURCE_VIEW = _0005.SOURCE_VIEW.replace("CREATE VIEW", "CREATE OR REPLACE VIEW").replace(
    "\nFROM services_serviceatlocation sal", f",\n       {VERIFIED_ON} AS verified_on\nFROM services_serviceatlocation sal", 1
)
COLUMNS = _0005.COLUMNS + ", verified_on"
REFRESH_FUNCTION = _0005.REFRESH_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION").replace(
    _0005.COLUMNS, COLUMNS
)
OLD_REFRESH_FUNCTION = _0005.REFRESH_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


class Migration(migrations.Migration):
    dependencies = [("services", "0005_search_entry")]

    operations = [
        migrations.AddField(model_name="searchentry", name="verified_on", field=models.DateField(null=True)),
        migrations.RunSQL(SOURCE_VIEW, f"DROP VIEW services_search_source; {_0005.SOURCE_VIEW}"),
        migrations.RunSQL(REFRESH_FUNCTION, OLD_REFRESH_FUNCTION),
        migrations.RunSQL(
            f"UPDATE services_searchentry e SET verified_on = {VERIFIED_ON} FROM services_service s"
            " WHERE s.id = e.service_id",
            migrations.RunSQL.noop,
        ),
    ]
