"""Geocoding behind one interface: our gazetteer of areas and places first, then the configured geopy provider.

The provider (Nominatim) is bounded to Greece, rate limited across all workers and processes through the database
(`GeocoderThrottle`) and cached there (`GeocodeCacheEntry`), following the Nominatim usage policy: one request per
second at most, answers reused, never autocomplete.
"""

import base64
import hashlib
import hmac
import json
import logging
import re
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from geopy import exc as geopy_exc
from geopy.distance import geodesic
from geopy.geocoders import Nominatim

from geo_accmr.geo import GREECE_BBOX, WGS84
from geo_accmr.text import fold, transliterate

from .actions import AIRBNB_FILE, HOSPITALS_FILE
from .models import Area, AreaLevel, GeocodeCacheEntry, Place, PlaceKind

logger = logging.getLogger(__name__)

SOURCE_GAZETTEER = "gazetteer"
PROVIDER_NONE = "none"
PROVIDER_NOMINATIM = "nominatim"
# Greece as (south-west, north-east) (lat, lon) corners, islands included; with bounded=True Nominatim answers
# only inside it, and country_codes="gr" drops the neighbours' corners of the box.
GREECE_VIEWBOX = ((GREECE_BBOX[1], GREECE_BBOX[0]), (GREECE_BBOX[3], GREECE_BBOX[2]))
PROVIDER_MAX_LIMIT = 5  # the provider only fills up what the gazetteer did not find; a fixed size keeps cache hits
# Two gazetteer entries with the same folded name this close are one place (an official neighbourhood and the
# Inside Airbnb polygon of the same name).
DUPLICATE_DISTANCE_M = 1500
LANDMARK_KINDS = {AIRBNB_FILE: "neighbourhood", HOSPITALS_FILE: "hospital"}
PROVIDER_DOWN_WARNING = _(
    "The address search service is unreachable right now; only our own list of places was searched."
)
KIND_LABELS = {"hospital": _("Hospital"), AreaLevel.MUNICIPALITY.value: AreaLevel.MUNICIPALITY.label}


class GeocoderUnavailable(Exception):
    """The geocoding provider could not be reached, timed out or refused the request; try again later."""


@dataclass(frozen=True)
class Candidate:
    """One geocoding answer: a label to show, WGS84 coordinates, where it came from and what it is."""

    label: str
    lat: float
    lon: float
    source: str
    kind: str = ""
    area_code: str | None = None

    @property
    def point(self) -> Point:
        return Point(self.lon, self.lat, srid=WGS84)


CANDIDATE_FIELDS = [f.name for f in fields(Candidate)]


# ----------------------------------------------------------------------------------------------- gazetteer
def _english() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).startswith("en")


def gazetteer_search(*, query: str, limit: int = 10) -> list[Candidate]:
    """Areas and places whose Greek, English or Greeklish name matches the query, best match first."""
    key = fold(query)
    if not key or limit < 1:
        return []
    english = _english()
    name_field = "name_en" if english else "name_el"
    places = Place.objects.select_related("area__parent")
    for word in key.split():  # every word somewhere in the names, in any order (each uses the trigram index)
        places = places.matching_key(word)
    # Folded keys hold only [0-9a-z ] (see geo_accmr.text.fold), so `key` needs no regex escaping.
    match = Case(
        When(search_text__regex=rf"(^|\n){key}(\n|$)", then=Value(0)),  # a whole name
        When(search_text__regex=rf"(^|\n){key}", then=Value(1)),  # the start of a name
        When(search_text__regex=rf"(^|[\n ]){key}", then=Value(2)),  # the start of a word
        When(search_text__contains=key, then=Value(3)),
        default=Value(4),  # all words, another order
        output_field=IntegerField(),
    )
    covering = Area.objects.filter(geom__covers=OuterRef("point")).order_by("code").values(name_field)
    landmark = Q(kind=PlaceKind.LANDMARK)
    places = places.annotate(
        match=match,
        name_length=Length("name_el"),
        # Landmarks have no parent area: name the community (Athens) or municipality around them instead.
        community_name=Case(When(landmark, then=Subquery(covering.filter(level=AreaLevel.COMMUNITY)[:1]))),
        municipality_name=Case(When(landmark, then=Subquery(covering.filter(level=AreaLevel.MUNICIPALITY)[:1]))),
    ).order_by("match", "rank", "name_length", "name_el", "pk")
    kept: list[tuple[Place, Candidate]] = []
    place: Place
    for place in places[: limit * 3]:
        candidate = _place_candidate(place=place, english=english)
        name_key = fold(place.name_el or "")  # always set on places (actions._place)
        if any(fold(p.name_el or "") == name_key and _distance_m(c, candidate) < DUPLICATE_DISTANCE_M for p, c in kept):
            continue
        kept.append((place, candidate))
        if len(kept) == limit:
            break
    labels = Counter(c.label for _place, c in kept)
    candidates = []
    for place, candidate in kept:
        # Namesakes far apart (Δήμος Ηρακλείου in Crete and in Attica): the other language's name tells them apart.
        other = place.name_el if english else place.name_en
        if labels[candidate.label] > 1 and other and fold(other) not in fold(candidate.label):
            candidate = replace(candidate, label=f"{candidate.label} ({other})")
        candidates.append(candidate)
    return candidates


