"""The HSDS 3.0 tabular form (one CSV per table, datapackage.json) and our profile's extra columns.

Columns and types follow ../shared/hsds/schema/compiled/tabular.json (HSDS 3.0); they are written out here so an
export needs no copy of the HSDS repository at run time. Our extra columns come after the HSDS ones:
- `<field>_en`: the English text of a translated field (the HSDS column holds the Greek one);
- the profile extensions of README.md (organization kind, ACCMR membership, demo flag; service validity dates,
  fee and capacity flags; location `redacted` and `area_code`; taxonomy `code`).
"""

S, N, D, DT, T, B = "string", "number", "date", "datetime", "time", "boolean"
U = "uuid"  # a string with format uuid

# table -> (file, HSDS columns as (name, type)), in the HSDS order of tables and columns.
HSDS_TABLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "organization": ("organizations.csv", [
        ("id", U), ("name", S), ("alternate_name", S), ("description", S), ("email", S), ("website", S),
        ("tax_status", S), ("tax_id", S), ("year_incorporated", N), ("legal_status", S), ("logo", S), ("uri", S),
        ("parent_organization_id", U)]),
    "program": ("programs.csv", [
        ("id", U), ("organization_id", U), ("name", S), ("alternate_name", S), ("description", S)]),
    "service": ("services.csv", [
        ("id", U), ("organization_id", U), ("program_id", U), ("name", S), ("alternate_name", S), ("description", S),
        ("url", S), ("email", S), ("status", S), ("interpretation_services", S), ("application_process", S),
        ("fees_description", S), ("wait_time", S), ("fees", S), ("accreditations", S),
        ("eligibility_description", S), ("minimum_age", N), ("maximum_age", N), ("assured_date", D),
        ("assurer_email", S), ("licenses", S), ("alert", S), ("last_modified", DT)]),
    "attribute": ("attributes.csv", [
        ("id", U), ("link_id", U), ("taxonomy_term_id", U), ("link_type", S), ("link_entity", S), ("value", S)]),
    "service_at_location": ("service_at_location.csv", [
        ("id", U), ("service_id", U), ("location_id", U), ("description", S)]),
    "location": ("locations.csv", [
        ("id", U), ("location_type", S), ("url", S), ("organization_id", U), ("name", S), ("alternate_name", S),
        ("description", S), ("transportation", S), ("latitude", N), ("longitude", N), ("external_identifier", S),
        ("external_identifier_type", S)]),
    "phone": ("phones.csv", [
        ("id", U), ("location_id", U), ("service_id", U), ("organization_id", U), ("contact_id", U),
        ("service_at_location_id", U), ("number", S), ("extension", N), ("type", S), ("description", S)]),
    "contact": ("contacts.csv", [
        ("id", U), ("organization_id", U), ("service_id", U), ("service_at_location_id", U), ("location_id", U),
        ("name", S), ("title", S), ("department", S), ("email", S)]),
    "address": ("addresses.csv", [
        ("id", U), ("location_id", U), ("attention", S), ("address_1", S), ("address_2", S), ("city", S),
        ("region", S), ("state_province", S), ("postal_code", S), ("country", S), ("address_type", S)]),
    "schedule": ("schedules.csv", [
        ("id", U), ("service_id", U), ("location_id", U), ("service_at_location_id", U), ("valid_from", D),
        ("valid_to", D), ("dtstart", D), ("timezone", N), ("until", D), ("count", N), ("wkst", S), ("freq", S),
        ("interval", N), ("byday", S), ("byweekno", S), ("bymonthday", S), ("byyearday", S), ("description", S),
        ("opens_at", T), ("closes_at", T), ("schedule_link", S), ("attending_type", S), ("notes", S)]),
    "funding": ("funding.csv", [("id", U), ("organization_id", U), ("service_id", U), ("source", S)]),
    "service_area": ("service_areas.csv", [
        ("id", U), ("service_id", U), ("name", S), ("description", S), ("extent", S), ("extent_type", S),
        ("uri", S)]),
    "required_document": ("required_documents.csv", [("id", U), ("service_id", U), ("document", S), ("uri", S)]),
    "language": ("languages.csv", [
        ("id", U), ("service_id", U), ("location_id", U), ("phone_id", U), ("name", S), ("code", S), ("note", S)]),
    "accessibility": ("accessibility.csv", [
        ("id", U), ("location_id", U), ("description", S), ("details", S), ("url", S)]),
    "taxonomy_term": ("taxonomy_terms.csv", [
        ("id", U), ("code", S), ("name", S), ("description", S), ("parent_id", U), ("taxonomy", S),
        ("language", S), ("taxonomy_id", U), ("term_uri", S)]),
    "metadata": ("metadata.csv", [
        ("id", U), ("resource_id", U), ("resource_type", S), ("last_action_date", D), ("last_action_type", S),
        ("field_name", S), ("previous_value", S), ("replacement_value", S), ("updated_by", S)]),
    "meta_table_description": ("meta_table_descriptions.csv", [
        ("id", U), ("name", S), ("language", S), ("character_set", S)]),
    "cost_option": ("cost_options.csv", [
        ("id", U), ("service_id", U), ("valid_from", D), ("valid_to", D), ("option", S), ("currency", S),
        ("amount", N), ("amount_description", S)]),
    "organization_identifier": ("organization_identifiers.csv", [
        ("id", U), ("organization_id", U), ("identifier_scheme", S), ("identifier_type", S), ("identifier", S)]),
    "taxonomy": ("taxonomies.csv", [("id", U), ("name", S), ("description", S), ("uri", S), ("version", S)]),
}  # fmt: skip

