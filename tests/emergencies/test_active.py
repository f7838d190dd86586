"""Acceptance: an emergency declared over two communities shows its banner for a place inside them and not outside,
its services in the filter, and everything expires at its end by itself (frozen clock, nothing run at the end)."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boundaries.models import Area
from emergencies.models import Emergency, EmergencyKind, OfferKind, OfferStatus
from emergencies.selectors import any_active, emergencies_at, offers_near
from search.actions.directory import directory_stamp

from .conftest import AFTER, BEFORE, DURING, inside, offer

pytestmark = pytest.mark.django_db


def search(client: Any, point: Point, **params: str) -> str:
    response = client.get(reverse("services:home"), {"lat": f"{point.y:.6f}", "lon": f"{point.x:.6f}", **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def offers(heatwave: Emergency, org_a: Any) -> dict[str, Any]:
    return {
        "cooling": offer(heatwave, org_a),
        "shelter": offer(
            heatwave,
            org_a,
            kind=OfferKind.SHELTER,
            name_el="Προσωρινή φιλοξενία",
            name_en="Temporary shelter",
            area=Area.objects.get(code="athens-dk-2"),
            point=None,
            address="",
        ),  # fmt: skip
        "pending": offer(heatwave, org_a, name_el="Σημείο νερού σε αναμονή", status=OfferStatus.PENDING),
        "short": offer(heatwave, org_a, name_el="Ιατρείο μιας μέρας", kind=OfferKind.MEDICAL, ends_at=DURING),
    }


def test_banner_inside_the_two_communities_and_not_outside(client: Any, heatwave: Emergency) -> None:
    with time_machine.travel(DURING, tick=False):
        for code in ("athens-dk-1", "athens-dk-2"):
            page = search(client, inside(code))
            assert 'id="emergency-banner"' in page and "Καύσωνας Ιουλίου" in page
        outside = search(client, inside("athens-dk-5"))
        assert 'id="emergency-banner"' not in outside and "Καύσωνας Ιουλίου" not in outside
        piraeus = Area.objects.get(code="gr-9205").geom.point_on_surface
        assert emergencies_at(point=piraeus) == []
        english = client.get(
            reverse("services:home").replace("/", "/en/", 1),
            {"lat": inside("athens-dk-1").y, "lon": inside("athens-dk-1").x},
        ).content.decode()
        assert "July heatwave" in english


def test_filter_lists_the_active_services(client: Any, offers: dict[str, Any]) -> None:
    at_dk1 = inside("athens-dk-1")
    with time_machine.travel(BEFORE, tick=False):
        assert 'id="emergency-banner"' not in search(client, at_dk1)
        assert offers_near(point=at_dk1, radius_m=5000) == []
    with time_machine.travel(DURING.replace(hour=9), tick=False):  # before the one-day medical point ends at noon
        page = search(client, at_dk1, emergency="1")
        assert 'id="emergency-results"' in page
        assert "Κλιματιζόμενη αίθουσα" in page and "Ιατρείο μιας μέρας" in page
        assert "Σημείο νερού σε αναμονή" not in page  # waiting for review
        assert "Προσωρινή φιλοξενία" not in page  # a shelter in the 2nd community: listed only for a place there
        assert "Προσωρινή φιλοξενία" in search(client, inside("athens-dk-2"), emergency="1")
        assert 'id="emergency-results"' not in search(client, at_dk1)  # the filter off: no emergency list
    with time_machine.travel(DURING, tick=False):  # the medical point has reached its own end
        page = search(client, at_dk1, emergency="1")
        assert "Κλιματιζόμενη αίθουσα" in page and "Ιατρείο μιας μέρας" not in page


def test_everything_expires_at_the_end_and_stays_in_history(client: Any, heatwave: Emergency, offers: Any) -> None:
    with time_machine.travel(AFTER, tick=False):
        page = search(client, inside("athens-dk-1"), emergency="1")
        assert 'id="emergency-banner"' in page  # the filter stays visible to untick while it is in the URL
        assert "Καύσωνας Ιουλίου" not in page and "Κλιματιζόμενη αίθουσα" not in page
        assert 'id="emergency-banner"' not in search(client, inside("athens-dk-1"))
        assert list(Emergency.objects.active(AFTER)) == []
        listing = client.get(reverse("emergencies:list")).content.decode()
        history = listing.split('id="history"', 1)[1]
        assert "Καύσωνας Ιουλίου" in history
        detail = client.get(reverse("emergencies:detail", args=[heatwave.pk])).content.decode()
        assert "Τι προσφέρθηκε" in detail and "Κλιματιζόμενη αίθουσα" in detail and "Σημείο νερού" not in detail
        response = client.get(reverse("emergencies:geojson", args=[heatwave.pk]))
        assert response["Content-Type"] == "application/geo+json"
        geojson = response.json()
        areas = [f for f in geojson["features"] if f["properties"]["feature"] == "area"]
        assert sorted(f["properties"]["code"] for f in areas) == ["athens-dk-1", "athens-dk-2"]
        assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") and f["geometry"]["coordinates"] for f in areas)
        assert geojson["emergency"]["status"] == "ended"
        offered = [f for f in geojson["features"] if f["properties"]["feature"] == "offer"]
        assert len(offered) == 3 and not any(f["properties"]["active"] for f in offered)


def test_an_ended_emergency_without_offers_says_nothing_was_offered(client: Any, heatwave: Emergency) -> None:
    url = reverse("emergencies:detail", args=[heatwave.pk])
    with time_machine.travel(DURING, tick=False):
        assert "Δεν υπάρχει ακόμη καμία υπηρεσία έκτακτης ανάγκης." in client.get(url).content.decode()
    with time_machine.travel(AFTER, tick=False):
        assert "Δεν προσφέρθηκε τίποτα." in client.get(url).content.decode()


def test_whether_any_emergency_runs_is_cached_until_an_emergency_changes(heatwave: Emergency) -> None:
    """The search page asks nothing about emergencies while none runs: the answer is cached under the directory
    stamp (one read the page makes anyway), and declaring, moving or ending an emergency changes that stamp."""
    with time_machine.travel(DURING, tick=False):
        assert any_active(stamp=directory_stamp())
        with CaptureQueriesContext(connection) as queries:
            assert any_active(stamp=directory_stamp())
        assert len(queries) == 1  # the stamp itself
        heatwave.ends_at = DURING - timedelta(hours=1)  # ended early
        heatwave.save()
        assert not any_active(stamp=directory_stamp())
        with CaptureQueriesContext(connection) as queries:
            assert not any_active(stamp=directory_stamp())
        assert len(queries) == 1
        declared = Emergency.objects.create(
            kind=EmergencyKind.FLOOD, title_el="Πλημμύρα", title_en="Flood", starts_at=BEFORE, ends_at=AFTER
        )
        assert any_active(stamp=directory_stamp())
        declared.delete()
        assert not any_active(stamp=directory_stamp())
    with time_machine.travel(AFTER, tick=False):
        assert not any_active(stamp=directory_stamp())


def test_the_banner_and_the_place_name_share_one_read_of_the_covering_areas(
    client: Any, heatwave: Emergency, django_assert_num_queries: Any
) -> None:
    """With an emergency running, the search page reads the areas covering the place once, for its name and for the
    banner (the emergencies themselves are cached under the directory stamp)."""
    from tests.factories import ServiceAtLocationFactory

    here, outside = inside("athens-dk-1"), inside("athens-dk-5")
    ServiceAtLocationFactory(location__point=Point(here.x + 0.001, here.y, srid=4326))
    with time_machine.travel(DURING, tick=False):
        search(client, here)  # reads the form's choices and the emergencies once
        # the directory stamp, the covering areas, the nearest services with their hours today
        with django_assert_num_queries(3):
            page = search(client, here)
        assert 'id="emergency-banner"' in page and "Καύσωνας Ιουλίου" in page
        with django_assert_num_queries(3):
            page = search(client, outside)
        assert 'id="emergency-banner"' not in page
        heatwave.areas.add(Area.objects.get(code="athens-dk-5"))  # a change: read again, at once
        assert "Καύσωνας Ιουλίου" in search(client, outside)
    with time_machine.travel(AFTER, tick=False):
        assert 'id="emergency-banner"' not in search(client, here)
