"""Every page runs under a Content Security Policy with no inline script, and still works."""

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.factories import ServiceAtLocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_under_the_policy(page: Page, live_server, live_reference_data) -> None:
    sal = ServiceAtLocationFactory(location__point=Point(23.7275, 37.9838, srid=4326))
    response = page.goto(live_server.url + "/?lat=37.98&lon=23.73")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    expect(page.locator("#map.leaflet-container")).to_be_visible()  # started by leaflet_init.js, not inline
    expect(page.locator("#map")).to_have_attribute("data-areas-loaded", "7")
    page.goto(f"{live_server.url}/en/services/{sal.service_id}/")
    expect(page.locator("#detail-map.leaflet-container")).to_be_visible()
    screenshot(page, "detail-under-csp")
    page.goto(f"{live_server.url}/services/{sal.service_id}/referral/")
    expect(page.locator("img, svg").first).to_be_visible()
    page.goto(live_server.url + "/api/docs/")
    expect(page.locator(".swagger-ui")).to_be_visible()
    expect(page.get_by_text("/api/nearby/").first).to_be_visible()
    screenshot(page, "api-docs-under-csp")


IMG = "<img src=x id=injected>"
LINK = "<a href=//evil.example id=evil>x</a>"


def assert_tooltip_is_text(page: Page, *expected: str, selector: str = ".leaflet-tooltip") -> None:
    """The open tooltip (or popup) shows the names' markup as characters; no element of it reached the page."""
    tooltip = page.locator(selector)
    expect(tooltip).to_be_visible()
    for text in expected:
        expect(tooltip).to_contain_text(text)
    expect(page.locator("#injected, img[src='x']")).to_have_count(0)
    expect(page.locator("#evil, a[href*='evil.example']")).to_have_count(0)


def test_names_in_map_tooltips_are_text_not_markup(page: Page, live_server, live_reference_data) -> None:
    """An organisation editor's name with markup in it shows as text on every caseworker's map (issue 19, item 6)."""
    sal = ServiceAtLocationFactory(
        service__name=f"Legal {IMG}",
        service__name_el=f"Νομική {IMG}",
        service__name_en=f"Legal {IMG}",
        service__organization__name=f"Org {LINK}",
        service__organization__name_el=f"Οργάνωση {LINK}",
        service__organization__name_en=f"Org {LINK}",
        location__name=f"Place {LINK} {IMG}",
        location__name_el=f"Τόπος {LINK} {IMG}",
        location__name_en=f"Place {LINK} {IMG}",
        location__point=Point(23.7275, 37.9838, srid=4326),
    )
    page.goto(live_server.url + "/?lat=37.9838&lon=23.7275")
    expect(page.locator("#map")).to_have_attribute("data-markers", "1")
    page.locator(".result .show-on-map").first.click()  # the list row opens its marker's popup
    assert_tooltip_is_text(page, f"Νομική {IMG}", f"Οργάνωση {LINK}", selector=".leaflet-popup-content")
    screenshot(page, "tooltip-markup-search")

    page.goto(f"{live_server.url}/services/{sal.service_id}/")
    expect(page.locator("#detail-map")).to_have_attribute("data-markers", "1")
    page.locator("#detail-map path.leaflet-interactive").hover()
    assert_tooltip_is_text(page, f"Τόπος {LINK} {IMG}")
    screenshot(page, "tooltip-markup-detail")