GREEK_LETTER = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")


def display_name(*, name_el: str | None, name_en: str | None, english: bool) -> str:
    """A place's name in the page's language: on English pages its English name, else its Greek one in Latin
    letters (ΚΥΨΕΛΗ → Kypseli), never Greek capitals."""
    if not english:
        return name_el or name_en or ""
    if name_en and not GREEK_LETTER.search(name_en):
        return name_en
    return transliterate(name_en or name_el or "")


def _place_candidate(*, place: Place, english: bool) -> Candidate:
    name = display_name(name_el=place.name_el or place.name, name_en=place.name_en, english=english)
    area = place.area
    if area is not None:
        kind = area.level
        parent = area.parent
        context = [display_name(name_el=parent.name_el, name_en=parent.name_en, english=english)] if parent else []
    else:
        kind = LANDMARK_KINDS.get(place.source, PlaceKind.LANDMARK.value)
        around = getattr(place, "community_name", None) or getattr(place, "municipality_name", None)
        context = [around] if around else []
    kind_label = str(KIND_LABELS.get(kind, ""))
    # "Δήμος Πειραιώς" says what it is already; "Piraeus" does not.
    words = [kind_label] if kind_label and fold(kind_label) not in fold(name) else []
    details = ", ".join(str(part) for part in words + context if part)
    return Candidate(
        label=f"{name} — {details}" if details else name,
        lat=round(place.point.y, 7),
        lon=round(place.point.x, 7),
        source=SOURCE_GAZETTEER,
        kind=kind,
        area_code=area.code if area is not None else None,
    )


def _distance_m(a: Candidate, b: Candidate) -> float:
    return geodesic((a.lat, a.lon), (b.lat, b.lon)).meters


# ----------------------------------------------------------------------------------------------- provider
_geolocators: dict[tuple[Any, ...], Nominatim] = {}
_geolocators_lock = threading.Lock()

# One statement reserves the provider's next free slot and says how long to wait for it. The row lock lasts only
# as long as this statement, so concurrent callers queue up one MIN_DELAY_SECONDS apart; the wait is measured
# on the database's clock, shared by every worker and host, and returned as seconds from now.
PROVIDER_TURN_SQL = """
    INSERT INTO boundaries_geocoderthrottle AS t (provider, next_at)
    VALUES (%(provider)s, clock_timestamp() + make_interval(secs => %(delay)s))
    ON CONFLICT (provider) DO UPDATE
        SET next_at = GREATEST(t.next_at, clock_timestamp()) + make_interval(secs => %(delay)s)
        WHERE t.next_at <= clock_timestamp() + make_interval(secs => %(max_wait)s)
    RETURNING GREATEST(EXTRACT(EPOCH FROM t.next_at - clock_timestamp()) - %(delay)s, 0)::float8
"""


