# ruff: noqa: S608  (SQL built from model metadata and constants only: no outside input reaches it)
"""services.json and organizations.json of export_hsds, built by PostgreSQL: one SQL per file, streamed by COPY.

Each record's JSON text is built in the database (nested lists as correlated sub-selects in id order, the order
hsds.serializers.Writer reads them in), with the keys, values and spacing `json.dumps(Writer().service(s, full=True),
ensure_ascii=False, sort_keys=True)` writes: the files are byte for byte those of the Python writer, which stays the
one home of the HSDS JSON shape for the API (tests/hsds/test_json_export.py compares the two). Redaction follows
services.redaction: in a public export a shelter's hidden fields are left out and its hidden lists are empty, a
service found only at shelters shows no phones of its own.

Values are formatted by hsds.sqlformat. A service area's `extent` is GeoJSON as GDAL writes it (GEOSGeometry.geojson):
PostGIS writes other digits, so those few texts are made in Python and handed to the query as one JSON parameter.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.db.models import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKey,
    IntegerField,
    Model,
    TimeField,
    UUIDField,
)
from psycopg import sql

from boundaries.models import Area
from services.models import (
    TERM_FIELDS,
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from services.redaction import HIDDEN_LOCATION_FIELDS, HIDDEN_LOCATION_LISTS

from . import sqlformat as f

LANGUAGE = "el"  # the export's language (the HSDS columns are Greek)
# COPY's CSV mode writes a field as it is unless it holds the delimiter, the quote or a line break: JSON text built
# by to_json() holds none of these control characters (it escapes them), so the bytes pass through unchanged.
COPY_OPTIONS = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"


def _table(model: type[Model]) -> str:
    return model._meta.db_table


class Builder:
    """SQL for the HSDS objects of serializers.Writer(language="el", public=…), one method per Writer method."""

    def __init__(self, *, public: bool) -> None:
        self.public = public
        self.aliases = 0

    def alias(self, stem: str) -> str:
        self.aliases += 1
        return f"{stem}{self.aliases}"

    # ------------------------------------------------------------------------------------------- values
    def value(self, model: type[Model], alias: str, name: str, *, keep: bool = False) -> str:
        """The JSON text of `alias`.`name` as compact(plain(value)) writes it (NULL when left out)."""
        field = model._meta.get_field(name)
        column = f'{alias}."{field.column}"'  # type: ignore[union-attr]
        if isinstance(field, ForeignKey | UUIDField):
            return f.json_uuid(column)
        if isinstance(field, BooleanField):
            return f.json_bool(column)
        if isinstance(field, DateTimeField):
            return f.json_datetime(column)
        if isinstance(field, DateField):
            return f.json_date(column)
        if isinstance(field, TimeField):
            return f.json_time(column)
        if isinstance(field, DecimalField):
            return f.json_float(column)
        if isinstance(field, IntegerField):
            return f.json_int(column)
        return f.json_text(column, keep=keep)

    def text(self, model: type[Model], alias: str, name: str, *, keep: bool = False) -> str:
        """Writer.text: the Greek text, else the untranslated field's, else ""."""
        names = {field.attname for field in model._meta.concrete_fields}
        if f"{name}_{LANGUAGE}" not in names:
            return self.value(model, alias, name, keep=keep)
        chosen = f"COALESCE(NULLIF({alias}.\"{name}_{LANGUAGE}\", ''), {alias}.\"{name}\", '')"
        return f.json_text(chosen, keep=keep)

    def values(self, model: type[Model], alias: str, names: list[str], *, keep: tuple[str, ...] = ()) -> dict:
        return {name: self.value(model, alias, name, keep=name in keep) for name in names}

    def rows(self, model: type[Model], where: Callable[[str], str], build: Callable[[str], str]) -> str:
        """A JSON array of build(alias) over the rows of `model` matching where(alias), in id order."""
        alias = self.alias("r")
        return f.json_list(build(alias), f"{_table(model)} {alias} WHERE {where(alias)}", f"{alias}.id")

    # ------------------------------------------------------------------------------------------- organization
    def organization(self, o: str, *, full: bool = False) -> str:
        members = self.values(Organization, o, ["id", "email", "website", "year_incorporated", "legal_status",
                                                "logo", "uri", "parent_organization_id", "last_modified", "kind",
                                                "accmr_member", "is_demo"])  # fmt: skip
        members |= {
            "name": self.text(Organization, o, "name", keep=True),
            "alternate_name": self.text(Organization, o, "alternate_name"),
            "description": self.text(Organization, o, "description", keep=True),
        }
        if full:
            members["organization_identifiers"] = self.rows(
                OrganizationIdentifier,
                lambda a: f"{a}.organization_id = {o}.id",
                lambda a: f.json_object(
                    self.values(
                        OrganizationIdentifier,
                        a,
                        ["id", "organization_id", "identifier_scheme", "identifier_type", "identifier"],
                        keep=("identifier_type", "identifier"),
                    )  # fmt: skip
                ),
            )
            members["contacts"] = self.rows(Contact, lambda a: f"{a}.organization_id = {o}.id", self.contact)
            members["phones"] = self.rows(
                Phone, lambda a: f"{a}.organization_id = {o}.id AND {a}.contact_id IS NULL", self.phone
            )
            members["locations"] = self.rows(Location, lambda a: f"{a}.organization_id = {o}.id", self.location)
            members["services"] = self.rows(
                Service, lambda a: f"{a}.organization_id = {o}.id", lambda a: self.service(a, organization=False)
            )
        return f.json_object(members)

    # ------------------------------------------------------------------------------------------- service
    def service(self, s: str, *, full: bool = False, organization: bool = True) -> str:
        members = self.values(Service, s, ["id", "organization_id", "url", "email", "status", "accreditations",
                                           "minimum_age", "maximum_age", "assured_date", "assurer_email",
                                           "last_modified", "free_of_charge", "valid_from", "valid_to",
                                           "capacity_status"], keep=("status",))  # fmt: skip
        for name in ("name", "alternate_name", "description", "interpretation_services", "application_process",
                     "fees_description", "eligibility_description", "alert"):  # fmt: skip
            members[name] = self.text(Service, s, name, keep=name == "name")
        if organization:
            o = self.alias("o")
            members["organization"] = f"(SELECT {self.organization(o)} FROM {_table(Organization)} {o} " \
                                      f"WHERE {o}.id = {s}.organization_id)"  # fmt: skip
        if not full:
            return f.json_object(members)
        # services.redaction.is_shelter_service: found only at shelters (its own numbers may be the shelter's)
        p, q = self.alias("p"), self.alias("q")
        places = f"{_table(ServiceAtLocation)} {p} WHERE {p}.service_id = {s}.id"
        public_places = (
            f"{_table(ServiceAtLocation)} {q} JOIN {_table(Location)} {q}l ON {q}l.id = {q}.location_id"
            f" WHERE {q}.service_id = {s}.id AND NOT {q}l.redacted"
        )
        shelter = f"(EXISTS (SELECT FROM {places}) AND NOT EXISTS (SELECT FROM {public_places}))"
        if not self.public:
            shelter = "FALSE"
        phones = self.rows(Phone, lambda a: f"{a}.service_id = {s}.id AND {a}.contact_id IS NULL", self.phone)
        members["phones"] = f"CASE WHEN {shelter} THEN '[]' ELSE {phones} END"
        members["contacts"] = f"CASE WHEN {shelter} THEN {self.contacts_of(s, phones=False)} " \
                              f"ELSE {self.contacts_of(s, phones=True)} END"  # fmt: skip
        members["schedules"] = self.rows(Schedule, lambda a: f"{a}.service_id = {s}.id", self.schedule)
        members["service_areas"] = self.rows(ServiceArea, lambda a: f"{a}.service_id = {s}.id", self.service_area)
        members["service_at_locations"] = self.service_at_locations(s)
        members["languages"] = self.rows(Language, lambda a: f"{a}.service_id = {s}.id", self.language_row)
        members["cost_options"] = self.rows(
            CostOption,
            lambda a: f"{a}.service_id = {s}.id",
            lambda a: f.json_object(
                self.values(
                    CostOption,
                    a,
                    [
                        "id",
                        "service_id",
                        "valid_from",
                        "valid_to",
                        "option",
                        "currency",
                        "amount",
                        "amount_description",
                    ],
                )
            ),  # fmt: skip
        )
        members["required_documents"] = self.rows(
            RequiredDocument,
            lambda a: f"{a}.service_id = {s}.id",
            lambda a: f.json_object(
                self.values(RequiredDocument, a, ["id", "service_id", "uri"])
                | {"document": self.text(RequiredDocument, a, "document")}
            ),  # fmt: skip
        )
        members["attributes"] = self.attributes(s)
        return f.json_object(members)

    def contacts_of(self, s: str, *, phones: bool) -> str:
        return self.rows(Contact, lambda a: f"{a}.service_id = {s}.id", lambda a: self.contact(a, phones=phones))

    def service_area(self, a: str) -> str:
        members = self.values(ServiceArea, a, ["id", "service_id", "name", "description", "uri"])
        extent = f"(%(extents)s::jsonb ->> {a}.id::text)"  # GEOSGeometry.geojson, made in Python (see above)
        members["extent"] = f.json_text(extent)
        members["extent_type"] = f"CASE WHEN {extent} IS NOT NULL THEN {f.json_text(f'{a}.extent_type')} END"
        return f.json_object(members)

    def attributes(self, s: str) -> str:
        """The service's taxonomy terms as HSDS attributes: by TERM_FIELDS, then term id (as Writer lists them)."""
        links = []
        for number, attname in enumerate(TERM_FIELDS.values()):
            relation: Any = Service._meta.get_field(attname)
            through = relation.m2m_db_table()
            term_column, link = relation.m2m_reverse_name(), relation.m2m_column_name()
            links.append(f"SELECT {number} AS k, {term_column} AS term_id FROM {through} WHERE {link} = {s}.id")
        codes = "ARRAY[" + ", ".join(f"'{code}'" for code in TERM_FIELDS) + "]"
        a, t, x = self.alias("a"), self.alias("t"), self.alias("x")
        attribute = f.json_object(
            {
                "id": f.json_uuid(f.attribute_id_sql(f"{s}.id", f"{a}.term_id")),
                "link_id": f.json_uuid(f"{s}.id"),
                "link_type": f"to_json(({codes})[{a}.k + 1])::text",
                "link_entity": "'\"service\"'",
                "taxonomy_term_id": f.json_uuid(f"{a}.term_id"),
                "taxonomy_term": self.taxonomy_term(t, x),
            }
        )
        source = (
            f"({' UNION ALL '.join(links)}) {a} JOIN {_table(TaxonomyTerm)} {t} ON {t}.id = {a}.term_id"
            f" JOIN {_table(Taxonomy)} {x} ON {x}.id = {t}.taxonomy_id"
        )
        return f.json_list(attribute, source, f"{a}.k, {a}.term_id")

    # ------------------------------------------------------------------------------------------- places
    def service_at_locations(self, s: str) -> str:
        p, loc = self.alias("p"), self.alias("l")
        description = self.value(ServiceAtLocation, p, "description")
        if self.public:
            description = f"CASE WHEN NOT {loc}.redacted THEN {description} END"
        members = self.values(ServiceAtLocation, p, ["id", "service_id", "location_id"]) | {
            "description": description,
            "location": self.location(loc),
            "schedules": self.rows(Schedule, lambda a: f"{a}.service_at_location_id = {p}.id", self.schedule),
        }
        source = (
            f"{_table(ServiceAtLocation)} {p} JOIN {_table(Location)} {loc} ON {loc}.id = {p}.location_id"
            f" WHERE {p}.service_id = {s}.id"
        )
        return f.json_list(f.json_object(members), source, f"{p}.id")

    def location(self, loc: str) -> str:
        """Writer.location(full=True)."""
        members = self.values(Location, loc, ["id", "location_type", "url", "organization_id", "alternate_name",
                                              "external_identifier", "external_identifier_type", "redacted"],
                              keep=("location_type",))  # fmt: skip
        for name in ("name", "description", "transportation"):
            members[name] = self.text(Location, loc, name)
        for key, axis in (("latitude", "ST_Y"), ("longitude", "ST_X")):
            members[key] = f.json_float(f.ROUND7_SQL.format(c=f"{axis}({loc}.point::geometry)"))
        area = self.alias("ar")
        members["area_code"] = (
            f"(SELECT {f.json_text(f'{area}.code')} FROM {_table(Area)} {area}"
            f" WHERE {area}.id = COALESCE({loc}.neighbourhood_id, {loc}.community_id, {loc}.municipality_id))"
        )

        def at(a: str) -> str:
            return f"{a}.location_id = {loc}.id"

        members |= {
            "addresses": self.rows(Address, at, self.address),
            "accessibility": self.rows(
                Accessibility,
                at,
                lambda a: f.json_object(
                    self.values(Accessibility, a, ["id", "location_id", "description", "details", "url"])
                ),  # fmt: skip
            ),
            "languages": self.rows(Language, at, self.language_row),
            "phones": self.rows(Phone, lambda a: f"{at(a)} AND {a}.contact_id IS NULL", self.phone),
            "contacts": self.rows(Contact, at, self.contact),
            "schedules": self.rows(Schedule, at, self.schedule),
        }
        if self.public:  # services.redaction: a shelter publishes its area only
            for name in HIDDEN_LOCATION_FIELDS:
                members[name] = f"CASE WHEN NOT {loc}.redacted THEN {members[name]} END"
            for name in HIDDEN_LOCATION_LISTS:
                members[name] = f"CASE WHEN {loc}.redacted THEN '[]' ELSE {members[name]} END"
        return f.json_object(members)

    def address(self, a: str) -> str:
        names = ["id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province",
                 "postal_code", "country", "address_type"]  # fmt: skip
        keep = ("address_1", "city", "state_province", "postal_code", "country", "address_type")
        return f.json_object(self.values(Address, a, names, keep=keep))

    # ------------------------------------------------------------------------------------------- small tables
    def language_row(self, a: str) -> str:
        return f.json_object(self.values(Language, a, ["id", "service_id", "location_id", "name", "code", "note"]))

    def contact(self, a: str, *, phones: bool = True) -> str:
        members = self.values(Contact, a, ["id", "organization_id", "service_id", "location_id", "name", "title",
                                           "department", "email"])  # fmt: skip
        members["phones"] = self.rows(Phone, lambda b: f"{b}.contact_id = {a}.id", self.phone) if phones else "'[]'"
        return f.json_object(members)

    def phone(self, a: str) -> str:
        members = self.values(Phone, a, ["id", "organization_id", "service_id", "location_id", "contact_id", "number",
                                         "type", "description"], keep=("number",))  # fmt: skip
        members["extension"] = f.DIGITS_SQL.format(c=f"{a}.extension")
        return f.json_object(members)

    def schedule(self, a: str) -> str:
        return f.json_object(
            self.values(
                Schedule,
                a,
                [
                    "id",
                    "service_id",
                    "location_id",
                    "service_at_location_id",
                    "valid_from",
                    "valid_to",
                    "freq",
                    "byday",
                    "opens_at",
                    "closes_at",
                    "description",
                    "attending_type",
                    "notes",
                ],
            )  # fmt: skip
        )

    # ------------------------------------------------------------------------------------------- taxonomy
    def taxonomy(self, x: str) -> str:
        return f.json_object(
            self.values(Taxonomy, x, ["id", "uri", "version", "code"])
            | {
                "name": self.text(Taxonomy, x, "name", keep=True),
                "description": self.text(Taxonomy, x, "description", keep=True),
            }  # fmt: skip
        )

    def taxonomy_term(self, t: str, x: str) -> str:
        """Writer.taxonomy_term of the term `t` whose taxonomy is `x`."""
        return f.json_object(
            self.values(TaxonomyTerm, t, ["id", "code", "parent_id", "language", "taxonomy_id", "term_uri"])
            | {
                "name": self.text(TaxonomyTerm, t, "name", keep=True),
                "description": self.text(TaxonomyTerm, t, "description", keep=True),
                "taxonomy": f.json_text(f"{x}.code"),
                "taxonomy_detail": self.taxonomy(x),
            }
        )


