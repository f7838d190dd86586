"""The search index, the map's pre-counted cells and the directory's version, with the SQL that keeps them.

Made from services 0003–0009 when the search app took them over (no deployment existed). The database objects come
from the versioned files of search/sql/; a later change is a new version file and a migration that loads it
(README: "Changing the search index").
"""

import django.contrib.gis.db.models.fields
import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
import django.utils.timezone
from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

from search.sql import sql_file


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("boundaries", "0001_initial"),
        ("services", "0001_initial"),
    ]

    operations = [
        CreateExtension("intarray"),  # gist__int_ops: the filter tokens in one GiST index with the point
        migrations.CreateModel(
            name="DirectoryState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveBigIntegerField(default=0)),
                (
                    "map_cells_version",
                    models.PositiveBigIntegerField(default=0, help_text="The version the map cells were built at."),
                ),
                (
                    "map_cells_on",
                    models.DateField(help_text="The day the map cells were counted for (valid dates).", null=True),
                ),
                (
                    "map_cells_visible_since",
                    models.DateField(help_text="The freshness cut-off the map cells were counted with.", null=True),
                ),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.CreateModel(
            name="MapCell",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=100)),
                ("zoom", models.PositiveSmallIntegerField()),
                ("cell_x", models.IntegerField()),
                ("cell_y", models.IntegerField()),
                ("count", models.IntegerField()),
                ("sum_x", models.FloatField()),
                ("sum_y", models.FloatField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("key", "zoom", "cell_x", "cell_y"), name="mapcell_key_zoom_xy")
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "service_at_location",
                    models.OneToOneField(
                        db_column="id",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="services.serviceatlocation",
                    ),
                ),
                ("point", django.contrib.gis.db.models.fields.PointField(geography=True, srid=4326)),
                ("redacted", models.BooleanField()),
                ("valid_from", models.DateField(null=True)),
                ("valid_to", models.DateField(null=True)),
                ("free_of_charge", models.BooleanField()),
                ("category_ids", django.contrib.postgres.fields.ArrayField(base_field=models.UUIDField(), size=None)),
                ("audience_ids", django.contrib.postgres.fields.ArrayField(base_field=models.UUIDField(), size=None)),
                (
                    "eligibility_ids",
                    django.contrib.postgres.fields.ArrayField(base_field=models.UUIDField(), size=None),
                ),
                (
                    "languages",
                    django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=3), size=None),
                ),
                ("municipality_id", models.BigIntegerField(null=True)),
                ("community_id", models.BigIntegerField(null=True)),
                ("neighbourhood_id", models.BigIntegerField(null=True)),
                ("search_text", models.TextField()),
                ("properties_el", models.TextField()),
                ("properties_en", models.TextField()),
                ("verified_on", models.DateField(null=True)),
                (
                    "tags",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(), default=list, size=None
                    ),
                ),
                (
                    "location",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="services.location"
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="services.service"
                    ),
                ),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GistIndex(
                        fields=["point", "tags"],
                        name="searchentry_point_tags",
                        opclasses=["gist_geography_ops", "gist__int_ops"],
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.indexes.OpClass("search_text", name="gin_trgm_ops"),
                        name="searchentry_search_trgm",
                    ),
                ],
            },
        ),
        migrations.RunSQL(
            sql_file("filter_token_v1.sql"),
            "DROP FUNCTION search_filter_tokens(text[]); DROP FUNCTION search_filter_token(text);",
        ),
        migrations.RunSQL(sql_file("search_source_v1.sql"), "DROP VIEW search_source"),
        migrations.RunSQL(sql_file("search_refresh_v1.sql"), "DROP FUNCTION search_refresh(uuid[])"),
        # CASCADE: the function's triggers on the directory tables go with it
        migrations.RunSQL(sql_file("search_triggers_v1.sql"), "DROP FUNCTION search_touched() CASCADE"),
        migrations.RunSQL(
            sql_file("map_cells_v1.sql"),
            "DROP FUNCTION search_map_cells_follow() CASCADE; DROP FUNCTION search_map_cells_counted(date, date);"
            " DROP FUNCTION search_map_cells_sql(text); DROP FUNCTION search_map_grid();",
        ),
        migrations.RunSQL("SELECT search_refresh(NULL)", migrations.RunSQL.noop),  # a directory already there
    ]
