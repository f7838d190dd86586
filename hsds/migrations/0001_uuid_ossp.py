"""uuid_generate_v5 for the HSDS export's attribute ids (hsds/sql/uuid_ossp_v1.sql)."""

from django.db import migrations

from hsds.sql import sql_file


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []

    operations = [migrations.RunSQL(sql_file("uuid_ossp_v1.sql"), migrations.RunSQL.noop)]
