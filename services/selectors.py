"""Reads for the caseworker search: nearest services that fit a client."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from boundaries.models import Area
from geo_accmr.text import fold

from .models import WEEKDAYS, TaxonomyTerm

ATHENS = ZoneInfo("Europe/Athens")
# Sphere distance (what the index's `<->` orders by) and WGS84 spheroid distance differ by well under 1 %; a
# candidate the index ranks at sphere distance d lies at least d·(1 − SPHERE_ERROR) away on the spheroid.
SPHERE_ERROR = 0.01
REDACTED_ROUNDING_M = 500.0


@dataclass(frozen=True)
class SearchFilters:
    """What a caseworker asked for; every field is optional and they combine with AND (values within one: OR)."""

    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    eligibility: tuple[str, ...] = ()
    free: bool = False
    open_now: bool = False
    area: str | None = None
    q: str = ""


@dataclass
class NearbyResult:
    """One service at one location, with its spheroid distance from the search point."""

    id: UUID
    service_id: UUID
    location_id: UUID
    distance_m: float
    redacted: bool
    lon: float | None = None
    lat: float | None = None
    details: dict[str, Any] = field(default_factory=dict)


class UnknownFilterValue(ValueError):
    """A filter names a code we do not know; carries the field name for the 400 answer."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


def _term_ids(taxonomy: str, codes: tuple[str, ...], *, field_name: str, descendants: bool = False) -> list[UUID]:
    terms = TaxonomyTerm.objects.filter(taxonomy__code=taxonomy)
    found = terms.with_descendants(list(codes)) if descendants else terms.filter(code__in=codes)
    rows = list(found.values_list("id", "code"))
    missing = set(codes) - {code for _, code in rows}
    if missing:
        raise UnknownFilterValue(field_name, f"Unknown {field_name}: {', '.join(sorted(missing))}")
    return [term_id for term_id, _ in rows]


def open_now_params(moment: datetime) -> dict[str, Any]:
    """Europe/Athens weekday codes and time of day for the open-now test."""
    local = timezone.localtime(moment, timezone=ATHENS)
    return {
        "dow": WEEKDAYS[local.weekday()],
        "prev_dow": WEEKDAYS[(local.weekday() - 1) % 7],
        "clock": time(local.hour, local.minute, local.second),
        "today": local.date(),
    }


# An applicable schedule (the service's own, or the service-at-location's) is open at %(clock)s on %(dow)s; a
# period whose closing time is before its opening time runs past midnight into the next day.
OPEN_NOW_SQL = """
    EXISTS (
        SELECT 1 FROM services_schedule sc
        WHERE (sc.service_id = s.id OR sc.service_at_location_id = sal.id)
          AND (sc.valid_from IS NULL OR sc.valid_from <= %(today)s)
          AND (sc.valid_to IS NULL OR sc.valid_to >= %(today)s)
          AND (
            (position(%(dow)s in sc.byday) > 0 AND sc.opens_at <= %(clock)s
             AND (sc.closes_at > %(clock)s OR sc.closes_at < sc.opens_at))
            OR (position(%(prev_dow)s in sc.byday) > 0 AND sc.closes_at < sc.opens_at AND %(clock)s < sc.closes_at)
          )
    )
"""
HAS_HOURS_SQL = (
    "EXISTS (SELECT 1 FROM services_schedule sc WHERE sc.service_id = s.id OR sc.service_at_location_id = sal.id)"
)


