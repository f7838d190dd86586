"""The HSDS 3.0 tabular form (one CSV per table, datapackage.json) and our profile's extra columns: written by
`export.py`, read back here for the importer.

Columns and types follow hsds/schema/compiled/tabular.json.gz (HSDS 3.0); they are written out here so an
export needs no copy of the HSDS repository at run time. Our extra columns come after the HSDS ones:
- `<field>_en`: the English text of a translated field (the HSDS column holds the Greek one);
- the profile extensions of README.md (organization kind, ACCMR membership, demo flag; service validity dates,
  fee and capacity flags; location `redacted` and `area_code`; taxonomy `code`).

Reading (`tabular_rows`) turns a datapackage into the nested HSDS JSON rows the importer reads. The tables are joined
by their id columns: one row per organization (with its identifiers, phones, contacts and the locations none of its
services use), then one row per service (with its phones, contacts, schedules, areas, documents, cost options,
languages, taxonomy attributes and its services at locations, each with its location fully nested). A record with
several owners (a phone of a contact and of its organization) is listed under each: the importer merges repeated
ids into one record with every owner. Cell types come from datapackage.json: empty cells of typed columns are null,
`boolean` cells true/false. Columns named `<field>_en` (our profile) carry the English text of a translated field.
"""

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

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


# ---------------------------------------------------------------------------------------------- reading
# Who owns rows of each child table, by id column, in the order they are nested under.
OWNER_COLUMNS = {
    "phone": ("contact_id", "service_id", "location_id", "organization_id"),
    "contact": ("service_id", "location_id", "organization_id"),
    "language": ("service_id", "location_id"),
    "schedule": ("service_at_location_id", "service_id", "location_id"),
}
# Columns that only link a row to its parent (the nesting says it) or that the importer derives itself.
LINK_COLUMNS = {
    "service_id", "location_id", "organization_id", "contact_id", "service_at_location_id", "phone_id", "link_id",
    "area_code",
}  # fmt: skip


class TabularError(ValueError):
    """The datapackage cannot be read (missing file, bad JSON, a CSV whose header does not match)."""


def datapackage_path(path: Path) -> Path | None:
    """The datapackage.json of `path` (a folder holding one, or the file itself), else None."""
    if path.is_dir():
        candidate = path / "datapackage.json"
        return candidate if candidate.is_file() else None
    return path if path.name == "datapackage.json" else None


def _cell(raw: str, kind: str) -> Any:
    if kind == "string":
        return raw
    if raw == "":
        return None
    if kind == "boolean":
        lowered = raw.strip().lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        return raw  # the importer reports it ("must be true or false")
    return raw.strip()  # numbers, dates and times are parsed (and checked) by the importer


