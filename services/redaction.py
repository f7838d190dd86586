"""The one redaction rule: what the public may learn about a shelter (a redacted location).

A shelter publishes its service, its organisation, its area and a distance in 500 m bands; never its point, the
name of the place, its address or postcode, its phone numbers, its transport or accessibility notes. A caseworker
needs the area and a phone number of the organisation, not the door: the organisation shares the address with the
client on referral.

Distances, the radius filter and the nearest-first order of a shelter are measured from a public stand-in, the
centre of the 500 m square of the Greek Grid that holds it (SQL function `services_shelter_stand_in`,
services/sql/shelter_stand_in_v1.sql; the search index stores it in place of the point), so that no number of
questions, from any number of places, can place a shelter closer than its square. The coverage dashboard leaves
shelters out of its distance grid (they count in their area's totals).

Every public output (pages, referral sheet, HSDS, OGC, exports, map, coverage, nearby) goes through this module or
the search index; the editing pages of the shelter's own organisation and coordinators see everything.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boundaries.models import Area

    from .models import Location, Phone, Service

STAND_IN_GRID_M = 500  # the side of the stand-in's square; the SQL function says the same number
# A community activity placed closer than this to a shelter, or naming its street address, would tell the public where
# the shelter is (its stand-in says only which square): coordinators are warned before they publish one.
SHELTER_NEAR_M = STAND_IN_GRID_M // 2
DISTANCE_BAND_M = 500  # a shelter's distance is shown in steps of this many metres

# What a shelter's location keeps from the public (HSDS field names; addresses, phones, contacts, accessibility
# are its child lists).
HIDDEN_LOCATION_FIELDS = (
    "name", "alternate_name", "description", "transportation", "url", "latitude", "longitude",
    "external_identifier", "external_identifier_type",
)  # fmt: skip
HIDDEN_LOCATION_LISTS = ("addresses", "phones", "contacts", "accessibility")


def shown_distance(metres: float, *, redacted: bool) -> float:
    """The distance a result shows: a shelter's (already from its stand-in) in 500 m bands, others to 0.1 m."""
    if redacted:
        return float(round(metres / DISTANCE_BAND_M) * DISTANCE_BAND_M)
    return round(metres, 1)


def is_shelter_service(service: "Service") -> bool:
    """A service found only at shelters: its own phone numbers ring at the door (prefetch its places).

    A service with a public place too (a legal aid office that also visits a shelter) keeps its numbers: they are
    the public office's.
    """
    places = [sal.location for sal in service.service_at_locations.all()]
    return bool(places) and all(place.redacted for place in places)


def public_service_phones(service: "Service") -> list["Phone"]:
    """The phone numbers the public sees for a service: a shelter's service shows its organisation's."""
    if is_shelter_service(service):
        return [p for p in service.organization.phones.all() if p.contact_id is None]
    return [p for p in service.phones.all() if p.contact_id is None]


@dataclass
class PublicPlace:
    """One place of a service as the public sees it: for a shelter, only its area."""

    id: str
    redacted: bool
    area: "Area | None"
    municipality: "Area | None"
    name: str = ""
    address: Any = None  # the first Address, for one_line
    addresses: list[Any] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    transportation: str = ""
    accessibility: list[Any] = field(default_factory=list)
    phones: list[Any] = field(default_factory=list)


def public_place(location: "Location") -> PublicPlace:
    """A location reduced to what the public may see (prefetch addresses, accessibility and phones)."""
    area = location.neighbourhood or location.community or location.municipality
    place = PublicPlace(id=str(location.id), redacted=location.redacted, area=area, municipality=location.municipality)
    if location.redacted:
        return place
    addresses = list(location.addresses.all())
    place.name = location.name
    place.addresses = addresses
    place.address = addresses[0] if addresses else None
    if location.point is not None:
        place.lat, place.lon = location.point.y, location.point.x
    place.transportation = location.transportation
    place.accessibility = list(location.accessibility.all())
    place.phones = [p for p in location.phones.all() if p.contact_id is None]
    return place
