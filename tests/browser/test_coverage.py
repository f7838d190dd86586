"""Planner dashboard in a real browser: switch level and category, see map and table change, download the CSV."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.factories import ServiceAtLocationFactory, term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def athens_services(live_reference_data) -> None:
    """Legal aid in the centre of Athens, health in the north: the two categories colour different places."""
    for n in range(6):
        ServiceAtLocationFactory(
            service__categories=[term("legal-aid")], location__point=Point(23.728 + n * 0.002, 37.978, srid=4326)
        )
    for n in range(4):
        ServiceAtLocationFactory(
            service__categories=[term("primary-health")],
            location__point=Point(23.735 + n * 0.002, 38.005, srid=4326),
        )


def table_services(page: Page) -> dict[str, str]:
    rows = page.locator("#coverage-table tbody tr")
    return {row.locator("th").inner_text(): row.locator("td").nth(1).inner_text() for row in rows.all()}


def test_switch_level_and_category_then_download_csv(page: Page, live_server, athens_services) -> None:
    page.goto(live_server.url + "/en/coverage/")
    the_map = page.locator("#coverage-map")
    expect(the_map).to_have_attribute("data-loading", "false", timeout=60000)
    expect(the_map).to_have_attribute("data-areas", "145")
    expect(page.locator("#coverage-table tbody tr")).to_have_count(145)
    expect(page.locator("#population-note")).to_be_visible()
    expect(page.locator("#coverage-legend")).to_be_visible()
    assert int(the_map.get_attribute("data-cells")) > 0

    page.locator("#cov-level").select_option("community")
    expect(the_map).to_have_attribute("data-level", "community", timeout=60000)
    expect(the_map).to_have_attribute("data-loading", "false", timeout=60000)
    expect(the_map).to_have_attribute("data-areas", "7")
    expect(page.locator("#coverage-table tbody tr")).to_have_count(7)
    everything = table_services(page)
    assert sum(int(v) for v in everything.values()) == 10

    page.locator("#cov-category").select_option("legal-aid")
    page.wait_for_url("**category=legal-aid**")
    expect(the_map).to_have_attribute("data-loading", "false", timeout=60000)
    page.wait_for_function("() => document.querySelector('#coverage-totals dd:nth-of-type(2)').textContent === '6'")
    legal = table_services(page)
    assert legal != everything and sum(int(v) for v in legal.values()) == 6

    # sort by services: most first, then a second click for fewest first
    sort = page.locator('button[data-sort="services"]')
    sort.click()
    expect(page.locator("#coverage-table th[aria-sort=descending]")).to_have_count(1)
    first = page.locator("#coverage-table tbody tr").first.locator("td").nth(1).inner_text()
    assert int(first) == max(int(v) for v in legal.values())
    sort.click()
    first = page.locator("#coverage-table tbody tr").first.locator("td").nth(1).inner_text()
    assert int(first) == min(int(v) for v in legal.values())
    screenshot(page, "coverage-communities-legal-aid")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    text = open(download.path(), encoding="utf-8-sig").read()
    lines = list(csv.reader(io.StringIO(text)))
    assert len(lines) == 8
    assert sum(int(line[3]) for line in lines[1:]) == 6

    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#compare-table")).to_be_visible(timeout=60000)
    expect(page.locator("#compare-table tbody tr")).to_have_count(8)


def test_greek_page_and_unmet_need_button_on_the_search_page(page: Page, live_server, athens_services) -> None:
    page.goto(live_server.url + "/coverage/")
    expect(page.get_by_role("heading", name="Κάλυψη υπηρεσιών")).to_be_visible()
    expect(page.locator("#coverage-map")).to_have_attribute("data-loading", "false", timeout=60000)
    screenshot(page, "coverage-neighbourhoods-el")

    # unmet need is counted for signed-in caseworkers only
    get_user_model().objects.create_user("caseworker", password="caseworker-password-1")
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Username or email").fill("caseworker")
    page.get_by_label("Password").fill("caseworker-password-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(live_server.url + "/?lat=38.0005&lon=23.7420&category=greek-language&radius_m=500")
    # nothing is counted until the caseworker says so (a reload or a shared link counts nothing)
    expect(page.locator("#unmet-need-done")).to_be_hidden()
    page.get_by_role("button", name="Καμία κατάλληλη υπηρεσία").click()
    expect(page.locator("#unmet-need")).to_have_attribute("data-recorded", "no_results")
    expect(page.locator("#unmet-need-done")).to_be_visible()
    screenshot(page, "search-nothing-found-unmet-need")
    # the same search with the map panned elsewhere (its view is in `map=`) is not a new search: nothing to count again
    page.goto(
        live_server.url + "/?lat=38.0005&lon=23.7420&category=greek-language&radius_m=500&map=15/38.00100/23.74300"
    )
    expect(page.get_by_role("button", name="Καμία κατάλληλη υπηρεσία")).to_be_disabled()
    page.goto(live_server.url + "/coverage/?level=neighbourhood&indicator=unmet_need")
    expect(page.locator("#unmet-table tbody tr")).to_have_count(1, timeout=60000)
    expect(page.locator("#unmet-table tbody tr td").nth(1)).to_have_text("Μαθήματα ελληνικών")  # a name, not the code
