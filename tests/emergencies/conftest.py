"""An emergency over two Athens communities (1st and 2nd) with its offers, and the people who write them."""

from datetime import datetime
from typing import Any

import pytest
from django.contrib.gis.geos import Point

from accounts.models import Role
from boundaries.models import Area
from emergencies.models import Emergency, EmergencyKind, EmergencyOffer, OfferKind, OfferStatus
from geo_accmr.geo import ATHENS
from tests.editing.conftest import caseworker, coordinator, editor_a, make_user, org_a, org_b  # noqa: F401
from tests.factories import OrganizationFactory

START = datetime(2026, 7, 10, 8, 0, tzinfo=ATHENS)
END = datetime(2026, 7, 13, 20, 0, tzinfo=ATHENS)
DURING = datetime(2026, 7, 11, 12, 0, tzinfo=ATHENS)
AFTER = datetime(2026, 7, 13, 20, 0, tzinfo=ATHENS)  # the end itself: no longer active
BEFORE = datetime(2026, 7, 9, 12, 0, tzinfo=ATHENS)


def inside(code: str) -> Point:
    """A point inside an area (on its surface)."""
    return Area.objects.get(code=code).geom.point_on_surface


def offer(emergency: Emergency, organization: Any, **kwargs: Any) -> EmergencyOffer:
    values: dict[str, Any] = {
        "kind": OfferKind.COOLING,
        "name_el": "Κλιματιζόμενη αίθουσα",
        "name_en": "Cooling hall",
        "area": Area.objects.get(code="athens-dk-1"),
        "point": inside("athens-dk-1"),
        "address": "Ακαδημίας 50",
        "hours": "10:00–22:00",
        "status": OfferStatus.PUBLISHED,
    }
    values.update(kwargs)
    return EmergencyOffer.objects.create(emergency=emergency, organization=organization, **values)


@pytest.fixture
def heatwave(db: Any) -> Emergency:
    emergency = Emergency.objects.create(
        kind=EmergencyKind.HEATWAVE,
        title_el="Καύσωνας Ιουλίου",
        title_en="July heatwave",
        starts_at=START,
        ends_at=END,
    )
    emergency.areas.set(Area.objects.filter(code__in=["athens-dk-1", "athens-dk-2"]))
    return emergency


@pytest.fixture
def org_c(db: Any) -> Any:
    return OrganizationFactory(name="Οργάνωση Γ", name_el="Οργάνωση Γ", name_en="Organisation C")


@pytest.fixture
def editor_c(org_c: Any) -> Any:
    return make_user("editor_c", Role.EDITOR, [org_c])
