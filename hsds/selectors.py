"""Reads for the HSDS API and the HSDS export: querysets that fetch a page of records in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Model, Prefetch, Q, QuerySet

from geo_accmr.text import fold
from search.selectors import service_list_nearby
from services.models import (
    Contact,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from services.selectors import SearchFilters

AREAS = ("neighbourhood", "community", "municipality")


def _ordered(*names: str, model: type[Model]) -> list[Prefetch]:
    """Prefetches of child lists in id order, so answers and exports are stable."""
    related: list[Any] = [model._meta.get_field(name).related_model for name in names]  # models, once apps are ready
    return [Prefetch(name, queryset=rel.objects.order_by("id")) for name, rel in zip(names, related, strict=True)]


def _contacts() -> Prefetch:
    return Prefetch(
        "contacts", queryset=Contact.objects.prefetch_related(*_ordered("phones", model=Contact)).order_by("id")
    )


def _with_areas(queryset: QuerySet, prefix: str = "") -> QuerySet:
    """The location's areas for `area_code`, without their boundaries (megabytes of polygon per area)."""
    related = [f"{prefix}{area}" for area in AREAS]
    return queryset.select_related(*related).defer(*(f"{name}__geom" for name in related))


def _location_queryset(*, full: bool) -> QuerySet[Location]:
    locations = _with_areas(Location.objects.all())
    if not full:
        return locations
    return locations.prefetch_related(
        *_ordered("addresses", "accessibility", "languages", "phones", "schedules", model=Location), _contacts()
    )


def _terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy")


def service_queryset(*, full: bool = False) -> QuerySet[Service]:
    """Services with their organisation; `full`: with everything HSDS nests in a service."""
    services = Service.objects.select_related("organization").order_by("id")
    if not full:
        return services
    places = ServiceAtLocation.objects.prefetch_related(
        *_ordered("schedules", model=ServiceAtLocation), Prefetch("location", queryset=_location_queryset(full=True))
    )
    return services.prefetch_related(
        *_ordered(
            "phones", "schedules", "service_areas", "languages", "cost_options", "required_documents", model=Service
        ),
        _contacts(),
        Prefetch("service_at_locations", queryset=places.order_by("id")),
        Prefetch("categories", queryset=_terms().order_by("id")),
        Prefetch("audiences", queryset=_terms().order_by("id")),
        Prefetch("eligibility", queryset=_terms().order_by("id")),
    )


@dataclass(frozen=True)
class ServiceQuery:
    """The HSDS list filters (combined with AND)."""

    search: str = ""
    taxonomy_term_id: UUID | None = None
    taxonomy_id: UUID | None = None
    organization_id: UUID | None = None
    modified_after: datetime | None = None

    @classmethod
    def from_params(cls, data: dict[str, Any]) -> "ServiceQuery":
        values: dict[str, Any] = {
            key: data.get(key) or cls.__dataclass_fields__[key].default for key in cls.__dataclass_fields__
        }  # every field has a default
        return cls(**values)


def service_conditions(query: ServiceQuery, *, prefix: str = "") -> Q:
    """The filters as a condition on services (`prefix` = "service__" from a service at location)."""
    condition = Q()
    for word in fold(query.search).split()[:8]:
        # the same word-start match as the caseworker search (trigram-indexed LIKE '% word%')
        condition &= Q(**{f"{prefix}search_text__contains": f" {word}"})
    if query.organization_id:
        condition &= Q(**{f"{prefix}organization_id": query.organization_id})
    if query.modified_after:
        condition &= Q(**{f"{prefix}last_modified__gte": query.modified_after})
    if query.taxonomy_term_id:
        # a category includes its subcategories, as in the caseworker search
        term = Q(id=query.taxonomy_term_id) | Q(parent_id=query.taxonomy_term_id)
        term |= Q(parent__parent_id=query.taxonomy_term_id)
        ids = TaxonomyTerm.objects.filter(term).values("id")
        condition &= (
            Q(**{f"{prefix}categories__in": ids})
            | Q(**{f"{prefix}audiences__in": ids})
            | Q(**{f"{prefix}eligibility__in": ids})
        )
    if query.taxonomy_id:
        ids = TaxonomyTerm.objects.filter(taxonomy_id=query.taxonomy_id).values("id")
        condition &= (
            Q(**{f"{prefix}categories__in": ids})
            | Q(**{f"{prefix}audiences__in": ids})
            | Q(**{f"{prefix}eligibility__in": ids})
        )
    return condition


