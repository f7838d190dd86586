"""The service and organisation pages' small maps: one short credits line that covers no marker, linking to the
footer's full credits; the service page says its freshness once."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from playwright.sync_api import Page, expect

from services.models import Service
from tests.browser.conftest import axe_serious_violations, screenshot
from tests.factories import OrganizationFactory, ServiceAtLocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}


@pytest.fixture
def places(live_reference_data) -> Service:
    """A service at two places far apart north to south, so fitting them puts a marker at the map's bottom edge;
    its details need re-confirmation."""
    org = OrganizationFactory(name="Δίκτυο Στήριξης", name_en="Support Network")
    north = ServiceAtLocationFactory(
        service__organization=org,
        service__name="Νομική συμβουλευτική",
        service__name_en="Legal advice",
        location__name="Γραφείο Κυψέλης",
        location__point=Point(23.7390, 38.0010, srid=4326),
    )
    ServiceAtLocationFactory(
        service=north.service, location__name="Γραφείο Πειραιά", location__point=Point(23.6470, 37.9420, srid=4326)
    )
    Service.objects.filter(pk=north.service.pk).update(assured_date=timezone.localdate() - timedelta(days=250))
    return north.service


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def assert_credits_clear_of_markers(page: Page, markers: int) -> None:
    expect(page.locator(".leaflet-container")).to_have_attribute("data-markers", str(markers))
    credits = page.locator(".leaflet-control-attribution")
    expect(credits.get_by_role("link")).to_have_attribute("href", "#data-credits")
    box = credits.bounding_box()
    assert box is not None and box["height"] < 24, box  # one line
    shapes = page.locator(".leaflet-container path.leaflet-interactive")
    expect(shapes).to_have_count(markers)
    for shape in shapes.all():
        marker = shape.bounding_box()
        assert marker is not None and not overlaps(marker, box), (marker, box)
    # the full credits are on the page, where the link leads
    expect(page.locator("#data-credits")).to_contain_text("CC BY 4.0")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["el", "en"])
def test_service_page_credits_and_freshness_said_once(page: Page, live_server, places, language, viewport) -> None:  # noqa: ANN001
    page.set_viewport_size(viewport)
    prefix = "/en" if language == "en" else ""
    page.goto(f"{live_server.url}{prefix}/services/{places.pk}/")
    assert_credits_clear_of_markers(page, 2)
    # the map (and its credits) end above the first place's name: django-leaflet's 300 px minimum overflowed it
    name = page.locator(".location h3").first.bounding_box()
    for box in (
        page.locator(".leaflet-container").bounding_box(),
        page.locator(".leaflet-control-attribution").bounding_box(),
    ):
        assert box is not None and name is not None and box["y"] + box["height"] <= name["y"], (box, name)
    stale = "Needs re-confirmation" if language == "en" else "Χρειάζεται επανεπιβεβαίωση"
    expect(page.locator("main")).to_contain_text(stale)
    assert page.locator("main").inner_text().count(stale) == 1
    confirmed = "last confirmed" if language == "en" else "επιβεβαιώθηκαν τελευταία"
    assert page.locator("main").inner_text().lower().count(confirmed) == 1
    assert page.locator(".result__verified").count() == 0
    assert axe_serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"service-map-{language}-{'phone' if viewport is PHONE else 'desktop'}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["el", "en"])
def test_organisation_page_credits_clear_of_markers(page: Page, live_server, places, language, viewport) -> None:  # noqa: ANN001
    Service.objects.filter(pk=places.pk).update(assured_date=timezone.localdate())
    page.set_viewport_size(viewport)
    prefix = "/en" if language == "en" else ""
    page.goto(f"{live_server.url}{prefix}/organisations/{places.organization_id}/")
    assert_credits_clear_of_markers(page, 2)
    assert axe_serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"organisation-map-{language}-{'phone' if viewport is PHONE else 'desktop'}")
