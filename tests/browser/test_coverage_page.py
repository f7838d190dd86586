"""The coverage page's details: legend classes that do not collapse, worst first, each figure once, names not codes."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_coverage import athens_services  # noqa: F401 - the fixture, shared

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREAKS = "async (values) => (await import('/static/js/coverage_classes.js')).classBreaks(values)"


def test_class_breaks_keep_the_zeros_apart_and_never_collapse(page: Page, live_server, live_reference_data) -> None:
    page.goto(live_server.url + "/en/coverage/")
    # most areas have nobody far away (0 %): quantiles alone gave [0, 1], "≤ 0 % / 0 % – 100 %"
    assert page.evaluate(BREAKS, [0] * 9 + [0.1, 0.5, 1]) == [0, 0.1, 0.5, 1]
    assert page.evaluate(BREAKS, list(range(1, 11))) == [2, 4, 6, 8, 10]
    assert page.evaluate(BREAKS, [0, 0, 1]) == [0, 1]
    assert page.evaluate(BREAKS, [None, 3]) == [3]


def test_worst_first_each_figure_once_and_level_change(page: Page, live_server, athens_services) -> None:  # noqa: F811
    page.goto(live_server.url + "/en/coverage/?level=community")
    expect(page.locator("#coverage-map")).to_have_attribute("data-loading", "false", timeout=60000)
    # the default indicator is the median distance: the farthest areas first
    expect(page.locator("#coverage-table th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    expect(page.locator("#coverage-table th[aria-sort] button")).to_have_text("Median distance")
    distances = page.locator("#coverage-table tbody tr td:nth-of-type(5)").all_inner_texts()
    metres = [float(d.split()[0].replace(",", "")) * (1000 if d.endswith("km") else 1) for d in distances if d != "—"]
    assert metres == sorted(metres, reverse=True)
    # the chosen distance is 1 km: "Farther than 1 km" once, in the totals and in the table
    expect(page.locator("#coverage-totals dt", has_text="Farther than 1 km")).to_have_count(1)
    expect(page.locator("#coverage-table thead th:visible", has_text="Farther than 1 km")).to_have_count(1)
    page.locator("#cov-beyond").select_option("2000")
    expect(page.locator("#coverage-table thead th:visible", has_text="Farther than 2 km")).to_have_count(1)
    screenshot(page, "coverage-worst-first-en")
    # municipalities of the default city would be one row: the Cities Network instead
    page.locator("#cov-level").select_option("municipality")
    expect(page.locator("#cov-city")).to_have_value("cni")
    expect(page.locator("#coverage-map")).to_have_attribute("data-loading", "false", timeout=60000)
    assert page.locator("#coverage-table tbody tr").count() > 1
