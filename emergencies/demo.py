"""Demo emergencies for `seed_demo`, labelled as demo like the demo directory: one past emergency in the history
and one active now, each with a few offers of the demo organisations (a shelter by area only, one offer waiting for
review). Seeding again replaces the demo emergencies; real ones are never touched."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from boundaries.models import Area
from services.actions.demo import DEMO_LABEL_EL, DEMO_LABEL_EN
from services.models import Organization

from .models import Emergency, EmergencyKind, EmergencyOffer, OfferKind, OfferStatus

# (kind, Greek name, English name, lon, lat or None for a shelter, area code, hours, status)
ACTIVE_OFFERS = [
    (OfferKind.COOLING, "Κλιματιζόμενη αίθουσα Δημαρχείου", "City Hall cooling room", 23.7275, 37.9838, "athens-dk-1",
     "10:00–22:00", OfferStatus.PUBLISHED),
    (OfferKind.FOOD_WATER, "Διανομή νερού Πλατείας Βικτωρίας", "Water at Victoria Square", 23.7305, 37.9930,
     "athens-dk-6", "09:00–21:00", OfferStatus.PUBLISHED),
    (OfferKind.MEDICAL, "Ιατρείο θερμοπληξίας", "Heatstroke first aid", 23.7440, 37.9680, "athens-dk-2",
     "12:00–20:00", OfferStatus.PUBLISHED),
    (OfferKind.SHELTER, "Προσωρινή φιλοξενία για ευάλωτους", "Temporary shelter for vulnerable people", None, None,
     "athens-dk-2", "00:00–24:00", OfferStatus.PUBLISHED),
    (OfferKind.INFORMATION, "Σημείο ενημέρωσης στην Ομόνοια", "Information point at Omonia", 23.7281, 37.9842,
     "athens-dk-1", "10:00–18:00", OfferStatus.PENDING),
]  # fmt: skip
PAST_OFFERS = [
    (OfferKind.WARMING, "Θερμαινόμενη αίθουσα Κυψέλης", "Kypseli warming room", 23.7390, 38.0030, "athens-dk-6",
     "00:00–24:00", OfferStatus.PUBLISHED),
    (OfferKind.FOOD_WATER, "Ζεστά γεύματα Πατησίων", "Hot meals in Patisia", 23.7350, 38.0180, "athens-dk-5",
     "12:00–15:00", OfferStatus.PUBLISHED),
    (OfferKind.SHELTER, "Προσωρινή φιλοξενία ψύχους", "Cold-weather temporary shelter", None, None, "athens-dk-5",
     "20:00–08:00", OfferStatus.PUBLISHED),
]  # fmt: skip


def _offers(emergency: Emergency, organizations: list[Organization], rows: list[tuple], user: Any) -> None:
    areas = {area.code: area for area in Area.objects.filter(code__in={row[5] for row in rows})}
    for number, (kind, name_el, name_en, lon, lat, code, hours, status) in enumerate(rows):
        area = areas[code]
        point = Point(lon, lat, srid=4326) if lon is not None else None
        if point is not None:  # keep the offer inside its area whatever the reference data's borders
            covering = Area.objects.covering(point).filter(level__in=("community", "municipality")).order_by("level")
            area = covering.first() or area
        EmergencyOffer.objects.create(
            emergency=emergency, organization=organizations[number % len(organizations)], kind=kind,
            name_el=f"{DEMO_LABEL_EL} {name_el}", name_en=f"{DEMO_LABEL_EN} {name_en}", area=area, point=point,
            address="", phone="", hours=hours, status=status, submitted_by=user,
            reviewed_by=user if status == OfferStatus.PUBLISHED else None,
        )  # fmt: skip


def _emergency(kind: str, title_el: str, title_en: str, starts: datetime, ends: datetime, codes: list[str],
               user: Any) -> Emergency:  # fmt: skip
    emergency = Emergency.objects.create(
        kind=kind, title_el=f"{DEMO_LABEL_EL} {title_el}", title_en=f"{DEMO_LABEL_EN} {title_en}",
        description_el="Φανταστική έκτακτη ανάγκη για επίδειξη.", description_en="A fictional emergency, for the demo.",
        starts_at=starts, ends_at=ends, demo=True, created_by=user,
    )  # fmt: skip
    emergency.areas.set(Area.objects.filter(code__in=codes))
    return emergency


@transaction.atomic
def emergency_demo(*, organization: Organization, user: Any = None, now: datetime | None = None) -> Emergency:
    """An active demo heatwave over the 1st, 2nd and 6th communities of Athens, with its offers."""
    now = now or timezone.now()
    emergency = _emergency(
        EmergencyKind.HEATWAVE, "Καύσωνας", "Heatwave", now - timedelta(days=1), now + timedelta(days=3),
        ["athens-dk-1", "athens-dk-2", "athens-dk-6"], user,
    )  # fmt: skip
    _offers(emergency, [organization], ACTIVE_OFFERS, user)
    return emergency


@transaction.atomic
def emergency_demo_seed(*, now: datetime | None = None) -> int:
    """Replace the demo emergencies: one past (in the history) and one active. Returns how many were made (0 when
    there are no demo organisations)."""
    now = now or timezone.now()
    organizations = list(Organization.objects.filter(name_el__startswith=DEMO_LABEL_EL).order_by("id")[:4])
    if not organizations:
        return 0
    Emergency.objects.filter(demo=True).delete()
    past = _emergency(
        EmergencyKind.COLD_SPELL, "Κύμα ψύχους", "Cold spell", now - timedelta(days=60), now - timedelta(days=55),
        ["athens-dk-5", "athens-dk-6"], None,
    )  # fmt: skip
    _offers(past, organizations, PAST_OFFERS, None)
    active = emergency_demo(organization=organizations[0], now=now)
    active.offers.update(organization=organizations[-1])
    return 2
