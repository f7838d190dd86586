"""HSDS 3.0 JSON for our records (what /hsds/ answers and export_hsds writes), and the /hsds/ query parameters.

Output is built by plain functions over prefetched model instances (see selectors.py): a page of full services
is thousands of small objects and DRF's serializer machinery would cost more than the database. Keys whose value
is unknown are left out (HSDS types such as `"type": "string", "format": "email"` do not allow null or "").
"""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from django.conf import settings
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from services.models import (
    TERM_FIELDS,
    Address,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from services.redaction import HIDDEN_LOCATION_FIELDS, HIDDEN_LOCATION_LISTS, is_shelter_service

HSDS_VERSION = "3.0"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
ATTRIBUTE_NAMESPACE = uuid5(NAMESPACE_URL, "https://geo-accmr.example.org/hsds/attribute")
MAX_PER_PAGE = 500
MAX_PAGE = 1_000_000
# HSDS pages by number, so a page is found by skipping (page − 1) × per_page records, each of them read: past this
# many skipped records a page is a 400 that points to format=ndjson (every record, streamed) and the export.
MAX_SKIPPED = 100_000


def attribute_id(owner_id: UUID, term_id: UUID) -> UUID:
    """A stable HSDS attribute id for one (record, taxonomy term) link: we store the link, not an attribute row."""
    return uuid5(ATTRIBUTE_NAMESPACE, f"{owner_id}:{term_id}")


# Values that are already JSON (most of them): returned at once (a page of full services holds ~100,000 values).
JSON_TYPES = frozenset({str, int, bool, float, type(None)})


def plain(value: Any) -> Any:
    """JSON value of a model value: ids and decimals as strings, dates ISO, times HH:MM:SS."""
    if type(value) in JSON_TYPES:
        return value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def compact(data: dict[str, Any], *, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """Drop keys without a value (None, ""), except `keep` (fields HSDS requires)."""
    # `value is None or value == ""`, without asking every id and date whether it equals ""
    return {
        key: plain(value)
        for key, value in data.items()
        if key in keep or not (value is None or (isinstance(value, str) and not value))
    }


class Writer:
    """Turns records into HSDS objects in one language (Greek, falling back from English to Greek)."""

    def __init__(self, *, language: str = "el", public: bool = True) -> None:
        self.language = language
        self.public = public  # redacted locations: no point, no street address

    def text(self, obj: Model, name: str) -> str:
        value = getattr(obj, f"{name}_{self.language}", None)
        return value or getattr(obj, f"{name}_el", None) or getattr(obj, name, "") or ""

    # ------------------------------------------------------------------------------------------- organization
    def organization(self, org: Organization, *, full: bool = False, full_service: bool = False) -> dict[str, Any]:
        data = compact(
            {
                "id": org.id,
                "name": self.text(org, "name"),
                "alternate_name": self.text(org, "alternate_name"),
                "description": self.text(org, "description"),
                "email": org.email,
                "website": org.website,
                "year_incorporated": org.year_incorporated,
                "legal_status": org.legal_status,
                "logo": org.logo,
                "uri": org.uri,
                "parent_organization_id": org.parent_organization_id,
                "last_modified": org.last_modified,
                # profile extensions
                "kind": org.kind,
                "accmr_member": org.accmr_member,
                "is_demo": org.is_demo,
            },
            keep=("name", "description"),
        )
        if not full:
            return data
        data["organization_identifiers"] = [
            compact(
                {
                    "id": ident.id,
                    "organization_id": ident.organization_id,
                    "identifier_scheme": ident.identifier_scheme,
                    "identifier_type": ident.identifier_type,
                    "identifier": ident.identifier,
                },
                keep=("identifier_type", "identifier"),
            )
            for ident in org.organization_identifiers.all()
        ]
        data["contacts"] = [self.contact(c) for c in org.contacts.all()]
        data["phones"] = [self.phone(p) for p in org.phones.all() if p.contact_id is None]
        data["locations"] = [self.location(loc) for loc in org.locations.all()]
        data["services"] = [
            self.service(s, full=True, organization=False) if full_service else self.service(s, organization=False)
            for s in org.services.all()
        ]
        return data

    # ------------------------------------------------------------------------------------------- service
    def service(self, service: Service, *, full: bool = False, organization: bool = True) -> dict[str, Any]:
        data = compact(
            {
                "id": service.id,
                "organization_id": service.organization_id,
                "name": self.text(service, "name"),
                "alternate_name": self.text(service, "alternate_name"),
                "description": self.text(service, "description"),
                "url": service.url,
                "email": service.email,
                "status": service.status,
                "interpretation_services": self.text(service, "interpretation_services"),
                "application_process": self.text(service, "application_process"),
                "fees_description": self.text(service, "fees_description"),
                "accreditations": service.accreditations,
                "eligibility_description": self.text(service, "eligibility_description"),
                "minimum_age": service.minimum_age,
                "maximum_age": service.maximum_age,
                "assured_date": service.assured_date,
                "assurer_email": service.assurer_email,
                "alert": self.text(service, "alert"),
                "last_modified": service.last_modified,
                # profile extensions
                "free_of_charge": service.free_of_charge,
                "valid_from": service.valid_from,
                "valid_to": service.valid_to,
                "capacity_status": service.capacity_status,
            },
            keep=("name", "status"),
        )
        if organization:
            data["organization"] = self.organization(service.organization)
        if not full:
            return data
        shelter = self.public and is_shelter_service(service)  # its own numbers may be the shelter's
        data["phones"] = [] if shelter else [self.phone(p) for p in service.phones.all() if p.contact_id is None]
        data["contacts"] = [self.contact(c, phones=not shelter) for c in service.contacts.all()]
        data["schedules"] = [self.schedule(s) for s in service.schedules.all()]
        data["service_areas"] = [
            compact(
                {
                    "id": area.id,
                    "service_id": area.service_id,
                    "name": area.name,
                    "description": area.description,
                    "extent": area.extent.geojson if area.extent else None,
                    "extent_type": area.extent_type if area.extent else None,
                    "uri": area.uri,
                }
            )
            for area in service.service_areas.all()
        ]
        data["service_at_locations"] = [
            self.service_at_location(sal, full=True) for sal in service.service_at_locations.all()
        ]
        data["languages"] = [self.language_row(lang) for lang in service.languages.all()]
        data["cost_options"] = [
            compact(
                {
                    "id": option.id,
                    "service_id": option.service_id,
                    "valid_from": option.valid_from,
                    "valid_to": option.valid_to,
                    "option": option.option,
                    "currency": option.currency,
                    "amount": option.amount,
                    "amount_description": option.amount_description,
                }
            )
            for option in service.cost_options.all()
        ]
        data["required_documents"] = [
            compact(
                {"id": doc.id, "service_id": doc.service_id, "document": self.text(doc, "document"), "uri": doc.uri}
            )
            for doc in service.required_documents.all()
        ]
        data["attributes"] = [
            {
                "id": str(attribute_id(service.id, term.id)),
                "link_id": str(service.id),
                "link_type": code,
                "link_entity": "service",
                "taxonomy_term_id": str(term.id),
                "taxonomy_term": self.taxonomy_term(term),
            }
            for code, attname in TERM_FIELDS.items()
            for term in getattr(service, attname).all()
        ]
        return data

    # ------------------------------------------------------------------------------------------- places
    def service_at_location(
        self, sal: ServiceAtLocation, *, full: bool = False, service: bool = False, distance_m: float | None = None
    ) -> dict[str, Any]:
        data = compact(
            {
                "id": sal.id,
                "service_id": sal.service_id,
                "location_id": sal.location_id,
                "description": "" if self.public and sal.location.redacted else sal.description,
                "distance_m": distance_m,  # profile extension, with `proximity`
            }
        )
        data["location"] = self.location(sal.location, full=full)
        if service:
            data["service"] = self.service(sal.service, full=False)
        if full:
            data["schedules"] = [self.schedule(s) for s in sal.schedules.all()]
        return data

    def location(self, loc: Location, *, full: bool = True) -> dict[str, Any]:
        hidden = self.public and loc.redacted
        point = None if hidden else loc.point
        data = compact(
            {
                "id": loc.id,
                "location_type": loc.location_type,
                "url": loc.url,
                "organization_id": loc.organization_id,
                "name": self.text(loc, "name"),
                "alternate_name": loc.alternate_name,
                "description": self.text(loc, "description"),
                "transportation": self.text(loc, "transportation"),
                "latitude": round(point.y, 7) if point else None,
                "longitude": round(point.x, 7) if point else None,
                "external_identifier": loc.external_identifier,
                "external_identifier_type": loc.external_identifier_type,
                # profile extensions: a shelter's point and street are never published, only its area
                "redacted": loc.redacted,
                "area_code": area.code if (area := loc.neighbourhood or loc.community or loc.municipality) else None,
            },
            keep=("location_type",),
        )
        if hidden:  # services.redaction: a shelter publishes its area only
            data = {key: value for key, value in data.items() if key not in HIDDEN_LOCATION_FIELDS}
        if not full:
            return data
        data["addresses"] = [self.address(a) for a in loc.addresses.all()]
        data["accessibility"] = [
            compact({"id": a.id, "location_id": a.location_id, "description": a.description, "details": a.details,
                     "url": a.url})
            for a in loc.accessibility.all()
        ]  # fmt: skip
        data["languages"] = [self.language_row(lang) for lang in loc.languages.all()]
        data["phones"] = [self.phone(p) for p in loc.phones.all() if p.contact_id is None]
        data["contacts"] = [self.contact(c) for c in loc.contacts.all()]
        data["schedules"] = [self.schedule(s) for s in loc.schedules.all()]
        if hidden:
            data.update({name: [] for name in HIDDEN_LOCATION_LISTS})
        return data

    def address(self, address: Address) -> dict[str, Any]:
        return compact(
            {
                "id": address.id,
                "location_id": address.location_id,
                "attention": address.attention,
                "address_1": address.address_1,
                "address_2": address.address_2,
                "city": address.city,
                "region": address.region,
                "state_province": address.state_province,
                "postal_code": address.postal_code,
                "country": address.country,
                "address_type": address.address_type,
            },
            keep=("address_1", "city", "state_province", "postal_code", "country", "address_type"),
        )

    # ------------------------------------------------------------------------------------------- small tables
    def language_row(self, lang: Any) -> dict[str, Any]:
        return compact(
            {
                "id": lang.id,
                "service_id": lang.service_id,
                "location_id": lang.location_id,
                "name": lang.name,
                "code": lang.code,
                "note": lang.note,
            }
        )

    def contact(self, contact: Contact, *, phones: bool = True) -> dict[str, Any]:
        data = compact(
            {
                "id": contact.id,
                "organization_id": contact.organization_id,
                "service_id": contact.service_id,
                "location_id": contact.location_id,
                "name": contact.name,
                "title": contact.title,
                "department": contact.department,
                "email": contact.email,
            }
        )
        data["phones"] = [self.phone(p) for p in contact.phones.all()] if phones else []
        return data

    def phone(self, phone: Phone) -> dict[str, Any]:
        return compact(
            {
                "id": phone.id,
                "organization_id": phone.organization_id,
                "service_id": phone.service_id,
                "location_id": phone.location_id,
                "contact_id": phone.contact_id,
                "number": phone.number,
                # HSDS types `extension` as a number; ours is text and is published only when it is one
                "extension": int(phone.extension) if phone.extension.isdigit() else None,
                "type": phone.type,
                "description": phone.description,
            },
            keep=("number",),
        )

    def schedule(self, schedule: Schedule) -> dict[str, Any]:
        # HSDS types `timezone` as a number (a UTC offset); ours is always the IANA zone Europe/Athens (README).
        return compact(
            {
                "id": schedule.id,
                "service_id": schedule.service_id,
                "location_id": schedule.location_id,
                "service_at_location_id": schedule.service_at_location_id,
                "valid_from": schedule.valid_from,
                "valid_to": schedule.valid_to,
                "freq": schedule.freq,
                "byday": schedule.byday,
                "opens_at": schedule.opens_at,
                "closes_at": schedule.closes_at,
                "description": schedule.description,
                "attending_type": schedule.attending_type,
                "notes": schedule.notes,
            }
        )

    # ------------------------------------------------------------------------------------------- taxonomy
    def taxonomy(self, taxonomy: Taxonomy) -> dict[str, Any]:
        return compact(
            {
                "id": taxonomy.id,
                "name": self.text(taxonomy, "name"),
                "description": self.text(taxonomy, "description"),
                "uri": taxonomy.uri,
                "version": taxonomy.version,
                "code": taxonomy.code,  # profile extension
            },
            keep=("name", "description"),
        )

    def taxonomy_term(self, term: TaxonomyTerm) -> dict[str, Any]:
        return compact(
            {
                "id": term.id,
                "code": term.code,
                "name": self.text(term, "name"),
                "description": self.text(term, "description"),
                "parent_id": term.parent_id,
                "taxonomy": term.taxonomy.code,
                "taxonomy_detail": self.taxonomy(term.taxonomy),
                "language": term.language,
                "taxonomy_id": term.taxonomy_id,
                "term_uri": term.term_uri,
            },
            keep=("name", "description"),
        )


# ----------------------------------------------------------------------------------------------- parameters
class PageParams(serializers.Serializer):
    """`page`, `per_page`, `format` and `search`, common to every /hsds/ list."""

    search = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, default=1)
    per_page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PER_PAGE, default=50)
    format = serializers.ChoiceField(choices=["json", "ndjson"], required=False, default="json")
    lang = serializers.ChoiceField(choices=LANGUAGES, required=False, help_text="Output language (profile).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if attrs.get("format", "json") == "json" and (attrs["page"] - 1) * attrs["per_page"] > MAX_SKIPPED:
            raise serializers.ValidationError(
                {
                    "page": [
                        _(
                            "Pages reach the first %(count)s records: read further with format=ndjson (every record, "
                            "streamed) or the datapackage export."
                        )
                        % {"count": f"{MAX_SKIPPED:,}"}
                    ]
                }
            )
        return attrs


class ServiceListParams(PageParams):
    taxonomy_term_id = serializers.UUIDField(required=False)
    taxonomy_id = serializers.UUIDField(required=False)
    organization_id = serializers.UUIDField(required=False)
    modified_after = serializers.DateTimeField(required=False)
    minimal = serializers.BooleanField(required=False, default=False)
    full = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if attrs.get("minimal") and attrs.get("full"):
            raise serializers.ValidationError({"full": [_("Ask for either minimal or full, not both.")]})
        return attrs


class ServiceAtLocationListParams(ServiceListParams):
    postcode = serializers.RegexField(
        r"^[0-9]{3} ?[0-9]{2}$", required=False, error_messages={"invalid": _("A Greek postal code has five digits.")}
    )
    proximity = serializers.FloatField(required=False, min_value=1, max_value=50000, help_text="Metres (profile).")
    lat = serializers.FloatField(required=False, min_value=-90, max_value=90)
    lon = serializers.FloatField(required=False, min_value=-180, max_value=180)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        given = [key for key in ("proximity", "lat", "lon") if key in attrs]
        if given and len(given) < 3:
            missing = [key for key in ("proximity", "lat", "lon") if key not in attrs]
            raise serializers.ValidationError(
                {key: [_("proximity, lat and lon go together: give all three.")] for key in missing}
            )
        return attrs


class OrganizationListParams(PageParams):
    full = serializers.BooleanField(required=False, default=False)
    full_service = serializers.BooleanField(required=False, default=False)
    modified_after = serializers.DateTimeField(required=False)


class TaxonomyTermListParams(PageParams):
    taxonomy_id = serializers.UUIDField(required=False)
    parent_id = serializers.UUIDField(required=False)
    top_only = serializers.BooleanField(required=False, default=False)


class DetailParams(serializers.Serializer):
    lang = serializers.ChoiceField(choices=LANGUAGES, required=False)
    full_service = serializers.BooleanField(required=False, default=False)


class PageOutput(serializers.Serializer):
    """The HSDS `Page` envelope (for the OpenAPI description)."""

    total_items = serializers.IntegerField()
    total_pages = serializers.IntegerField()
    page_number = serializers.IntegerField()
    size = serializers.IntegerField()
    first_page = serializers.BooleanField()
    last_page = serializers.BooleanField()
    empty = serializers.BooleanField()
    contents = serializers.ListField(child=serializers.DictField(), help_text="HSDS objects of the endpoint.")


# ----------------------------------------------------------------------------------------------- OpenAPI shapes
# The answers are built by the HSDS writer and validated against the official compiled schemas in the tests; these
# shapes name their main properties for /api/schema/ (every HSDS object may carry more, as HSDS allows).
class HsdsInfoOutput(serializers.Serializer):
    version = serializers.CharField(help_text="HSDS version, e.g. 3.0")
    profile = serializers.URLField()
    openapi_url = serializers.URLField(help_text="The official HSDS OpenAPI description of these paths.")


class HsdsProfileOutput(serializers.Serializer):
    name = serializers.CharField()
    hsds_version = serializers.CharField()
    description = serializers.CharField()
    extensions = serializers.DictField(child=serializers.CharField(), help_text="Extension property: meaning.")


class HsdsObjectOutput(serializers.Serializer):
    id = serializers.UUIDField(help_text="The HSDS id (our own id).")


class HsdsServiceOutput(HsdsObjectOutput):
    organization_id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["active", "inactive", "defunct", "temporarily closed"])
    last_modified = serializers.DateTimeField()
    free_of_charge = serializers.BooleanField(help_text="Profile extension.")


class HsdsOrganizationOutput(HsdsObjectOutput):
    name = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    kind = serializers.CharField(help_text="Profile extension: the kind of organisation.")
    accmr_member = serializers.BooleanField(help_text="Profile extension.")


class HsdsServiceAtLocationOutput(HsdsObjectOutput):
    service_id = serializers.UUIDField()
    location_id = serializers.UUIDField()
    location = serializers.DictField(help_text="HSDS location; redacted ones carry only `area_code` and `redacted`.")


class HsdsTaxonomyOutput(HsdsObjectOutput):
    name = serializers.CharField()
    description = serializers.CharField()


class HsdsTaxonomyTermOutput(HsdsObjectOutput):
    code = serializers.CharField()
    name = serializers.CharField()
    taxonomy_id = serializers.UUIDField()
    parent_id = serializers.UUIDField(allow_null=True)
