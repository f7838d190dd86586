"""The pages load in a real browser, in Greek by default and in English on request."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.factories import ServiceAtLocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_shows_the_map_with_area_outlines_in_greek(page: Page, live_server, live_reference_data) -> None:
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "el")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Βρείτε")
    expect(page.locator("#map")).to_have_attribute("data-areas-loaded", "7")
    # one short credits line on the map, linking to the footer's full credits
    expect(page.locator(".leaflet-control-attribution a[href='#data-credits']")).to_have_text("Πηγές δεδομένων")
    expect(page.locator("#data-credits")).to_contain_text("Athens GIS Repository")
    screenshot(page, "home-el")


def test_language_switch_to_english_and_back(page: Page, live_server, live_reference_data) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Find services")
    screenshot(page, "home-en")
    page.get_by_role("button", name="Ελληνικά").click()
    expect(page.locator("html")).to_have_attribute("lang", "el")


def test_admin_lists_locations_on_a_map(page: Page, live_server, live_reference_data) -> None:
    for _ in range(3):
        ServiceAtLocationFactory()
    get_user_model().objects.create_superuser("coordinator", "c@example.org", "a-long-test-password")
    page.goto(live_server.url + "/en/admin/services/location/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#admin-locations-map")).to_have_attribute("data-markers", "3")
    screenshot(page, "admin-locations-map")


def test_language_switch_keeps_the_page_and_its_query(page: Page, live_server, live_reference_data) -> None:
    page.goto(live_server.url + "/coverage/?level=community")
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/coverage/\?level=community(&|$)"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Ελληνικά").click()
    expect(page).to_have_url(re.compile(r"[0-9]/coverage/\?level=community(&|$)"))
    expect(page.locator("html")).to_have_attribute("lang", "el")
