"""Reads of the privacy app: which saved searches are precise enough to point at a person's home."""

import re
from typing import Any
from urllib.parse import parse_qs

from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D

from accounts.models import Invitation, Profile, SavedSearch
from accounts.permissions import user_role
from boundaries.models import Place
from editing.models import ChangeRequest, Version
from feedback.models import ProblemReport
from geo_accmr.text import fold
from services.models import Metadata

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


def personal_data_export(*, user: Any) -> dict[str, Any]:
    """Everything the platform keeps about one person (the right of access): only their own rows."""
    profile = Profile.objects.filter(user=user).prefetch_related("organizations").first()
    return {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
        },
        "role": user_role(user),
        "organisations": [
            {"id": str(o.pk), "name_el": o.name_el, "name_en": o.name_en}
            for o in (profile.organizations.all() if profile else [])
        ],
        "saved_searches": list(SavedSearch.objects.filter(user=user).values("name", "query", "created_at")),
        "invitations_sent": [
            {
                "email": i.email,
                "role": i.role,
                "sent_at": i.sent_at,
                "accepted_at": i.accepted_at,
                "revoked_at": i.revoked_at,
            }
            for i in Invitation.objects.filter(invited_by=user)
        ],
        "invitation_received": list(
            Invitation.objects.filter(user=user).values("email", "role", "sent_at", "accepted_at")
        ),
        "problem_reports_sent": list(
            ProblemReport.objects.filter(contact_email__iexact=user.email).values("id", "kind", "text", "created_at")
            if user.email
            else []
        ),
        "changes": {
            "versions": list(
                Version.objects.filter(user=user).values(
                    "resource_type", "resource_id", "number", "created_at", "comment", "source"
                )
            ),
            "change_requests_submitted": list(
                ChangeRequest.objects.filter(submitted_by=user).values(
                    "id", "service_name", "status", "note", "submitted_at"
                )
            ),
            "change_requests_reviewed": list(
                ChangeRequest.objects.filter(reviewed_by=user).values(
                    "id", "service_name", "status", "review_comment", "reviewed_at"
                )
            ),
            "metadata": list(
                Metadata.objects.filter(user=user).values(
                    "resource_type", "resource_id", "last_action_date", "last_action_type", "field_name", "updated_by"
                )
            ),
            "problem_reports_resolved": list(
                ProblemReport.objects.filter(resolved_by=user).values("id", "resolved_at", "resolution_note")
            ),
        },
    }
