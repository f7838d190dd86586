"""A service as plain JSON: what an editor proposes, what a coordinator diffs, what history keeps and reverts to.

One format serves change requests (proposed and base state), history versions and reverts. Flattened, every
field has a path (`name_el`, `categories`, `hours`, `locations.<key>.city`); a diff is the set of paths whose
values differ, and applying a diff writes only those paths onto the current state, so two changes waiting on
different fields of one service never undo each other.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Prefetch

from services.models import TERM_FIELDS, Organization, Service, ServiceAtLocation

LANGS = ("el", "en")
SERVICE_TEXT_FIELDS = [
    "name",
    "alternate_name",
    "description",
    "eligibility_description",
    "application_process",
    "fees_description",
    "interpretation_services",
    "alert",
]
SERVICE_TRANSLATED = [f"{field}_{lang}" for field in SERVICE_TEXT_FIELDS for lang in LANGS]
SERVICE_PLAIN = [
    "url",
    "email",
    "free_of_charge",
    "capacity_status",
    "valid_from",
    "valid_to",
    "minimum_age",
    "maximum_age",
]
SERVICE_DATES = {"valid_from", "valid_to"}
LOCATION_FIELDS = ["name_el", "name_en", "address_1", "postal_code", "city", "lat", "lon", "redacted"]
ORGANIZATION_FIELDS = ["name_el", "name_en", "description_el", "description_en", "email", "website"]
LOCATIONS = "locations"
NEW_PREFIX = "new-"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def hours_key(row: dict[str, str]) -> str:
    """One weekly period as text: "MO,TU,WE 09:00–17:00" (also its sort key and its diff display)."""
    return f"{row['byday']} {row['opens_at']}–{row['closes_at']}"


def service_state(service: Service) -> dict[str, Any]:
    """The published state of a service: its fields, terms, languages, weekly hours and locations.

    Reads the relations with `.all()`, so a service fetched by `service_states` (prefetched) costs no more queries.
    """
    state: dict[str, Any] = {"organization": str(service.organization_id)}
    for field in SERVICE_TRANSLATED:
        state[field] = getattr(service, field) or ""
    for field in SERVICE_PLAIN:
        value = getattr(service, field)
        state[field] = _iso(value) if field in SERVICE_DATES else value
    for field in TERM_FIELDS.values():
        state[field] = sorted(term.code for term in getattr(service, field).all())
    state["languages"] = sorted(language.code for language in service.languages.all())
    state["hours"] = sorted(
        (
            {"byday": s.byday, "opens_at": f"{s.opens_at:%H:%M}", "closes_at": f"{s.closes_at:%H:%M}"}
            for s in service.schedules.all()
        ),
        key=hours_key,
    )
    locations: dict[str, Any] = {}
    places = service.service_at_locations.all()
    if "service_at_locations" not in getattr(service, "_prefetched_objects_cache", {}):
        places = places.select_related("location")
    for sal in sorted(places, key=_created):
        location = sal.location
        address = min(location.addresses.all(), key=_created, default=None)
        locations[str(location.id)] = {
            "name_el": location.name_el or "",
            "name_en": location.name_en or "",
            "address_1": address.address_1 if address else "",
            "postal_code": address.postal_code if address else "",
            "city": address.city if address else "",
            "lat": round(location.point.y, 6) if location.point else None,
            "lon": round(location.point.x, 6) if location.point else None,
            "redacted": location.redacted,
        }
    state[LOCATIONS] = locations
    return state


def _created(row: Any) -> tuple[Any, Any]:
    """The order of a service's places and of a place's addresses (first created first)."""
    return row.created_at, row.id


def service_states(*, ids: Iterable[UUID]) -> dict[UUID, dict[str, Any]]:
    """`service_state` of many services in a fixed number of queries (imports and bulk uploads version them all)."""
    services = Service.objects.filter(pk__in=list(ids)).prefetch_related(
        *TERM_FIELDS.values(),
        "languages",
        "schedules",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("location__addresses"),
        ),
    )
    return {service.pk: service_state(service) for service in services}


def organization_state(organization: Organization) -> dict[str, Any]:
    """The published state of an organisation's editable fields."""
    return {field: getattr(organization, field) or "" for field in ORGANIZATION_FIELDS}


def flatten(state: dict[str, Any]) -> dict[str, Any]:
    """Every field of a state under its path; a location's fields under `locations.<key>.<field>`."""
    flat = {key: value for key, value in state.items() if key != LOCATIONS}
    for key, location in (state.get(LOCATIONS) or {}).items():
        for field, value in location.items():
            flat[f"{LOCATIONS}.{key}.{field}"] = value
    return flat


def unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `flatten`; a location that lost its street address (deleted) is dropped."""
    state: dict[str, Any] = {LOCATIONS: {}}
    for path, value in flat.items():
        if path.startswith(f"{LOCATIONS}."):
            _prefix, key, field = path.split(".", 2)
            state[LOCATIONS].setdefault(key, {})[field] = value
        else:
            state[path] = value
    state[LOCATIONS] = {key: loc for key, loc in state[LOCATIONS].items() if "address_1" in loc}
    return state


def state_diff(base: dict[str, Any] | None, proposed: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The paths whose values differ, as {path: (old, new)}; a missing path is None (absent)."""
    old, new = flatten(base or {}), flatten(proposed)
    paths = sorted(old.keys() | new.keys())
    return {path: (old.get(path), new.get(path)) for path in paths if old.get(path) != new.get(path)}


def state_merge(current: dict[str, Any], diff: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    """The current state with only the diff's paths set to their new values (absent new value: removed)."""
    flat = flatten(current)
    for path, (_old, new) in diff.items():
        if new is None and path.startswith(f"{LOCATIONS}."):
            flat.pop(path, None)
        else:
            flat[path] = new
    return unflatten(flat)


def conflicts(current: dict[str, Any], base: dict[str, Any] | None, diff: dict[str, tuple[Any, Any]]) -> list[str]:
    """Paths of the diff that someone changed since the proposal was based on them (the proposal would win)."""
    if base is None:
        return []
    now, then = flatten(current), flatten(base)
    return [path for path in diff if now.get(path) != then.get(path)]
