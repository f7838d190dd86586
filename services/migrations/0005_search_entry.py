"""The search index behind /api/nearby/: one row per searchable service at a place, kept by triggers."""

import django.contrib.gis.db.models.fields
import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
from django.db import migrations, models


# The rows of the search index, computed from the directory tables (one per service at a located place of an
# active service). Properties are the finished JSON of a search result, without distance and open-now.
SOURCE_VIEW = """
CREATE VIEW services_search_source AS
SELECT sal.id, s.id AS service_id, l.id AS location_id, l.point, l.redacted, s.valid_from, s.valid_to,
       s.free_of_charge,
       ARRAY(SELECT c.taxonomyterm_id FROM services_service_categories c WHERE c.service_id = s.id) AS category_ids,
       ARRAY(SELECT a.taxonomyterm_id FROM services_service_audiences a WHERE a.service_id = s.id) AS audience_ids,
       ARRAY(SELECT e.taxonomyterm_id FROM services_service_eligibility e WHERE e.service_id = s.id)
           AS eligibility_ids,
       lg.codes AS languages, l.municipality_id, l.community_id, l.neighbourhood_id, s.search_text,
       json_build_object(
           'service_id', s.id, 'name', s.name_el, 'organization', o.name_el, 'categories', cat.codes,
           'languages', lg.codes, 'address', CASE WHEN NOT l.redacted THEN ad.line END,
           'area', CASE WHEN ar.id IS NOT NULL THEN json_build_object('code', ar.code, 'name', ar.name_el) END,
           'redacted', l.redacted, 'free_of_charge', s.free_of_charge, 'capacity_status', s.capacity_status,
           'assured_date', s.assured_date
       )::text AS properties_el,
       json_build_object(
           'service_id', s.id, 'name', COALESCE(NULLIF(s.name_en, ''), s.name_el),
           'organization', COALESCE(NULLIF(o.name_en, ''), o.name_el), 'categories', cat.codes,
           'languages', lg.codes, 'address', CASE WHEN NOT l.redacted THEN ad.line END,
           'area', CASE WHEN ar.id IS NOT NULL
                   THEN json_build_object('code', ar.code, 'name', COALESCE(NULLIF(ar.name_en, ''), ar.name_el)) END,
           'redacted', l.redacted, 'free_of_charge', s.free_of_charge, 'capacity_status', s.capacity_status,
           'assured_date', s.assured_date
       )::text AS properties_en
FROM services_serviceatlocation sal
JOIN services_service s ON s.id = sal.service_id
JOIN services_location l ON l.id = sal.location_id
JOIN services_organization o ON o.id = s.organization_id
LEFT JOIN boundaries_area ar ON ar.id = COALESCE(l.neighbourhood_id, l.municipality_id)
CROSS JOIN LATERAL (
    SELECT ARRAY(SELECT t.code::text FROM services_service_categories c
                 JOIN services_taxonomyterm t ON t.id = c.taxonomyterm_id WHERE c.service_id = s.id ORDER BY t.code)
) cat(codes)
CROSS JOIN LATERAL (
    SELECT ARRAY(SELECT lang.code::text FROM services_language lang WHERE lang.service_id = s.id ORDER BY lang.code)
) lg(codes)
CROSS JOIN LATERAL (
    SELECT (SELECT concat_ws(', ', NULLIF(a.address_1, ''), NULLIF(a.postal_code, ''), NULLIF(a.city, ''))
            FROM services_address a WHERE a.location_id = l.id ORDER BY a.created_at LIMIT 1)
) ad(line)
WHERE s.status = 'active' AND l.point IS NOT NULL
"""

COLUMNS = (
    "id, service_id, location_id, point, redacted, valid_from, valid_to, free_of_charge, category_ids, audience_ids,"
    " eligibility_ids, languages, municipality_id, community_id, neighbourhood_id, search_text, properties_el,"
    " properties_en"
)

