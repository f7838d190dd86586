"""Reads of the public organisation directory (/organisations/): who provides services, and which of their services
search shows (ServiceQuerySet.visible, the same rule as search, the map, the exports and coverage)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from .models import Organization, Service, ServiceAtLocation, TaxonomyTerm
from .rules import service_day, visible_params, visible_sql

CATEGORIES = "categories"

if TYPE_CHECKING:  # django_stubs_ext is tooling (django-stubs), not a runtime dependency
    from django_stubs_ext import WithAnnotations


class _CurrentServices(TypedDict):
    shown_services: list[Service]  # Prefetch(to_attr=) in organization_detail: what search shows
    hidden_services: list[Service]  # current but hidden from search until confirmed (freshness policy)


def committee_list() -> QuerySet[TaxonomyTerm]:
    """The six ACCMR working committees: the top-level terms of the service categories."""
    return TaxonomyTerm.objects.filter(taxonomy__code=CATEGORIES, parent=None).order_by("position", "code")


def organization_directory(*, kind: str = "", committee: str = "", q: str = "") -> QuerySet[Organization]:
    """Organisations by name with their count of the services search shows; filtered by kind, committee and name
    words."""
    shown = Service.objects.visible().filter(organization=OuterRef("pk")).order_by().values("organization")
    organizations = Organization.objects.annotate(
        service_count=Coalesce(Subquery(shown.annotate(n=Count("pk")).values("n")), 0)
    )
    if kind:
        organizations = organizations.filter(kind=kind)
    if committee:
        terms = TaxonomyTerm.objects.filter(taxonomy__code=CATEGORIES).with_descendants([committee])
        in_committee = Service.objects.visible().filter(organization=OuterRef("pk"), categories__in=terms)
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
    """Organisations per kind, and per committee (those with a service in it that search shows), in two queries."""
    by_kind = dict(Organization.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    with connection.cursor() as cursor:
        # a service in a subcategory counts for its committee (the taxonomy is two levels deep)
        cursor.execute(
            f"""
            SELECT top.code, count(DISTINCT s.organization_id)
            FROM services_service s
            JOIN services_service_categories sc ON sc.service_id = s.id
            JOIN services_taxonomyterm t ON t.id = sc.taxonomyterm_id
            JOIN services_taxonomyterm top ON top.id = COALESCE(t.parent_id, t.id)
            WHERE {visible_sql("s")}
            GROUP BY top.code
            """,  # noqa: S608 - our own SQL fragment; values are parameters
            visible_params(service_day()),
        )
        by_committee = dict(cursor.fetchall())
    return DirectoryCounts(by_kind=by_kind, by_committee=by_committee)


def organization_detail(*, organization_id: Any) -> "WithAnnotations[Organization, _CurrentServices]":
    """An organisation with the services search shows (`shown_services`, the same rule as the directory's count) and
    its current services hidden from search until confirmed (`hidden_services`), each with its categories and
    places, in a fixed number of queries."""
    places = ServiceAtLocation.objects.select_related(
        "location__municipality", "location__community", "location__neighbourhood"
    )
    related = ("categories__parent", Prefetch("service_at_locations", queryset=places))
    shown = Service.objects.visible()
    hidden = Service.objects.current().exclude(pk__in=shown.values("pk"))
    return Organization.objects.prefetch_related(
        Prefetch(
            "services", queryset=shown.prefetch_related(*related).order_by("name", "pk"), to_attr="shown_services"
        ),
        Prefetch(
            "services", queryset=hidden.prefetch_related(*related).order_by("name", "pk"), to_attr="hidden_services"
        ),
    ).get(pk=organization_id)


def place_lines(service: Service) -> list[str]:
    """One line per place of a service (prefetched with their areas): its name and its smallest area, each once,
    and the same line only once; a redacted place (a shelter) gives only its area."""
    lines: list[str] = []
    for sal in service.service_at_locations.all():
        location = sal.location
        area = location.neighbourhood or location.community or location.municipality
        parts = [_("Exact location shared on referral") if location.redacted else (location.name or "")]
        if area is not None and area.name and area.name not in parts:
            parts.append(area.name)
        line = " · ".join(part for part in parts if part)
        if line and line not in lines:
            lines.append(line)
    return lines


def organization_map_points(*, organization: "WithAnnotations[Organization, _CurrentServices]") -> list[dict[str, Any]]:
    """The points of the places of its services search shows; redacted places (shelters) never give a point."""
    points: dict[str, dict[str, Any]] = {}
    for service in organization.shown_services:
        for sal in service.service_at_locations.all():
            location = sal.location
            if location.redacted or location.point is None:
                continue
            point = points.setdefault(str(location.id), {"lat": location.point.y, "lon": location.point.x, "names": []})
            point["names"].append(service.name)
    return [{"lat": p["lat"], "lon": p["lon"], "name": " · ".join(dict.fromkeys(p["names"]))} for p in points.values()]