def services_sql(*, public: bool) -> str:
    """One row per service, id order: Writer.service(full=True) as JSON text."""
    return f"SELECT {Builder(public=public).service('s', full=True)} FROM {_table(Service)} s ORDER BY s.id"


def organizations_sql(*, public: bool) -> str:
    """One row per organisation, id order: Writer.organization(full=True) as JSON text."""
    query = Builder(public=public).organization("o", full=True)
    return f"SELECT {query} FROM {_table(Organization)} o ORDER BY o.id"


def extents() -> str:
    """Every service area's extent as GEOSGeometry.geojson (the Writer's text), by id: a JSON object."""
    import json

    found: dict[str, str] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, extent FROM {_table(ServiceArea)} WHERE extent IS NOT NULL")
        for pk, value in cursor.fetchall():
            geometry = GEOSGeometry(value)
            if geometry:  # Writer: `area.extent.geojson if area.extent`
                found[str(pk)] = geometry.geojson
    return json.dumps(found)


def write_json_array(path: Path, query: str) -> int:
    """Write the rows of `query` (one JSON text each) as a JSON array, laid out as export wrote it; the count."""
    with connection.cursor() as cursor:
        raw = cursor.cursor
        text = query.replace("%(extents)s", sql.Literal(extents()).as_string(raw.connection))
        cursor.execute("SET LOCAL extra_float_digits = 1")  # the shortest text that reads back (the default)
        count = 0
        with path.open("wb") as handle, raw.copy(f"COPY ({text}) TO STDOUT WITH ({COPY_OPTIONS})") as copy:
            handle.write(b"[")
            pending = b""  # rows end in "\n": each becomes ",\n" but the last, which becomes "\n]\n"
            for block in copy:
                if not pending:
                    handle.write(b"\n")
                chunk = bytes(block)
                count += chunk.count(b"\n")
                data = pending + chunk
                handle.write(data[:-1].replace(b"\n", b",\n"))
                pending = data[-1:]
            handle.write(b"\n]\n")
    return count


def write_services(path: Path, *, public: bool) -> int:
    return write_json_array(path, services_sql(public=public))


def write_organizations(path: Path, *, public: bool) -> int:
    return write_json_array(path, organizations_sql(public=public))
