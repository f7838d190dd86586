"""Filter tokens on the search index, in one GiST index with the point (intarray's gist__int_ops); they replace the
GIN indexes of the category and language arrays, which the planner combined with the spatial index at great cost."""

import importlib

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

_0005 = importlib.import_module("services.migrations.0005_search_entry")
_0006 = importlib.import_module("services.migrations.0006_searchentry_verified_on")

# A filter value as a 32-bit token: the first 8 hex digits of its md5 (stable across PostgreSQL versions). The
# same function is services.selectors.filter_token; a collision can only add candidates, which the exact
# conditions on the arrays then drop.
TOKEN = "('x' || left(md5({}), 8))::bit(32)::int"
TAGS = f"""ARRAY(
           SELECT DISTINCT token FROM (
               SELECT {TOKEN.format("t.id::text")} FROM (
                   SELECT c.taxonomyterm_id FROM services_service_categories c WHERE c.service_id = s.id
                   UNION ALL SELECT a.taxonomyterm_id FROM services_service_audiences a WHERE a.service_id = s.id
                   UNION ALL SELECT e.taxonomyterm_id FROM services_service_eligibility e WHERE e.service_id = s.id
               ) t(id)
               UNION ALL SELECT {TOKEN.format("'language:' || code")} FROM unnest(lg.codes) AS code
               UNION ALL SELECT {TOKEN.format("'free'")} WHERE s.free_of_charge
           ) tokens(token) ORDER BY token
       ) AS tags"""
SOURCE_VIEW = _0006.SOURCE_VIEW.replace(
    "AS verified_on\nFROM services_serviceatlocation sal", f"AS verified_on,\n       {TAGS}\nFROM services_serviceatlocation sal", 1
)
COLUMNS = _0006.COLUMNS + ", tags"
REFRESH_FUNCTION = _0005.REFRESH_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION").replace(
    _0005.COLUMNS, COLUMNS
)


class Migration(migrations.Migration):
    dependencies = [("services", "0006_searchentry_verified_on")]

    operations = [
        CreateExtension("intarray"),
        migrations.AddField(
            model_name="searchentry",
            name="tags",
            field=django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), default=list, size=None),
        ),
        migrations.RunSQL(SOURCE_VIEW, f"DROP VIEW services_search_source; {_0006.SOURCE_VIEW}"),
        migrations.RunSQL(REFRESH_FUNCTION, _0006.REFRESH_FUNCTION),
        migrations.RunSQL(
            "UPDATE services_searchentry e SET tags = v.tags FROM services_search_source v WHERE v.id = e.id",
            migrations.RunSQL.noop,
        ),
        migrations.RemoveIndex(model_name="searchentry", name="searchentry_categories"),
        migrations.RemoveIndex(model_name="searchentry", name="searchentry_languages"),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GistIndex(
                fields=["point", "tags"], name="searchentry_point_tags", opclasses=["gist_geography_ops", "gist__int_ops"]
            ),
        ),
    ]