# Translated text columns per table (the HSDS column is Greek; `<name>_en` follows as an extra column).
TRANSLATED: dict[str, tuple[str, ...]] = {
    "organization": ("name", "alternate_name", "description"),
    "service": (
        "name", "alternate_name", "description", "interpretation_services", "application_process",
        "fees_description", "eligibility_description", "alert",
    ),
    "location": ("name", "description", "transportation"),
    "taxonomy": ("name", "description"),
    "taxonomy_term": ("name", "description"),
    "required_document": ("document",),
}  # fmt: skip
EXTENSIONS: dict[str, list[tuple[str, str, str]]] = {
    "organization": [
        ("kind", S, "Kind of organisation (geo_accmr profile)."),
        ("accmr_member", B, "Member of the Athens Coordination Center for Migrant and Refugee issues."),
        ("is_demo", B, "Fictional demonstration record."),
    ],
    "service": [
        ("free_of_charge", B, "Free of charge."),
        ("valid_from", D, "A temporary service starts."),
        ("valid_to", D, "A temporary service ends."),
        ("capacity_status", S, "accepting, waiting_list or full."),
    ],
    "location": [
        ("redacted", B, "A shelter: the public sees only its area, never its point or street address."),
        ("area_code", S, "Code of the smallest area holding the location (derived; ignored on import)."),
    ],
    "taxonomy": [("code", S, "Stable code of the vocabulary.")],
}
LANGUAGE_SUFFIX = "en"


def columns(table: str) -> list[tuple[str, str, str]]:
    """Every column of a table as (name, type, description of our extra columns, else "")."""
    _path, hsds = HSDS_TABLES[table]
    result = [(name, kind, "") for name, kind in hsds]
    result += [
        (f"{name}_{LANGUAGE_SUFFIX}", S, f"English text of `{name}` (the `{name}` column is Greek).")
        for name in TRANSLATED.get(table, ())
    ]
    result += EXTENSIONS.get(table, [])
    return result


def datapackage(*, json_files: list[tuple[str, str]]) -> dict:
    """datapackage.json (Frictionless Data Package): one tabular resource per HSDS table, then the JSON files."""
    resources = []
    for table, (path, _hsds) in HSDS_TABLES.items():
        fields = []
        for name, kind, description in columns(table):
            field = {"name": name, "type": "string" if kind == U else kind}
            if kind == U:
                field["format"] = "uuid"
            if description:
                field["description"] = description
            fields.append(field)
        resources.append(
            {
                "name": table,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": "id"},
            }
        )
    resources += [
        {"name": name, "path": path, "format": "json", "mediatype": "application/json", "encoding": "utf-8"}
        for name, path in json_files
    ]
    return {
        "profile": "data-package",
        "name": "geo-accmr-hsds",
        "title": "geo_accmr service directory (HSDS 3.0)",
        "description": "Services for migrants and refugees in Attica, as HSDS 3.0 tables with the geo_accmr profile.",
        "hsds_version": "3.0",
        "resources": resources,
    }