def _provider_config() -> dict[str, Any]:
    config = settings.GEOCODER
    provider = (config.get("PROVIDER") or PROVIDER_NONE).lower()
    if provider not in (PROVIDER_NONE, PROVIDER_NOMINATIM):
        raise ImproperlyConfigured(f"GEOCODER['PROVIDER'] must be 'nominatim' or 'none', not {provider!r}")
    return {**config, "PROVIDER": provider}


def _geolocator(config: dict[str, Any]) -> Nominatim:
    """The process-wide geopy client for this configuration (made once, then reused)."""
    key = tuple(config[name] for name in ("DOMAIN", "SCHEME", "USER_AGENT", "TIMEOUT"))
    with _geolocators_lock:
        geolocator = _geolocators.get(key)
        if geolocator is None:
            geolocator = Nominatim(
                domain=config["DOMAIN"],
                scheme=config["SCHEME"],
                user_agent=config["USER_AGENT"],
                timeout=config["TIMEOUT"],
            )
            _geolocators[key] = geolocator
    return geolocator


def provider_turn_wait(*, provider: str, delay: float, max_wait: float) -> float | None:
    """Reserve the provider's next turn, shared by all workers and processes: the seconds to wait before asking it,
    or None when the queue is longer than `max_wait` (the turn is then not taken).

    The reservation runs on a connection of its own in autocommit, so a caller's open transaction (an import)
    never holds the row and stalls every other worker's geocoding until it commits.
    """
    throttle_connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with throttle_connection.cursor() as cursor:
            cursor.execute(PROVIDER_TURN_SQL, {"provider": provider, "delay": delay, "max_wait": max_wait})
            row = cursor.fetchone()
    finally:
        throttle_connection.close()
    return None if row is None else float(row[0])


# Turns are this fraction further apart than the provider's minimum: a sender that wakes or connects late (a loaded
# machine) brings its request closer to the next sender's, and the provider must still see them MIN_DELAY_SECONDS
# apart (a CI run measured two arrivals 0.979 s apart with turns 1 s apart).
TURN_MARGIN = 0.05


def _wait_for_provider_turn(config: dict[str, Any]) -> None:
    """Sleep until this process may ask the provider (at most one request per MIN_DELAY_SECONDS across all
    processes, turns TURN_MARGIN further apart); raises GeocoderUnavailable when the queue holds more turns than fit
    in the request timeout."""
    delay = float(config["MIN_DELAY_SECONDS"])
    if delay <= 0:
        return
    # the queue holds as many turns as it would without the margin: the longest wait grows by the margin too
    stretch = 1 + TURN_MARGIN
    wait = provider_turn_wait(
        provider=config["DOMAIN"], delay=delay * stretch, max_wait=float(config["TIMEOUT"]) * stretch
    )
    if wait is None:
        raise GeocoderUnavailable("too many geocoding requests are waiting for their turn")
    if wait > 0:
        time.sleep(wait)


def _cache_key(*, provider: str, query_key: str, limit: int, language: str) -> tuple[str, Fernet]:
    """The row key and the cipher of one question to the provider.

    What caseworkers type may be a client's address, so the cache keeps neither the question nor the answer in
    the clear: the row is found by a keyed hash of the folded question, and its answer is sealed with a key
    derived from the question itself. Only someone asking the same question (with this SECRET_KEY) can read it.
    """
    question = f"{provider}|{language}|{limit}|{query_key}".encode()
    secret = settings.SECRET_KEY.encode()
    row_key = hmac.new(secret, b"geocode-cache-row|" + question, hashlib.sha256).hexdigest()
    cipher_key = hmac.new(secret, b"geocode-cache-seal|" + question, hashlib.sha256).digest()
    return row_key, Fernet(base64.urlsafe_b64encode(cipher_key))


def _cache_read(*, provider: str, row_key: str, cipher: Fernet, fresh_after: datetime) -> list[Candidate] | None:
    sealed = (
        GeocodeCacheEntry.objects.filter(provider=provider, query_key=row_key, created_at__gte=fresh_after)
        .values_list("results", flat=True)
        .first()
    )
    if not isinstance(sealed, str):
        return None
    try:
        rows = json.loads(cipher.decrypt(sealed.encode()))
    except (InvalidToken, ValueError):  # sealed under another SECRET_KEY: ask again
        return None
    return [Candidate(**{name: row[name] for name in CANDIDATE_FIELDS if name in row}) for row in rows]


