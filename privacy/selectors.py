"""Reads of the privacy app: which saved searches are precise enough to point at a person's home."""

import re
from urllib.parse import parse_qs

from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D

from boundaries.models import Place
from geo_accmr.text import fold

# More than 3 decimals of a degree is finer than ~100 m (0.001° of latitude ≈ 111 m): a street, a door.
PRECISE_DECIMALS = re.compile(r"^-?\d+\.\d{4,}$")
# A named place's point in the URL is the gazetteer's own; allow for rounding of it on the page.
NAMED_PLACE_TOLERANCE = D(m=100)


def _gazetteer_places(text: str) -> list[Place]:
    """Gazetteer entries (areas, neighbourhoods, landmarks) one of whose names is exactly `text` (or its first part,
    as the page labels a place "Κυψέλη, Αθήνα")."""
    keys = {fold(text), fold(text.split(",")[0])} - {""}
    found: list[Place] = []
    for key in keys:  # folded keys hold only [0-9a-z ]: no regex escaping needed
        found += Place.objects.filter(search_text__regex=rf"(^|\n){key}(\n|$)")
    return found


def saved_search_is_precise(*, query: str) -> bool:
    """True when a saved search holds a street address or a point finer than ~100 m: something that can be a
    client's home. A place or area of the gazetteer by name (with its own point) is not."""
    params = parse_qs(query, keep_blank_values=False)
    place = (params.get("place") or [""])[0].strip()
    lat, lon = (params.get("lat") or [""])[0].strip(), (params.get("lon") or [""])[0].strip()
    named = _gazetteer_places(place) if place else []
    if place and not named:
        return True  # free text the gazetteer does not know: an address
    if not (PRECISE_DECIMALS.match(lat) or PRECISE_DECIMALS.match(lon)):
        return False
    try:
        point = Point(float(lon), float(lat), srid=4326)
    except ValueError:
        return True
    near_named = Place.objects.filter(pk__in=[p.pk for p in named], point__distance_lte=(point, NAMED_PLACE_TOLERANCE))
    return not near_named.exists()
