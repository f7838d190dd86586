"""Reads: emergencies for the list and history, the page and its GeoJSON, and what the search page shows for a place."""

from collections.abc import Iterable
from typing import Any

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from boundaries.models import Area
from geo_accmr.gis import SimplifyPreserveTopology

from .models import Emergency, EmergencyOffer, OfferStatus

AREA_SIMPLIFY_DEGREES = 0.0005  # about 50 m: enough for the page's map and the GeoJSON


def emergency_lists(*, at=None) -> dict[str, list[Emergency]]:  # noqa: ANN001
    """Active, upcoming and ended emergencies (the history), each with its areas."""
    at = at or timezone.now()
    base = Emergency.objects.prefetch_related("areas")
    return {
        "active": list(base.active(at).order_by("ends_at")),
        "upcoming": list(base.upcoming(at).order_by("starts_at")),
        "ended": list(base.ended(at).order_by("-ends_at")[:100]),
    }


def emergency_detail_queryset() -> QuerySet[Emergency]:
    """An emergency with its areas and its published offers (also after its end: the history keeps what was offered)."""
    offers = EmergencyOffer.objects.published().select_related("organization", "area", "service", "emergency")
    return Emergency.objects.prefetch_related("areas", Prefetch("offers", queryset=offers, to_attr="published_offers"))


def emergency_areas_geometry(emergency: Emergency) -> QuerySet[Area]:
    return emergency.areas.annotate(display_geom=SimplifyPreserveTopology("geom", AREA_SIMPLIFY_DEGREES)).order_by(
        "code"
    )


def pending_offers() -> QuerySet[EmergencyOffer]:
    """The fast review lane: editors' offers waiting for a coordinator, oldest first."""
    return (
        EmergencyOffer.objects.filter(status=OfferStatus.PENDING)
        .select_related("emergency", "organization", "area", "submitted_by")
        .order_by("created_at")
    )


def emergencies_at(*, point: Point, at=None) -> list[Emergency]:  # noqa: ANN001
    """Active emergencies whose affected areas cover the point (the search page's banner)."""
    at = at or timezone.now()
    return list(Emergency.objects.active(at).covering(point).order_by("ends_at"))


def offers_near(*, point: Point, radius_m: float, at=None, limit: int = 100) -> list[EmergencyOffer]:  # noqa: ANN001
    """Active emergency services within the radius, nearest first; temporary shelters (no point) when their area
    covers the place, listed after the places."""
    at = at or timezone.now()
    active = EmergencyOffer.objects.active(at).select_related("emergency", "organization", "area", "service")
    places = list(
        active.filter(point__dwithin=(point, D(m=radius_m)))
        .annotate(distance=Distance("point", point))
        .order_by("distance", "id")[:limit]
    )
    shelters = list(
        active.filter(Q(point__isnull=True), area__in=Area.objects.covering(point)).order_by("name_el", "id")[:limit]
    )
    return places + shelters


def offer_feature(offer: EmergencyOffer, *, at=None) -> dict[str, Any]:  # noqa: ANN001
    """One offer as a GeoJSON feature: a shelter has no geometry and no address or phone, only its area."""
    at = at or timezone.now()
    properties: dict[str, Any] = {
        "id": offer.pk,
        "kind": offer.kind,
        "kind_label": str(offer.get_kind_display()),
        "name": offer.name,
        "organization": offer.organization.name,
        "area": offer.area.name,
        "hours": offer.hours,
        "ends_at": offer.effective_end().isoformat(),
        "active": offer.is_active(at),
        "redacted": offer.redacted,
        "emergency": offer.emergency_id,
    }
    geometry = None
    if not offer.redacted and offer.point is not None:
        properties.update(address=offer.address, phone=offer.phone)
        geometry = {"type": "Point", "coordinates": [round(offer.point.x, 6), round(offer.point.y, 6)]}
        if getattr(offer, "distance", None) is not None:
            properties["distance_m"] = round(offer.distance.m)  # type: ignore[attr-defined]
    return {"type": "Feature", "id": f"offer-{offer.pk}", "geometry": geometry, "properties": properties}


def _emergencies(*, stamp: str) -> list[tuple[Emergency, frozenset[int]]]:
    """Every emergency with the ids of its affected areas, cached under the directory stamp, which every emergency
    write changes (signals). Ended ones too (a few a year): what is read holds for any clock, not only the one that
    read it."""

    def read() -> list[tuple[Emergency, frozenset[int]]]:
        areas: dict[int, set[int]] = {}
        for emergency_id, area_id in Emergency.areas.through.objects.values_list("emergency_id", "area_id"):
            areas.setdefault(emergency_id, set()).add(area_id)
        return [(e, frozenset(areas.get(e.pk, ()))) for e in Emergency.objects.order_by("ends_at", "pk")]

    return cache.get_or_set(f"emergencies:{stamp}", read, timeout=86400) or []


def any_active(*, stamp: str, at=None) -> bool:  # noqa: ANN001
    """Whether any emergency is running at `at`, without a query in the usual case (`_emergencies`)."""
    at = at or timezone.now()
    return any(emergency.is_active(at) for emergency, _areas in _emergencies(stamp=stamp))


def emergencies_covering(*, area_ids: Iterable[int], stamp: str, at=None) -> list[Emergency]:  # noqa: ANN001
    """As `emergencies_at`, for a place whose covering areas (every level) the page has already read: the active
    emergencies over any of them, from the emergencies cached under the directory stamp, without a query."""
    at = at or timezone.now()
    covering = frozenset(area_ids)
    return [e for e, areas in _emergencies(stamp=stamp) if e.is_active(at) and areas & covering]


def search_page_context(
    *,
    lat: float,
    lon: float,
    radius_m: float,
    selected: bool,
    stamp: str | None = None,
    covering_area_ids: Iterable[int] | None = None,
) -> dict[str, Any]:
    """What the search page adds for a place: the banner of the active emergencies covering it, and with the
    "Emergency services" filter the active offers within the radius (list and map layer). With the directory
    `stamp` the page already read, nothing is queried while no emergency is running, nor for the banner when the
    page has read the areas covering the place (`covering_area_ids`, every level)."""
    if stamp is not None and not any_active(stamp=stamp):
        return {"emergencies_here": [], "emergency_filter": selected}
    point = Point(lon, lat, srid=4326)
    if stamp is not None and covering_area_ids is not None:
        here = emergencies_covering(area_ids=covering_area_ids, stamp=stamp)
    else:
        here = emergencies_at(point=point)
    context: dict[str, Any] = {"emergencies_here": here, "emergency_filter": selected}
    if selected:
        now = timezone.now()
        context["emergency_offers"] = [
            offer_feature(offer, at=now) for offer in offers_near(point=point, radius_m=radius_m, at=now)
        ]
    return context
