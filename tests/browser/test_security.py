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