def search_conditions(*, filters: SearchFilters, on: date, moment: datetime) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions over `s` (service), `sal` and `l` (location) for the filters, with their parameters."""
    where = [
        "l.point IS NOT NULL",
        "s.status = 'active'",
        "(s.valid_from IS NULL OR s.valid_from <= %(on)s)",
        "(s.valid_to IS NULL OR s.valid_to >= %(on)s)",
    ]
    params: dict[str, Any] = {"on": on}
    if filters.categories:
        params["category_ids"] = _term_ids("categories", filters.categories, field_name="category", descendants=True)
        where.append(
            "EXISTS (SELECT 1 FROM services_service_categories c"
            " WHERE c.service_id = s.id AND c.taxonomyterm_id = ANY(%(category_ids)s))"
        )
    if filters.audiences:
        params["audience_ids"] = _term_ids("audience", filters.audiences, field_name="audience")
        where.append(
            "EXISTS (SELECT 1 FROM services_service_audiences a"
            " WHERE a.service_id = s.id AND a.taxonomyterm_id = ANY(%(audience_ids)s))"
        )
    if filters.eligibility:
        params["eligibility_ids"] = _term_ids("eligibility", filters.eligibility, field_name="eligibility")
        where.append(
            "EXISTS (SELECT 1 FROM services_service_eligibility e"
            " WHERE e.service_id = s.id AND e.taxonomyterm_id = ANY(%(eligibility_ids)s))"
        )
    if filters.languages:
        params["languages"] = list(filters.languages)
        where.append(
            "EXISTS (SELECT 1 FROM services_language lang"
            " WHERE lang.service_id = s.id AND lang.code = ANY(%(languages)s))"
        )
    if filters.free:
        where.append("s.free_of_charge")
    if filters.area:
        area_id = Area.objects.filter(code=filters.area).values_list("id", flat=True).first()
        if area_id is None:
            raise UnknownFilterValue("area", f"Unknown area: {filters.area}")
        params["area_id"] = area_id
        where.append(
            "(l.municipality_id = %(area_id)s OR l.community_id = %(area_id)s OR l.neighbourhood_id = %(area_id)s)"
        )
    if filters.q:
        words = fold(filters.q).split()[:8]
        for number, word in enumerate(words):
            params[f"q{number}"] = f"% {word}%"
            where.append(f"s.search_text LIKE %(q{number})s")
    if filters.open_now:
        params.update(open_now_params(moment))
        where.append(OPEN_NOW_SQL)
    return where, params


def service_list_nearby(
    *,
    lat: float,
    lon: float,
    radius_m: float = 5000,
    filters: SearchFilters = SearchFilters(),  # noqa: B008 - frozen dataclass, immutable
    limit: int = 20,
    moment: datetime | None = None,
) -> list[NearbyResult]:
    """Service locations nearest first by WGS84 spheroid distance, within `radius_m`.

    The spatial index (`<->` on geography, sphere metres) supplies candidates nearest first; the exact spheroid
    distance re-ranks them, and more candidates are fetched until none left unfetched could still rank inside the
    limit. Queries: two (candidates, details), more only in the rare case the first batch cannot prove the order.
    """
    moment = moment or timezone.now()
    on = timezone.localtime(moment, timezone=ATHENS).date()
    where, params = search_conditions(filters=filters, on=on, moment=moment)
    params.update({"lon": lon, "lat": lat})
    origin = "ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography"
    sql = f"""
        SELECT sal.id, s.id, l.id, l.redacted, ST_X(l.point::geometry), ST_Y(l.point::geometry),
               ST_Distance(l.point, {origin}, true) AS spheroid_m,
               l.point <-> {origin} AS sphere_m
        FROM services_location l
        JOIN services_serviceatlocation sal ON sal.location_id = l.id
        JOIN services_service s ON s.id = sal.service_id
        WHERE {" AND ".join(where)}
        ORDER BY l.point <-> {origin}
        LIMIT %(k)s
    """  # noqa: S608 - only our own condition strings are interpolated; values are parameters
    k = limit * 2 + 10
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, {**params, "k": k})
            rows = cursor.fetchall()
            # ties (several services at one location) are ordered by id, so pages are stable
            inside = sorted((r for r in rows if r[6] <= radius_m), key=lambda r: (round(r[6], 3), str(r[0])))
            chosen = inside[:limit]
            exhausted = len(rows) < k
            bound = rows[-1][7] * (1 - SPHERE_ERROR) if rows else 0.0
            if exhausted or bound > radius_m or (len(chosen) == limit and chosen[-1][6] <= bound):
                break
            k *= 4
    results = []
    for sal_id, service_id, location_id, redacted, x, y, spheroid_m, _sphere in chosen:
        distance = round(spheroid_m / REDACTED_ROUNDING_M) * REDACTED_ROUNDING_M if redacted else spheroid_m
        results.append(
            NearbyResult(
                id=sal_id,
                service_id=service_id,
                location_id=location_id,
                distance_m=round(distance, 1),
                redacted=redacted,
                lon=None if redacted else x,
                lat=None if redacted else y,
            )
        )
    _attach_details(results, moment=moment)
    return results


def _attach_details(results: list[NearbyResult], *, moment: datetime) -> None:
    """One query for everything a result row shows (names, organisation, categories, languages, address, hours)."""
    if not results:
        return
    params = {"ids": [r.id for r in results], **open_now_params(moment)}
    sql = f"""
        SELECT sal.id, s.name_el, s.name_en, o.name_el, o.name_en, s.assured_date, s.free_of_charge,
               s.capacity_status,
               ARRAY(SELECT t.code FROM services_service_categories c JOIN services_taxonomyterm t
                     ON t.id = c.taxonomyterm_id WHERE c.service_id = s.id ORDER BY t.code),
               ARRAY(SELECT lang.code FROM services_language lang WHERE lang.service_id = s.id ORDER BY lang.code),
               (SELECT concat_ws(', ', NULLIF(a.address_1, ''), NULLIF(a.postal_code, ''), NULLIF(a.city, ''))
                FROM services_address a WHERE a.location_id = l.id ORDER BY a.created_at LIMIT 1),
               CASE WHEN {HAS_HOURS_SQL} THEN {OPEN_NOW_SQL} END,
               n.code, n.name_el, n.name_en, m.code, m.name_el, m.name_en
        FROM services_serviceatlocation sal
        JOIN services_service s ON s.id = sal.service_id
        JOIN services_organization o ON o.id = s.organization_id
        JOIN services_location l ON l.id = sal.location_id
        LEFT JOIN boundaries_area n ON n.id = l.neighbourhood_id
        LEFT JOIN boundaries_area m ON m.id = l.municipality_id
        WHERE sal.id = ANY(%(ids)s)
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = {row[0]: row for row in cursor.fetchall()}
    for result in results:
        row = rows[result.id]
        area = {"code": row[12], "name_el": row[13], "name_en": row[14]} if row[12] else None
        municipality = {"code": row[15], "name_el": row[16], "name_en": row[17]} if row[15] else None
        result.details = {
            "name_el": row[1],
            "name_en": row[2] or row[1],
            "organization_el": row[3],
            "organization_en": row[4] or row[3],
            "assured_date": row[5],
            "free_of_charge": row[6],
            "capacity_status": row[7],
            "categories": list(row[8]),
            "languages": list(row[9]),
            "address": None if result.redacted else row[10],
            "open_now": row[11],
            "area": area or municipality,
            "municipality": municipality,
        }