# Re-derive the index rows of some services (NULL: of all). Called by the triggers below and by bulk loaders.
REFRESH_FUNCTION = f"""
CREATE FUNCTION services_search_refresh(service_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF service_ids IS NULL THEN
        DELETE FROM services_searchentry;
        INSERT INTO services_searchentry ({COLUMNS}) SELECT {COLUMNS} FROM services_search_source;
    ELSIF cardinality(service_ids) > 0 THEN
        DELETE FROM services_searchentry e USING (SELECT DISTINCT unnest(service_ids)) x(id)
        WHERE e.service_id = x.id;
        INSERT INTO services_searchentry ({COLUMNS})
        SELECT {COLUMNS} FROM services_search_source v
        WHERE v.service_id IN (SELECT unnest(service_ids));
    END IF;
END $$
"""

# (table, events, the services a changed row `r` touches). Statement-level triggers with transition tables:
# one refresh per statement, whatever the number of rows (a COPY of 100,000 rows is one refresh).
TOUCHES = [
    ("services_service", ("INSERT", "UPDATE", "DELETE"), "SELECT r.id FROM {rows} r"),
    ("services_serviceatlocation", ("INSERT", "UPDATE", "DELETE"), "SELECT r.service_id FROM {rows} r"),
    (
        "services_location",
        ("UPDATE", "DELETE"),
        "SELECT sal.service_id FROM {rows} r JOIN services_serviceatlocation sal ON sal.location_id = r.id",
    ),
    (
        "services_address",
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT sal.service_id FROM {rows} r JOIN services_serviceatlocation sal ON sal.location_id = r.location_id",
    ),
    (
        "services_organization",
        ("UPDATE",),
        "SELECT s.id FROM {rows} r JOIN services_service s ON s.organization_id = r.id",
    ),
    (
        "services_language",
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT r.service_id FROM {rows} r WHERE r.service_id IS NOT NULL",
    ),
    ("services_service_categories", ("INSERT", "UPDATE", "DELETE"), "SELECT r.service_id FROM {rows} r"),
    ("services_service_audiences", ("INSERT", "UPDATE", "DELETE"), "SELECT r.service_id FROM {rows} r"),
    ("services_service_eligibility", ("INSERT", "UPDATE", "DELETE"), "SELECT r.service_id FROM {rows} r"),
    (
        "services_taxonomyterm",
        ("UPDATE",),
        "SELECT c.service_id FROM {rows} r JOIN services_service_categories c ON c.taxonomyterm_id = r.id",
    ),
    (
        "boundaries_area",
        ("UPDATE",),
        "SELECT sal.service_id FROM {rows} r JOIN services_location l ON l.neighbourhood_id = r.id"
        " OR l.municipality_id = r.id JOIN services_serviceatlocation sal ON sal.location_id = l.id",
    ),
]
ROWS = {
    "INSERT": "new_rows",
    "DELETE": "old_rows",
    "UPDATE": "(SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows)",
}
REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def trigger_sql() -> tuple[list[str], list[str]]:
    """CREATE and DROP statements for one function and trigger per (table, event)."""
    forward, backward = [], []
    for table, events, touched in TOUCHES:
        for event in events:
            name = f"{table}_search_{event.lower()}"
            rows = ROWS[event]
            forward.append(f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- bulk loaders defer the index and rebuild it once at the end (services.actions.search_index)
    IF current_setting('geo_accmr.search_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM services_search_refresh(ARRAY({touched.format(rows=rows)}));
    RETURN NULL;
END $$;
CREATE TRIGGER {name} AFTER {event} ON {table} {REFERENCING[event]}
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
""")
            backward.append(f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();")
    return forward, backward


FORWARD, BACKWARD = trigger_sql()


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0004_map_cell_zoom_levels"),
        ("boundaries", "0001_initial"),
    ]

    operations = [
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
                    django.contrib.postgres.indexes.GinIndex(fields=["category_ids"], name="searchentry_categories"),
                    django.contrib.postgres.indexes.GinIndex(fields=["languages"], name="searchentry_languages"),
                    django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.indexes.OpClass("search_text", name="gin_trgm_ops"),
                        name="searchentry_search_trgm",
                    ),
                ],
            },
        ),
        migrations.RunSQL(SOURCE_VIEW, "DROP VIEW IF EXISTS services_search_source"),
        migrations.RunSQL(REFRESH_FUNCTION, "DROP FUNCTION IF EXISTS services_search_refresh(uuid[])"),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.RunSQL("SELECT services_search_refresh(NULL)", migrations.RunSQL.noop),
    ]
