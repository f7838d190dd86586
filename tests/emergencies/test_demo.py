"""Demo data: seed_demo adds one past emergency (in the history) and one active one, both labelled as demo; seeding
again replaces them and leaves real emergencies alone."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from emergencies.demo import emergency_demo_seed
from emergencies.models import Emergency, EmergencyOffer, OfferStatus
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_demo_emergencies_are_labelled_and_replaced(client: Any, heatwave: Emergency) -> None:
    assert emergency_demo_seed() == 0  # no demo organisations: nothing to offer with
    OrganizationFactory(name="[ΔΟΚΙΜΑΣΤΙΚΟ] Ένωση", name_el="[ΔΟΚΙΜΑΣΤΙΚΟ] Ένωση", name_en="[DEMO] Union")
    assert emergency_demo_seed() == 2
    assert emergency_demo_seed() == 2
    now = timezone.now()
    demo = Emergency.objects.filter(demo=True)
    assert demo.count() == 2 and Emergency.objects.filter(pk=heatwave.pk).exists()
    (past,) = demo.ended(now)
    (active,) = demo.active(now)
    assert past.title_el.startswith("[ΔΟΚΙΜΑΣΤΙΚΟ]") and active.title_en.startswith("[DEMO]")
    assert EmergencyOffer.objects.filter(emergency__demo=True, status=OfferStatus.PENDING).count() == 1
    assert all(
        o.area.geom.covers(o.point) for o in EmergencyOffer.objects.filter(point__isnull=False, emergency__demo=True)
    )
    listing = client.get(reverse("emergencies:list")).content.decode()
    assert past.title_el in listing.split('id="history"')[1]
    assert active.title_el in listing.split('id="active"')[1].split('id="history"')[0]
    assert "Επίδειξη" in listing