def _provider_query(*, query: str, limit: int, language: str) -> list[Candidate]:
    """Ask the provider (or its cached answer); raises GeocoderUnavailable."""
    config = _provider_config()
    if config["PROVIDER"] == PROVIDER_NONE:
        raise GeocoderUnavailable("no geocoding provider is configured (GEOCODER['PROVIDER'] is 'none')")
    query_key = fold(query)
    if not query_key:
        return []
    provider = config["PROVIDER"]
    row_key, cipher = _cache_key(provider=provider, query_key=query_key, limit=limit, language=language)
    fresh_after = timezone.now() - timedelta(days=config["CACHE_DAYS"])
    cached = _cache_read(provider=provider, row_key=row_key, cipher=cipher, fresh_after=fresh_after)
    if cached is not None:
        return cached
    geolocator = _geolocator(config)  # made before taking a turn, so the turn is not spent setting it up
    try:
        _wait_for_provider_turn(config)
        # No retries and no swallowed errors: the caller decides (fall back to the gazetteer, or queue).
        locations = geolocator.geocode(
            query.strip(),
            exactly_one=False,
            limit=limit,
            country_codes="gr",
            viewbox=GREECE_VIEWBOX,
            bounded=True,
            language=language,
        )
    except (geopy_exc.GeocoderServiceError, OSError) as exc:
        # GeocoderServiceError covers timeouts, refused connections, HTTP errors (429, 5xx) and unreadable answers.
        logger.warning("geocoder %s unavailable: %s", provider, exc)  # never the question: it may be an address
        raise GeocoderUnavailable(str(exc) or type(exc).__name__) from exc
    candidates = [
        Candidate(
            label=location.address,
            lat=round(float(location.latitude), 7),
            lon=round(float(location.longitude), 7),
            source=provider,
            kind=str(location.raw.get("addresstype") or location.raw.get("type") or ""),
        )
        for location in locations or []
    ]
    sealed = cipher.encrypt(json.dumps([asdict(c) for c in candidates]).encode()).decode()
    GeocodeCacheEntry.objects.update_or_create(
        provider=provider, query_key=row_key, defaults={"results": sealed, "created_at": timezone.now()}
    )
    return candidates


def provider_search(*, query: str, limit: int = 5) -> list[Candidate]:
    """The configured provider's candidates inside Greece ([] when none is configured); raises GeocoderUnavailable."""
    if _provider_config()["PROVIDER"] == PROVIDER_NONE or limit < 1:
        return []
    language = "en" if _english() else "el"
    return _provider_query(query=query, limit=limit, language=language)


def geocode(*, query: str, limit: int = 10) -> tuple[list[Candidate], str | None]:
    """Gazetteer candidates first, then the provider's to fill up; the warning says when the provider was down."""
    candidates = gazetteer_search(query=query, limit=limit)
    missing = limit - len(candidates)
    if missing <= 0:
        return candidates, None
    try:
        found = provider_search(query=query, limit=min(limit, PROVIDER_MAX_LIMIT))
    except GeocoderUnavailable:
        return candidates, str(PROVIDER_DOWN_WARNING)
    known = {(c.lat, c.lon) for c in candidates}
    candidates += [c for c in found if (c.lat, c.lon) not in known][:missing]
    return candidates, None


def address_query(*, address_1: str, city: str = "", postal_code: str = "") -> str:
    """The free-text query sent to the provider for a street address ("Πανεπιστημίου 10, 10671 Αθήνα")."""
    postal_code = "".join(postal_code.split())
    place = " ".join(part for part in (postal_code, city.strip()) if part)
    return ", ".join(part for part in (address_1.strip(), place) if part)


def geocode_address(*, address_1: str, city: str = "", postal_code: str = "") -> Point | None:
    """A street address's point from the provider (None when it is not found); raises GeocoderUnavailable."""
    query = address_query(address_1=address_1, city=city, postal_code=postal_code)
    if not fold(address_1):
        return None
    found = _provider_query(query=query, limit=1, language="el")
    return found[0].point if found else None