def read_tables(package_file: Path) -> dict[str, list[dict[str, Any]]]:
    """Every CSV resource of the datapackage as typed rows, by resource name."""
    try:
        package = json.loads(package_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TabularError(_("cannot read %(path)s: %(error)s") % {"path": package_file, "error": exc}) from exc
    tables: dict[str, list[dict[str, Any]]] = {}
    for resource in package.get("resources") or []:
        if not isinstance(resource, dict) or not str(resource.get("path", "")).endswith(".csv"):
            continue
        name, path = str(resource.get("name") or ""), package_file.parent / str(resource["path"])
        if not path.resolve().is_relative_to(package_file.parent.resolve()):
            raise TabularError(_("%(path)s is outside the datapackage folder") % {"path": resource["path"]})
        types = {
            field["name"]: field.get("type", "string")
            for field in (resource.get("schema") or {}).get("fields", [])
            if isinstance(field, dict) and "name" in field
        }
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                rows = [
                    {key: _cell(value or "", types.get(key, "string")) for key, value in row.items() if key}
                    for row in reader
                ]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise TabularError(_("cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
        tables[name] = rows
    return tables


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """A row without its link columns and without empty cells of columns HSDS has and we do not store."""
    return {key: value for key, value in row.items() if key not in LINK_COLUMNS and value not in (None, "")}


def _clean_keep_text(row: dict[str, Any], known: set[str]) -> dict[str, Any]:
    """Like _clean, but an empty text the importer stores stays (it clears the stored value on an update)."""
    return {
        key: value
        for key, value in row.items()
        if key not in LINK_COLUMNS and (value not in (None, "") or (value == "" and _base(key) in known))
    }


def _base(key: str) -> str:
    return key[:-3] if key.endswith("_en") else key


def tabular_rows(package_file: Path, *, known_keys: dict[str, set[str]]) -> list[dict[str, Any]]:
    """The datapackage as HSDS JSON rows: organizations first, then services (see the module docstring)."""
    tables = read_tables(package_file)

    def clean(table: str, row: dict[str, Any]) -> dict[str, Any]:
        return _clean_keep_text(row, known_keys.get(table, set()))

    by_owner: dict[tuple[str, str, Any], list[dict[str, Any]]] = defaultdict(list)
    for table, owner_columns in OWNER_COLUMNS.items():
        for row in tables.get(table, []):
            for column in owner_columns:
                if row.get(column):
                    by_owner[(table, column, row[column])].append(row)

    def children(table: str, column: str, owner_id: Any) -> list[dict[str, Any]]:
        rows = by_owner.get((table, column, owner_id), [])
        if table == "contact":
            return [{**clean(table, r), "phones": children("phone", "contact_id", r["id"])} for r in rows]
        return [clean(table, r) for r in rows]

    def grouped(table: str, column: str) -> dict[Any, list[dict[str, Any]]]:
        result: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for row in tables.get(table, []):
            if row.get(column):
                result[row[column]].append(clean(table, row))
        return result

    addresses = grouped("address", "location_id")
    accessibility = grouped("accessibility", "location_id")
    locations = {}
    for row in tables.get("location", []):
        location = clean("location", row)
        if row.get("organization_id"):
            location["organization_id"] = row["organization_id"]  # its own organisation, kept as given
        location.update(
            addresses=addresses.get(row["id"], []),
            accessibility=accessibility.get(row["id"], []),
            languages=children("language", "location_id", row["id"]),
            phones=children("phone", "location_id", row["id"]),
            contacts=children("contact", "location_id", row["id"]),
            schedules=children("schedule", "location_id", row["id"]),
        )
        locations[row["id"]] = location

    terms = {row["id"]: row for row in tables.get("taxonomy_term", [])}
    attributes: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in tables.get("attribute", []):
        if row.get("link_id"):
            attribute = clean("attribute", row)
            term = terms.get(row.get("taxonomy_term_id"))
            if term:  # lets another directory's terms match ours by code
                attribute["taxonomy_term"] = {
                    "id": term["id"],
                    "code": term.get("code"),
                    "taxonomy": term.get("taxonomy"),
                }
            attributes[row["link_id"]].append(attribute)

    used_locations = set()
    places: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in tables.get("service_at_location", []):
        place = clean("service_at_location", row)
        if row.get("location_id") in locations:
            place["location"] = locations[row["location_id"]]
            used_locations.add(row["location_id"])
        elif row.get("location_id"):
            place["location_id"] = row["location_id"]  # a location already in the database
        place["schedules"] = children("schedule", "service_at_location_id", row["id"])
        places[row.get("service_id")].append(place)

    result: list[dict[str, Any]] = []
    identifiers = grouped("organization_identifier", "organization_id")
    spare_locations: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for location_id, location in locations.items():
        if location_id not in used_locations and location.get("organization_id"):
            spare_locations[location["organization_id"]].append(location)
    for row in tables.get("organization", []):
        organization = clean("organization", row)
        if row.get("parent_organization_id"):
            organization["parent_organization_id"] = row["parent_organization_id"]
        organization.update(
            organization_identifiers=identifiers.get(row["id"], []),
            phones=children("phone", "organization_id", row["id"]),
            contacts=children("contact", "organization_id", row["id"]),
            locations=spare_locations.get(row["id"], []),
            services=[],
        )
        result.append(organization)

    documents = grouped("required_document", "service_id")
    costs = grouped("cost_option", "service_id")
    areas = grouped("service_area", "service_id")
    for row in tables.get("service", []):
        service = clean("service", row)
        if row.get("organization_id"):
            service["organization_id"] = row["organization_id"]
        service.update(
            phones=children("phone", "service_id", row["id"]),
            contacts=children("contact", "service_id", row["id"]),
            schedules=children("schedule", "service_id", row["id"]),
            languages=children("language", "service_id", row["id"]),
            service_areas=areas.get(row["id"], []),
            required_documents=documents.get(row["id"], []),
            cost_options=costs.get(row["id"], []),
            attributes=attributes.get(row["id"], []),
            service_at_locations=places.get(row["id"], []),
        )
        result.append(service)
    return result