def service_list(*, query: ServiceQuery, full: bool = False) -> QuerySet[Service]:
    """Every service of the directory that matches, by id (index order: a deep page costs no sort)."""
    services = service_queryset(full=full)
    condition = service_conditions(query)
    if query.taxonomy_term_id or query.taxonomy_id:
        # the OR over three many-to-many joins repeats a service: select ids first, then the services
        return services.filter(id__in=Service.objects.filter(condition).values("id"))
    return services.filter(condition)


def service_at_location_queryset(*, full: bool = False) -> QuerySet[ServiceAtLocation]:
    """Services at locations with their location (and, `full`, everything nested under them)."""
    places = ServiceAtLocation.objects.select_related("service__organization").order_by("id")
    if full:
        return places.prefetch_related(
            *_ordered("schedules", model=ServiceAtLocation),
            Prefetch("location", queryset=_location_queryset(full=True)),
        )
    return _with_areas(places, "location__")


def service_at_location_list(
    *, query: ServiceQuery, full: bool = False, postcode: str | None = None
) -> QuerySet[ServiceAtLocation]:
    """Every service at location whose service matches; `postcode`: at an address with that postal code."""
    places = service_at_location_queryset(full=full)
    condition = service_conditions(query, prefix="service__")
    if postcode:
        digits = postcode.replace(" ", "")
        # a shelter's address is never public (services.redaction), so it never matches a postcode either
        condition &= Q(location__addresses__postal_code__in=[digits, f"{digits[:3]} {digits[3:]}"])
        condition &= Q(location__redacted=False)
    if query.taxonomy_term_id or query.taxonomy_id or postcode:
        return places.filter(id__in=ServiceAtLocation.objects.filter(condition).values("id"))
    return places.filter(condition)


def service_at_location_nearby(
    *, query: ServiceQuery, lat: float, lon: float, proximity_m: float, limit: int, postcode: str | None = None
) -> list[tuple[ServiceAtLocation, float]]:
    """Current services at locations within `proximity_m` of (lat, lon), nearest first, with their distance.

    The caseworker search (search.selectors.service_list_nearby) finds and ranks the candidates; the HSDS
    filters are then applied to them. Only active services inside their valid dates appear, as in every search.
    """
    found = service_list_nearby(
        lat=lat, lon=lon, radius_m=proximity_m, filters=SearchFilters(q=query.search), limit=limit
    )
    distances = {result.id: result.distance_m for result in found}
    places = service_at_location_list(query=ServiceQuery(**{**query.__dict__, "search": ""}), postcode=postcode)
    by_id = {sal.id: sal for sal in places.filter(id__in=list(distances))}
    return [(by_id[result.id], result.distance_m) for result in found if result.id in by_id]


def organization_queryset(*, full: bool = False, full_service: bool = False) -> QuerySet[Organization]:
    """Organisations by id; `full`: with identifiers, contacts, phones, locations and their services."""
    organizations = Organization.objects.order_by("id")
    if not (full or full_service):
        return organizations
    services = service_queryset(full=full_service).select_related(None) if full_service else Service.objects.all()
    return organizations.prefetch_related(
        *_ordered("organization_identifiers", "phones", model=Organization),
        _contacts(),
        Prefetch("locations", queryset=_location_queryset(full=True).order_by("id")),
        Prefetch("services", queryset=services.order_by("id")),
    )


def organization_list(
    *, search: str = "", modified_after: datetime | None = None, full: bool = False, full_service: bool = False
) -> QuerySet[Organization]:
    organizations = organization_queryset(full=full, full_service=full_service)
    for word in search.split()[:8]:
        organizations = organizations.filter(Q(name_el__icontains=word) | Q(name_en__icontains=word))
    if modified_after:
        organizations = organizations.filter(last_modified__gte=modified_after)
    return organizations


def taxonomy_list(*, search: str = "") -> QuerySet[Taxonomy]:
    taxonomies = Taxonomy.objects.order_by("code")
    for word in search.split()[:8]:
        taxonomies = taxonomies.filter(Q(name_el__icontains=word) | Q(name_en__icontains=word) | Q(code=word))
    return taxonomies


def taxonomy_term_list(
    *, search: str = "", taxonomy_id: UUID | None = None, parent_id: UUID | None = None, top_only: bool = False
) -> QuerySet[TaxonomyTerm]:
    terms = _terms().order_by("taxonomy__code", "position", "code")
    for word in search.split()[:8]:
        terms = terms.filter(Q(name_el__icontains=word) | Q(name_en__icontains=word) | Q(code__icontains=word))
    if taxonomy_id:
        terms = terms.filter(taxonomy_id=taxonomy_id)
    if parent_id:
        terms = terms.filter(parent_id=parent_id)
    if top_only:
        terms = terms.filter(parent__isnull=True)
    return terms
