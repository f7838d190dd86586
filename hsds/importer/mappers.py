"""HSDS objects to model records: one mapper per table, nested objects handed to their own mappers."""

import json
import math
import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.contrib.gis.geos import GEOSException, GEOSGeometry, Point
from django.db import models
from django.utils.translation import gettext as _

from boundaries.actions import to_multipolygon
from geo_accmr.geo import GREECE_BBOX, WGS84
from services.models import (
    ATHENS_TZ,
    TERM_FIELDS,
    WEEKDAYS,
    Accessibility,
    Address,
    CapacityStatus,
    Contact,
    CostOption,
    GeocodeStatus,
    Language,
    Location,
    LocationType,
    Organization,
    OrganizationIdentifier,
    OrganizationKind,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

from .reader import Reader
from .records import join_path
from .rules import ISO_639_1, ISO_639_2_TO_1, TIME_RE, UUID_RE

if TYPE_CHECKING:
    from .plan import Plan


class RowMappers:
    """Row → model mappers, one per HSDS table: read an object's fields, register its record and its children."""

    def __init__(self, plan: "Plan") -> None:
        self.plan = plan
        terms = TaxonomyTerm.objects.filter(taxonomy__code__in=TERM_FIELDS).select_related("taxonomy")
        self.terms_by_id = {term.id: term for term in terms}
        self.taxonomies = {term.taxonomy for term in self.terms_by_id.values()}
        self.terms_by_code: dict[str, list[TaxonomyTerm]] = defaultdict(list)
        for term in self.terms_by_id.values():
            self.terms_by_code[term.code].append(term)

    # ------------------------------------------------------------------------------------------- organization
    def organization(self, data: dict[str, Any], path: str, *, row_level: bool = False) -> uuid.UUID | None:
        reader = Reader(self.plan, data, path, "organization")
        org_id = reader.uuid()
        reader.required_name()
        for key in ("name", "alternate_name", "description"):
            reader.text(key, translated=True)
        for key in ("email", "website", "legal_status", "logo", "uri"):
            reader.text(key)
        reader.integer("year_incorporated", minimum=1800)
        reader.choice("kind", OrganizationKind.values, lower=True)  # ext
        reader.boolean("accmr_member")  # ext
        reader.boolean("is_demo")  # ext
        parent_id = reader.uuid("parent_organization_id", required=False)
        kind_missing = "kind" not in reader.values
        item = self.plan.item(
            Organization, reader, org_id, exclude=("kind",) if kind_missing else (), prepare=self.kind_check(reader)
        )
        if item is not None and parent_id is not None:
            if parent_id == org_id:
                reader.error("parent_organization_id", _("an organization cannot be its own parent"))
            else:
                self.plan.reference(
                    reader,
                    "parent_organization_id",
                    Organization,
                    parent_id,
                    item,
                    "parent_organization_id",
                    required=False,
                )
        if org_id is not None:
            owner = {"organization_id": org_id}
            self.plan.children(reader, "organization_identifiers", self.identifier, owner, OrganizationIdentifier)
            self.plan.children(reader, "phones", self.phone, owner, Phone)
            self.plan.children(reader, "contacts", self.contact, owner, Contact)
            for index, child in reader.objects("locations") or []:
                self.location(child, join_path(path, f"locations[{index}]"), organization_id=org_id)
            if row_level:
                for index, child in reader.objects("services") or []:
                    self.service(child, join_path(path, f"services[{index}]"), organization_id=org_id)
        return org_id

    def kind_check(self, reader: Reader) -> Callable[[models.Model, bool], None]:
        def check(obj: models.Model, new: bool) -> None:
            if not getattr(obj, "kind", ""):
                self.plan.warning(
                    field=join_path(reader.path, "kind"),
                    hsds_id=reader.raw_id,
                    message=_("no organization kind (HSDS has none): left blank, set it in the admin"),
                )

        return check

    def identifier(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = Reader(self.plan, data, path, "organization_identifier")
        identifier_id = reader.uuid()
        for key in ("identifier_scheme", "identifier_type", "identifier"):
            reader.text(key)
        scheme, value = reader.values.get("identifier_scheme", ""), reader.values.get("identifier", "")
        if scheme == "GR-AFM" and not re.fullmatch(r"[0-9]{9}", value):
            reader.error("identifier", _("a Greek tax number (GR-AFM) has nine digits"))
        self.plan.item(OrganizationIdentifier, reader, identifier_id, owners=owners)

    # ------------------------------------------------------------------------------------------- service
    def service(self, data: dict[str, Any], path: str, *, organization_id: uuid.UUID | None) -> None:
        reader = Reader(self.plan, data, path, "service")
        service_id = reader.uuid()
        reader.required_name()
        for key in (
            "name",
            "alternate_name",
            "description",
            "interpretation_services",
            "application_process",
            "fees_description",
            "eligibility_description",
            "alert",
        ):
            reader.text(key, translated=True)
        for key in ("url", "email", "accreditations", "assurer_email"):
            reader.text(key)
        reader.choice("status", ServiceStatus.values, lower=True)
        reader.integer("minimum_age")
        reader.integer("maximum_age")
        for key in ("assured_date", "valid_from", "valid_to"):  # valid_from/valid_to: ext (temporary services)
            reader.date(key)
        reader.choice("capacity_status", CapacityStatus.values, lower=True)  # ext
        reader.boolean("free_of_charge")  # ext; else derived from the cost options
        if "free_of_charge" not in data and isinstance(data.get("cost_options"), list):
            reader.values["free_of_charge"] = not any(
                isinstance(option, dict) and _positive(option.get("amount")) for option in data["cost_options"]
            )
        if isinstance(data.get("organization"), dict):
            organization_id = self.organization(data["organization"], join_path(path, "organization"))
        elif organization_id is None:
            organization_id = reader.uuid("organization_id", required=False)
            if organization_id is None and not reader.failed:
                reader.error("organization", _("a service needs its organization (embedded, or organization_id)"))
        if organization_id is not None:
            reader.values["organization_id"] = organization_id
        item = self.plan.item(Service, reader, service_id)
        if item is not None and organization_id is not None and not isinstance(data.get("organization"), dict):
            self.plan.reference(reader, "organization_id", Organization, organization_id, item, None)
        if service_id is None:
            return
        owner = {"service_id": service_id}
        self.plan.children(reader, "phones", self.phone, owner, Phone)
        self.plan.children(reader, "contacts", self.contact, owner, Contact)
        self.plan.children(reader, "schedules", self.schedule, owner, Schedule)
        self.plan.children(reader, "service_areas", self.service_area, owner, ServiceArea)
        self.plan.children(reader, "required_documents", self.required_document, owner, RequiredDocument)
        self.plan.children(reader, "cost_options", self.cost_option, owner, CostOption)
        languages = reader.objects("languages")
        if languages is not None:
            self.plan.lists.setdefault((Language, "service_id", service_id), set())
            seen: dict[str, int] = {}
            for index, child in languages:
                child_path = join_path(path, f"languages[{index}]")
                code = self.language(child, child_path, owner)
                if code and code in seen:
                    self.plan.error(
                        field=join_path(child_path, "code"),
                        hsds_id=str(child.get("id") or ""),
                        message=_("language %(code)r is listed twice") % {"code": code},
                    )
                seen[code or ""] = index
        sals = reader.objects("service_at_locations")
        if sals is not None:
            self.plan.lists.setdefault((ServiceAtLocation, "service_id", service_id), set())
            seen_locations: set[uuid.UUID] = set()
            for index, child in sals:
                location_id = self.service_at_location(
                    child,
                    join_path(path, f"service_at_locations[{index}]"),
                    service_id=service_id,
                    organization_id=organization_id,
                )
                if location_id is not None and location_id in seen_locations:
                    self.plan.error(
                        field=join_path(path, f"service_at_locations[{index}].location"),
                        hsds_id=str(child.get("id")),
                        message=_("the service is already at this location"),
                    )
                if location_id is not None:
                    seen_locations.add(location_id)
        self.attributes(reader, service_id)

    def attributes(self, reader: Reader, service_id: uuid.UUID) -> None:
        attributes = reader.objects("attributes")
        if attributes is None:
            return
        terms = self.plan.m2m.setdefault(service_id, {name: set() for name in TERM_FIELDS.values()})
        for index, attribute in attributes:
            attribute_reader = Reader(self.plan, attribute, join_path(reader.path, f"attributes[{index}]"), "attribute")
            attribute_reader.uuid()
            term = self.term(attribute_reader)
            if term is not None:
                terms[TERM_FIELDS[term.taxonomy.code]].add(term)

    def term(self, reader: Reader) -> TaxonomyTerm | None:
        """The taxonomy term an attribute links to: our term's id, else its `code` (within `taxonomy` if given)."""
        term_data = reader.data.get("taxonomy_term")
        term_data = term_data if isinstance(term_data, dict) else {}
        for raw in (reader.data.get("taxonomy_term_id"), term_data.get("id")):
            if isinstance(raw, str) and UUID_RE.match(raw.strip()) and uuid.UUID(raw.strip()) in self.terms_by_id:
                return self.terms_by_id[uuid.UUID(raw.strip())]
        code = term_data.get("code")
        if not isinstance(code, str) or not code.strip():
            reader.error("taxonomy_term.code", _("a taxonomy term needs the code of one of our terms"))
            return None
        code = code.strip()
        candidates = self.terms_by_code.get(code, [])
        detail = raw_detail if isinstance(raw_detail := term_data.get("taxonomy_detail"), dict) else {}
        hint = term_data.get("taxonomy") or detail.get("name")
        taxonomy_id = str(term_data.get("taxonomy_id") or detail.get("id") or "").lower()
        if hint or taxonomy_id:
            wanted = str(hint or "").strip().lower()
            matching = {
                taxonomy.id
                for taxonomy in self.taxonomies
                if str(taxonomy.id) == taxonomy_id
                or bool(wanted)
                and wanted in {taxonomy.code, (taxonomy.name_el or "").lower(), (taxonomy.name_en or "").lower()}
            }
            if not matching:
                reader.error(
                    "taxonomy_term.taxonomy",
                    _("unknown taxonomy %(name)r (ours: %(known)s)")
                    % {"name": hint or taxonomy_id, "known": ", ".join(sorted(TERM_FIELDS))},
                )
                return None
            candidates = [t for t in candidates if t.taxonomy_id in matching]
        if not candidates:
            reader.error("taxonomy_term.code", _("unknown taxonomy term code %(code)r") % {"code": code})
            return None
        if len(candidates) > 1:
            reader.error(
                "taxonomy_term.taxonomy",
                _("term code %(code)r is in several taxonomies (%(names)s): say which in taxonomy_term.taxonomy")
                % {"code": code, "names": ", ".join(sorted(t.taxonomy.code for t in candidates))},
            )
            return None
        return candidates[0]

    def service_at_location(
        self, data: dict[str, Any], path: str, *, service_id: uuid.UUID, organization_id: uuid.UUID | None
    ) -> uuid.UUID | None:
        reader = Reader(self.plan, data, path, "service_at_location")
        sal_id = reader.uuid()
        reader.text("description")
        if isinstance(data.get("location"), dict):
            location_id = self.location(data["location"], join_path(path, "location"), organization_id=organization_id)
            embedded = True
        else:
            location_id = reader.uuid("location_id", required=False)
            embedded = False
            if location_id is None and not reader.failed:
                reader.error("location", _("a service at location needs its location (embedded, or location_id)"))
        if location_id is not None:
            reader.values["location_id"] = location_id
        item = self.plan.item(ServiceAtLocation, reader, sal_id, owners={"service_id": service_id})
        if item is not None and location_id is not None and not embedded:
            self.plan.reference(reader, "location_id", Location, location_id, item, None)
        if sal_id is not None:
            # Our contacts and phones have no service_at_location link (a model gap): they go to the service.
            self.plan.children(reader, "contacts", self.contact, {"service_id": service_id}, Contact)
            self.plan.children(reader, "phones", self.phone, {"service_id": service_id}, Phone)
            self.plan.children(reader, "schedules", self.schedule, {"service_at_location_id": sal_id}, Schedule)
        return location_id

    # ------------------------------------------------------------------------------------------- location
    def location(self, data: dict[str, Any], path: str, *, organization_id: uuid.UUID | None) -> uuid.UUID | None:
        reader = Reader(self.plan, data, path, "location")
        location_id = reader.uuid()
        reader.choice("location_type", LocationType.values, lower=True)
        for key in ("name", "description", "transportation"):
            reader.text(key, translated=True)
        for key in ("url", "alternate_name", "external_identifier", "external_identifier_type"):
            reader.text(key)
        reader.boolean("redacted")  # ext: shelters
        point = self.coordinates(reader)
        own_organization = reader.uuid("organization_id", required=False)
        address = _geocodable_address(data.get("addresses"))
        coordinates_given = "latitude" in data or "longitude" in data
        queue: list[dict[str, str]] = []

        def prepare(obj: models.Model, new: bool) -> None:
            assert isinstance(obj, Location)
            if own_organization is not None:
                obj.organization_id = own_organization
            elif obj.organization_id is None and organization_id is not None:
                obj.organization_id = organization_id
            if point is not None:
                obj.point, obj.geocode_status = point, GeocodeStatus.SOURCE
            elif address is not None and obj.location_type == LocationType.PHYSICAL:
                # An address seen before keeps its point: re-imports do not ask the geocoder again.
                if new or obj.point is None or self.plan.stored_addresses.get(obj.pk) != _address_key(address):
                    obj.point, obj.geocode_status = None, GeocodeStatus.PENDING
                    queue.append(address)
            elif coordinates_given or new:
                obj.point, obj.geocode_status = None, GeocodeStatus.SOURCE
                if obj.location_type == LocationType.PHYSICAL:
                    reader.error("latitude", _("a physical location needs coordinates or an address"))

        item = self.plan.item(Location, reader, location_id, prepare=prepare)
        if item is not None:
            if own_organization is not None:
                self.plan.reference(reader, "organization_id", Organization, own_organization, item, None)
            assert location_id is not None  # plan.item gives no item without an id
            if queue and location_id not in self.plan.queued:
                self.plan.queued.add(location_id)
                self.plan.geocode_queue.append((item, queue[0]))
        if location_id is None:
            return None
        owner = {"location_id": location_id}
        self.plan.children(reader, "addresses", self.address, owner, Address)
        self.plan.children(reader, "accessibility", self.accessibility, owner, Accessibility)
        self.plan.children(reader, "languages", self.language, owner, Language)
        self.plan.children(reader, "phones", self.phone, owner, Phone)
        self.plan.children(reader, "contacts", self.contact, owner, Contact)
        self.plan.children(reader, "schedules", self.schedule, owner, Schedule)
        return location_id

    def coordinates(self, reader: Reader) -> Point | None:
        raw_lat, raw_lon = reader.data.get("latitude"), reader.data.get("longitude")
        if raw_lat in (None, "") and raw_lon in (None, ""):
            return None
        if raw_lat in (None, "") or raw_lon in (None, ""):
            reader.error(
                "latitude" if raw_lat in (None, "") else "longitude", _("latitude and longitude must be given together")
            )
            return None
        numbers = {}
        for key, raw, limit in (("latitude", raw_lat, 90), ("longitude", raw_lon, 180)):
            try:
                number = float(raw) if not isinstance(raw, bool) else math.nan
            except (TypeError, ValueError):
                number = math.nan
            if not math.isfinite(number):
                reader.error(key, _("%(value)r is not a number") % {"value": raw})
            elif abs(number) > limit:
                reader.error(key, _("%(value)s is out of range (±%(limit)s)") % {"value": raw, "limit": limit})
            else:
                numbers[key] = number
        if len(numbers) < 2:
            return None
        lat, lon = numbers["latitude"], numbers["longitude"]
        west, south, east, north = GREECE_BBOX
        if not (west <= lon <= east and south <= lat <= north):
            swapped = west <= lat <= east and south <= lon <= north
            message = _(
                "(latitude %(lat)s, longitude %(lon)s) is outside Greece (longitude %(w)s–%(e)s, latitude %(s)s–%(n)s)"
            ) % {"lat": lat, "lon": lon, "w": west, "e": east, "s": south, "n": north}
            if swapped:
                message += " " + _("— latitude and longitude look swapped")
            reader.error("longitude" if not west <= lon <= east else "latitude", message)
            return None
        return Point(lon, lat, srid=WGS84)

    def address(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = Reader(self.plan, data, path, "address")
        address_id = reader.uuid()
        for key in ("attention", "address_1", "address_2", "city", "region", "state_province", "postal_code"):
            reader.text(key)
        reader.choice("address_type", LocationType.values, lower=True)
        if "country" in data:
            reader.text("country")
            reader.values["country"] = country = reader.values.get("country", "").upper()
            if not re.fullmatch(r"[A-Z]{2}", country):
                reader.error("country", _("%(value)r is not a two-letter ISO 3166 country code") % {"value": country})
        self.plan.item(Address, reader, address_id, owners=owners)

    def accessibility(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = Reader(self.plan, data, path, "accessibility")
        accessibility_id = reader.uuid()
        for key in ("description", "details", "url"):
            reader.text(key)
        self.plan.item(Accessibility, reader, accessibility_id, owners=owners)

    # ------------------------------------------------------------------------------------------- shared children
    def language(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> str | None:
        reader = Reader(self.plan, data, path, "language")
        language_id = reader.uuid()
        reader.text("name")
        reader.text("note")
        raw = data.get("code")
        code = str(raw).strip().lower() if isinstance(raw, str) else ""
        code = ISO_639_2_TO_1.get(code, code)
        if not code:
            reader.error("code", _("a language needs its ISO 639 code"))
        elif not (code in ISO_639_1 or re.fullmatch(r"[a-z]{3}", code)):
            reader.error("code", _("%(value)r is not an ISO 639-1 (or 639-2/3) language code") % {"value": raw})
        else:
            reader.values["code"] = code
        self.plan.item(Language, reader, language_id, owners=owners)
        return code or None

    def contact(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = Reader(self.plan, data, path, "contact")
        contact_id = reader.uuid()
        for key in ("name", "title", "department", "email"):
            reader.text(key)
        self.plan.item(Contact, reader, contact_id, owners=owners)
        if contact_id is not None:
            self.plan.children(reader, "phones", self.phone, {"contact_id": contact_id}, Phone)

    def phone(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = Reader(self.plan, data, path, "phone")
        phone_id = reader.uuid()
        for key in ("number", "extension", "description"):
            reader.text(key)
        reader.choice("type", [value for value, _label in Phone._meta.get_field("type").choices or []], lower=True)
        if not reader.values.get("number") and not reader.failed:
            reader.error("number", _("a phone needs its number"))
        if "languages" in data:
            self.plan.not_stored.add("phone.languages")
        self.plan.item(Phone, reader, phone_id, owners=owners)

    def schedule(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = Reader(self.plan, data, path, "schedule")
        schedule_id = reader.uuid()
        reader.date("valid_from")
        reader.date("valid_to")
        for key in ("description", "attending_type", "notes"):
            reader.text(key)
        freq = str(data.get("freq") or "WEEKLY").strip().upper()
        if freq != "WEEKLY":
            reader.error(
                "freq", _("only weekly schedules (freq WEEKLY) can be stored, not %(value)r") % {"value": freq}
            )
        raw_days = data.get("byday")
        days = [d.strip().upper() for d in str(raw_days or "").split(",") if d.strip()]
        if not days:
            reader.error("byday", _("weekly hours need byday (e.g. MO,TU,WE)"))
        elif any(day not in WEEKDAYS for day in days):
            reader.error("byday", _("%(value)r: use the weekday codes MO,TU,WE,TH,FR,SA,SU") % {"value": raw_days})
        else:
            reader.values["byday"] = ",".join(days)
        on = reader.values.get("valid_from") or date.today()
        for key in ("opens_at", "closes_at"):
            raw = data.get(key)
            parsed = _parse_time(raw, on=on) if isinstance(raw, str) else None
            if raw in (None, ""):
                reader.error(key, _("weekly hours need opens_at and closes_at"))
            elif parsed is None:
                reader.error(
                    key, _("%(value)r is not a time (HH:MM, optionally with :SS and a UTC offset)") % {"value": raw}
                )
            else:
                reader.values[key] = parsed
        opens_at = reader.values.get("opens_at")
        if opens_at is not None and opens_at == reader.values.get("closes_at"):
            reader.error("closes_at", _("the closing time equals the opening time"))
        if not reader.failed:
            reader.values["freq"] = "WEEKLY"
        self.plan.item(Schedule, reader, schedule_id, owners=owners)

    def service_area(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = Reader(self.plan, data, path, "service_area")
        area_id = reader.uuid()
        for key in ("name", "description", "uri", "extent_type"):
            reader.text(key)
        if "extent" in data:
            raw = data["extent"]
            extent_type = str(data.get("extent_type") or "geojson").strip().lower()
            if raw in (None, ""):
                reader.values["extent"] = None
            elif extent_type != "geojson":
                reader.error(
                    "extent_type", _("only GeoJSON extents can be stored, not %(value)r") % {"value": extent_type}
                )
            else:
                try:
                    text = raw if isinstance(raw, str) else json.dumps(raw)
                    reader.values["extent"] = to_multipolygon(GEOSGeometry(text, srid=WGS84))
                except (GEOSException, ValueError, TypeError):
                    reader.error("extent", _("not a GeoJSON Polygon or MultiPolygon"))
        self.plan.item(ServiceArea, reader, area_id, owners=owners)

    def required_document(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = Reader(self.plan, data, path, "required_document")
        document_id = reader.uuid()
        reader.text("document", translated=True)
        reader.text("uri")
        if not str(data.get("document") or "").strip():
            reader.error("document", _("a required document needs its description"))
        self.plan.item(RequiredDocument, reader, document_id, owners=owners)

    def cost_option(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = Reader(self.plan, data, path, "cost_option")
        option_id = reader.uuid()
        reader.date("valid_from")
        reader.date("valid_to")
        reader.text("option")
        reader.text("amount_description")
        reader.decimal("amount")
        if "currency" in data:
            reader.text("currency")
            reader.values["currency"] = reader.values.get("currency", "").upper()
        self.plan.item(CostOption, reader, option_id, owners=owners)


def _positive(raw: Any) -> bool:
    try:
        return Decimal(str(raw)) > 0
    except InvalidOperation:
        return False


def _parse_time(raw: str, *, on: date) -> time | None:
    """HH:MM[:SS] as Europe/Athens wall-clock time; with `Z` or an offset, converted to Athens time on `on`."""
    match = TIME_RE.match(raw.strip())
    if not match:
        return None
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    if hours == 24 and minutes == 0 and seconds == 0:
        hours = 0  # "24:00" closes at midnight
    if hours > 23 or minutes > 59 or seconds > 59:
        return None
    parsed = time(hours, minutes, seconds)
    suffix = (match[4] or "").upper()
    if not suffix:
        return parsed
    if suffix == "Z":
        offset = timedelta(0)
    else:
        digits = suffix[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        offset = -offset if suffix[0] == "-" else offset
    moment = datetime.combine(on, parsed, tzinfo=timezone(offset))
    return moment.astimezone(ZoneInfo(ATHENS_TZ)).time().replace(tzinfo=None)


def _geocodable_address(raw: Any) -> dict[str, str] | None:
    """The address to geocode: the first physical one with a street, else the first with a street."""
    if not isinstance(raw, list):
        return None
    addresses = [a for a in raw if isinstance(a, dict) and str(a.get("address_1") or "").strip()]
    physical = [a for a in addresses if str(a.get("address_type") or "physical").lower() == LocationType.PHYSICAL]
    chosen = next(iter(physical or addresses), None)
    if chosen is None:
        return None
    return {key: str(chosen.get(key) or "").strip() for key in ("address_1", "city", "postal_code")}


def _address_key(address: dict[str, str]) -> tuple[str, str, str]:
    return (address["address_1"], address["city"], "".join(address["postal_code"].split()))
