from django.db import migrations, models


class Migration(migrations.Migration):
    """Map cells at several zoom levels; the cells are derived data, so the old ones are dropped (and marked stale)."""

    dependencies = [("services", "0003_map_cells")]

    operations = [
        migrations.RunSQL(
            "TRUNCATE services_mapcell; UPDATE services_directorystate SET map_cells_on = NULL;",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RemoveIndex(model_name="mapcell", name="mapcell_key_xy"),
        migrations.AddField(
            model_name="mapcell", name="zoom", field=models.PositiveSmallIntegerField(default=16), preserve_default=False
        ),
        migrations.AddIndex(
            model_name="mapcell",
            index=models.Index(fields=["key", "zoom", "cell_x", "cell_y"], name="mapcell_key_zoom_xy"),
        ),
    ]
