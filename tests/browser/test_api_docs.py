"""/api/docs/ renders the OpenAPI document with Swagger UI served from our own static files (no CDN)."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_every_endpoint_from_our_own_static_files(page: Page, live_server) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(live_server.url + "/api/docs/")
    for path in ["/api/nearby/", "/api/map/", "/api/areas/", "/api/geocode/", "/export/services.csv",
                 "/ogc/collections/services/items"]:  # fmt: skip
        expect(page.locator(f".opblock-summary-path[data-path='{path}']").first).to_be_visible()
    page.locator(".opblock-summary-path[data-path='/api/nearby/']").first.click()
    expect(page.get_by_text("NearbyFeatureCollection").first).to_be_attached()
    screenshot(page, "api-docs")
    assert hosts == {urlparse(live_server.url).netloc}
