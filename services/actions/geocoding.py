"""Writes for the geocoding queue: locations whose address waits for the geocoder."""

import logging
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from boundaries.actions import location_areas_refresh
from boundaries.geocoding import GeocoderUnavailable, geocode_address
from services.models import Address, GeocodeStatus, Location

logger = logging.getLogger(__name__)


@dataclass
class GeocodeRunReport:
    """What one pass over the geocoding queue did; `unavailable` means it stopped early, the rest still queued."""

    geocoded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    pending: int = 0
    unavailable: bool = False
    error: str = ""


def location_geocode_pending(*, limit: int | None = None) -> GeocodeRunReport:
    """Geocode pending locations from their first address; stop, leaving the rest queued, when the provider is down."""
    report = GeocodeRunReport()
    first_addresses = Prefetch("addresses", queryset=Address.objects.order_by("created_at", "id"))
    queue = Location.objects.pending_geocoding().order_by("created_at", "id").prefetch_related(first_addresses)
    if limit is not None:
        queue = queue[:limit]
    for location in queue.iterator(chunk_size=200):
        address = next(iter(location.addresses.all()), None)
        try:
            point = (
                geocode_address(address_1=address.address_1, city=address.city, postal_code=address.postal_code)
                if address is not None
                else None
            )
        except GeocoderUnavailable as exc:
            report.unavailable = True
            report.error = str(exc)
            logger.warning("geocoder unavailable, %s left pending: %s", location.pk, exc)
            break
        # Each result is written at once, so a later outage loses nothing; the filter skips rows edited meanwhile.
        still_pending = Location.objects.filter(pk=location.pk, geocode_status=GeocodeStatus.PENDING)
        if point is None:
            still_pending.update(geocode_status=GeocodeStatus.FAILED, last_modified=timezone.now())
            report.failed.append(str(location.pk))
        elif still_pending.update(point=point, geocode_status=GeocodeStatus.GEOCODED, last_modified=timezone.now()):
            report.geocoded.append(str(location.pk))
    if report.geocoded:
        location_areas_refresh(ids=report.geocoded)
    report.pending = Location.objects.pending_geocoding().count()
    return report
