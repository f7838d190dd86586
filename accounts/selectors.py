"""Reads of the accounts app: people, invitations, saved searches, and the organisation directory."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from services.models import Organization, Service, ServiceAtLocation, ServiceStatus, TaxonomyTerm

from .models import Invitation, SavedSearch

CATEGORIES = "categories"


def person_list() -> QuerySet:
    """Everyone with an account, with their role and organisations; active people first."""
    return (
        get_user_model()
        .objects.select_related("profile")
        .prefetch_related("profile__organizations")
        .order_by("-is_active", "username")
    )


def invitation_pending_list() -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked, newest first (expired ones included, to be resent)."""
    return (
        Invitation.objects.filter(accepted_at=None, revoked_at=None)
        .select_related("invited_by")
        .prefetch_related("organizations")
    )


def saved_search_list(*, user: Any) -> QuerySet[SavedSearch]:
    """A person's saved searches by name."""
    return SavedSearch.objects.filter(user=user)


def committee_list() -> QuerySet[TaxonomyTerm]:
    """The six ACCMR working committees: the top-level terms of the service categories."""
    return TaxonomyTerm.objects.filter(taxonomy__code=CATEGORIES, parent=None).order_by("position", "code")


def _current_services(prefix: str = "") -> Q:
    """Services a caseworker would find today: active and inside their valid dates."""
    today = timezone.localdate()
    return (
        Q(**{f"{prefix}status": ServiceStatus.ACTIVE})
        & (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": today}))
        & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today}))
    )


def organization_directory(*, kind: str = "", committee: str = "", q: str = "") -> QuerySet[Organization]:
    """Organisations by name with their count of current services; filtered by kind, committee and name words."""
    organizations = Organization.objects.annotate(
        service_count=Count("services", filter=_current_services("services__"), distinct=True)
    )
    if kind:
        organizations = organizations.filter(kind=kind)
    if committee:
        terms = TaxonomyTerm.objects.filter(taxonomy__code=CATEGORIES).with_descendants([committee])
        in_committee = Service.objects.filter(_current_services(), organization=OuterRef("pk"), categories__in=terms)
        organizations = organizations.filter(Exists(in_committee))
    for word in q.split()[:8]:
        organizations = organizations.filter(
            Q(name_el__unaccent__icontains=word)
            | Q(name_en__unaccent__icontains=word)
            | Q(alternate_name_el__unaccent__icontains=word)
            | Q(alternate_name_en__unaccent__icontains=word)
        )
    return organizations.order_by("name", "id")


@dataclass(frozen=True)
class DirectoryCounts:
    """How many organisations there are of each kind and in each committee (for the filter labels)."""

    by_kind: dict[str, int]
    by_committee: dict[str, int]


def organization_directory_counts() -> DirectoryCounts:
    """Organisations per kind, and per committee (those with a current service in it), in two queries."""
    by_kind = dict(Organization.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    today = timezone.localdate()
    with connection.cursor() as cursor:
        # a service in a subcategory counts for its committee (the taxonomy is two levels deep)
        cursor.execute(
            """
            SELECT top.code, count(DISTINCT s.organization_id)
            FROM services_service s
            JOIN services_service_categories sc ON sc.service_id = s.id
            JOIN services_taxonomyterm t ON t.id = sc.taxonomyterm_id
            JOIN services_taxonomyterm top ON top.id = COALESCE(t.parent_id, t.id)
            WHERE s.status = %s AND (s.valid_from IS NULL OR s.valid_from <= %s)
              AND (s.valid_to IS NULL OR s.valid_to >= %s)
            GROUP BY top.code
            """,
            [ServiceStatus.ACTIVE, today, today],
        )
        by_committee = dict(cursor.fetchall())
    return DirectoryCounts(by_kind=by_kind, by_committee=by_committee)


def organization_detail(*, organization_id: Any) -> Organization:
    """An organisation with its current services, their categories and places, in a fixed number of queries."""
    places = ServiceAtLocation.objects.select_related(
        "location__municipality", "location__community", "location__neighbourhood"
    )
    services = (
        Service.objects.filter(_current_services())
        .prefetch_related("categories__parent", Prefetch("service_at_locations", queryset=places))
        .order_by("name")
    )
    return Organization.objects.prefetch_related(
        Prefetch("services", queryset=services, to_attr="current_services")
    ).get(pk=organization_id)


def organization_map_points(*, organization: Organization) -> list[dict[str, Any]]:
    """The points of its current services' places for the map; redacted places (shelters) never give a point."""
    points: dict[str, dict[str, Any]] = {}
    for service in organization.current_services:
        for sal in service.service_at_locations.all():
            location = sal.location
            if location.redacted or location.point is None:
                continue
            point = points.setdefault(str(location.id), {"lat": location.point.y, "lon": location.point.x, "names": []})
            point["names"].append(service.name)
    return [{"lat": p["lat"], "lon": p["lon"], "name": " · ".join(dict.fromkeys(p["names"]))} for p in points.values()]
