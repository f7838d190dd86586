"""Plain records for the HSDS writer, read a chunk of services (or organisations) at a time with plain SQL.

export_hsds writes every service fully nested. Through the ORM that meant model instances and prefetch machinery for
~20 related rows per service (about 20 ms a service: 13 minutes per 100,000). Here each table is read once per
chunk (`WHERE <parent> = ANY(chunk ids)`, id order, as the prefetches order them), its rows become light objects
carrying the same attribute names as the models, and related lists answer `.all()`, so `serializers.Writer` (the one
home of the HSDS JSON shape, redaction included) renders them unchanged. A test checks that both readers give the
same JSON.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from types import SimpleNamespace
from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.db.models import Model

from boundaries.models import Area
from services.models import (
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

from .serializers import TERM_FIELDS

ID_CHUNK = 5000  # ids read from the server-side cursor at a time


class Listing(list):
    """A related list, answering `.all()` as a prefetched relation does."""

    def all(self) -> "Listing":
        return self


@cache
def _columns(model: type[Model]) -> tuple[list[str], list[str], list[str], list[str]]:
    """(SQL select list, attribute names, geography point attributes, other geometry attributes) of a model.

    Every concrete field but `created_at` (never published); a geography point is read as its x and y.
    """
    select, names, points, shapes = [], [], [], []
    for field in model._meta.concrete_fields:
        if field.attname == "created_at":
            continue
        if isinstance(field, GeometryField) and field.geography:
            select += [f'ST_X("{field.column}"::geometry)', f'ST_Y("{field.column}"::geometry)']
            names += [f"{field.attname}__x", f"{field.attname}__y"]
            points.append(field.attname)
            continue
        select.append(f'"{field.column}"')
        names.append(field.attname)
        if isinstance(field, GeometryField):
            shapes.append(field.attname)
    return select, names, points, shapes


def _rows(model: type[Model], where: str, params: dict[str, Any]) -> list[SimpleNamespace]:
    """The model's rows matching `where`, in id order, as objects with the model's attribute names.

    Points come as objects with `x` and `y`; other geometries as GEOS geometries (what the model would hold).
    """
    select, names, points, shapes = _columns(model)
    sql = f"SELECT {', '.join(select)} FROM {model._meta.db_table} WHERE {where} ORDER BY id"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    records = [SimpleNamespace(**dict(zip(names, row, strict=True))) for row in found]
    if points or shapes:
        for record in records:
            for name in points:
                x, y = getattr(record, f"{name}__x"), getattr(record, f"{name}__y")
                setattr(record, name, None if x is None else SimpleNamespace(x=x, y=y))
            for name in shapes:
                value = getattr(record, name)
                setattr(record, name, None if value is None else GEOSGeometry(value))
    return records


def _by(records: Iterable[SimpleNamespace], attname: str) -> dict[Any, Listing]:
    grouped: dict[Any, Listing] = defaultdict(Listing)
    for record in records:
        grouped[getattr(record, attname)].append(record)
    return grouped


def _any(column: str) -> str:
    return f"{column} = ANY(%(ids)s::uuid[])"


def _run(column: str) -> str:
    """`column` within a run of consecutive ids (an index range scan: a list of ids would read the whole table)."""
    return f"{column} BETWEEN %(first)s::uuid AND %(last)s::uuid"


class Reader:
    """Reads services and organisations with everything the writer nests under them."""

    def __init__(self) -> None:
        areas = {pk: SimpleNamespace(code=code) for pk, code in Area.objects.values_list("id", "code")}
        self.areas = areas
        taxonomies = {t.id: t for t in _rows(Taxonomy, "TRUE", {})}
        self.terms = {}
        for term in _rows(TaxonomyTerm, "TRUE", {}):
            term.taxonomy = taxonomies[term.taxonomy_id]
            self.terms[term.id] = term

    # ------------------------------------------------------------------------------------------- shared
    def contacts(self, column: str, ids: list[Any] | dict[str, Any]) -> dict[Any, Listing]:
        """Contacts (with their phones) by `column`: in the list `ids`, or in the run {"first", "last"}."""
        if isinstance(ids, dict):
            contacts = _rows(Contact, _run(column), ids)
        else:
            contacts = _rows(Contact, _any(column), {"ids": ids})
        phones = _by(_rows(Phone, _any("contact_id"), {"ids": [c.id for c in contacts]}), "contact_id")
        for contact in contacts:
            contact.phones = phones.get(contact.id, Listing())
        return _by(contacts, column)

    def locations(self, ids: list[Any]) -> dict[Any, SimpleNamespace]:
        """Locations by id, full: addresses, accessibility, languages, phones, contacts (with phones), schedules."""
        locations = _rows(Location, _any("id"), {"ids": ids})
        lists = {
            "addresses": _by(_rows(Address, _any("location_id"), {"ids": ids}), "location_id"),
            "accessibility": _by(_rows(Accessibility, _any("location_id"), {"ids": ids}), "location_id"),
            "languages": _by(_rows(Language, _any("location_id"), {"ids": ids}), "location_id"),
            "phones": _by(_rows(Phone, _any("location_id"), {"ids": ids}), "location_id"),
            "contacts": self.contacts("location_id", ids),
            "schedules": _by(_rows(Schedule, _any("location_id"), {"ids": ids}), "location_id"),
        }
        for location in locations:
            for name, grouped in lists.items():
                setattr(location, name, grouped.get(location.id, Listing()))
            for level in ("municipality", "community", "neighbourhood"):
                setattr(location, level, self.areas.get(getattr(location, f"{level}_id")))
        return {location.id: location for location in locations}

    # ------------------------------------------------------------------------------------------- services
    def services(self, ids: list[Any], *, full: bool = True) -> list[Any]:
        """The services of `ids`, a run of consecutive service ids in order (`chunks`), with their organisation;
        `full`: with everything nested under them."""
        run = {"first": ids[0], "last": ids[-1]}
        services = _rows(Service, _run("id"), run)
        owners = sorted({service.organization_id for service in services})
        organizations = {o.id: o for o in _rows(Organization, _any("id"), {"ids": owners})}
        for service in services:
            service.organization = organizations[service.organization_id]
        if not full:
            return services
        places = _rows(ServiceAtLocation, _run("service_id"), run)
        locations = self.locations(sorted({place.location_id for place in places}))
        place_schedules = _by(_rows(Schedule, _any("service_at_location_id"), {"ids": [p.id for p in places]}),
                              "service_at_location_id")  # fmt: skip
        for place in places:
            place.location = locations[place.location_id]
            place.schedules = place_schedules.get(place.id, Listing())
        lists = {
            "phones": _by(_rows(Phone, _run("service_id"), run), "service_id"),
            "schedules": _by(_rows(Schedule, _run("service_id"), run), "service_id"),
            "service_areas": _by(_rows(ServiceArea, _run("service_id"), run), "service_id"),
            "languages": _by(_rows(Language, _run("service_id"), run), "service_id"),
            "cost_options": _by(_rows(CostOption, _run("service_id"), run), "service_id"),
            "required_documents": _by(_rows(RequiredDocument, _run("service_id"), run), "service_id"),
            "contacts": self.contacts("service_id", run),
            "service_at_locations": _by(places, "service_id"),
        }
        terms: dict[str, dict[Any, Listing]] = {}
        for attname in TERM_FIELDS.values():
            table = Service._meta.get_field(attname).m2m_db_table()  # type: ignore[union-attr]
            grouped: dict[Any, Listing] = defaultdict(Listing)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT service_id, taxonomyterm_id FROM {table} WHERE {_run('service_id')}"  # noqa: S608
                    " ORDER BY service_id, taxonomyterm_id",
                    run,
                )
                for service_id, term_id in cursor.fetchall():
                    grouped[service_id].append(self.terms[term_id])
            terms[attname] = grouped
        for service in services:
            for name, grouped in (*lists.items(), *terms.items()):
                setattr(service, name, grouped.get(service.id, Listing()))
        return services

    # ------------------------------------------------------------------------------------------- organisations
    def organizations(self, ids: list[Any]) -> list[Any]:
        """The organisations of `ids`, a run of consecutive organisation ids in order (`chunks`), full: identifiers,
        contacts, phones, locations (full) and services."""
        run = {"first": ids[0], "last": ids[-1]}
        organizations = _rows(Organization, _run("id"), run)
        location_rows = _rows(Location, _run("organization_id"), run)
        locations = self.locations([location.id for location in location_rows])
        lists = {
            "organization_identifiers": _by(
                _rows(OrganizationIdentifier, _run("organization_id"), run), "organization_id"
            ),
            "contacts": self.contacts("organization_id", run),
            "phones": _by(_rows(Phone, _run("organization_id"), run), "organization_id"),
            "locations": _by((locations[row.id] for row in location_rows), "organization_id"),
            "services": _by(_rows(Service, _run("organization_id"), run), "organization_id"),
        }
        for organization in organizations:
            for name, grouped in lists.items():
                setattr(organization, name, grouped.get(organization.id, Listing()))
        return organizations


def chunks(model: type[Model], size: int) -> Iterator[list[Any]]:
    """Every id of the model's table in order, `size` at a time (read from a server-side cursor): runs of
    consecutive ids, as Reader.services and Reader.organizations take them."""
    ids = model._default_manager.order_by("id").values_list("id", flat=True).iterator(chunk_size=ID_CHUNK)
    while chunk := list(islice(ids, size)):
        yield chunk
