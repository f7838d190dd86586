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


CAPTURE_MAP = "window.addEventListener('map:init', (event) => { window.coverageMap = event.detail.map; });"
FRAME = """() => {
  const map = window.coverageMap;
  let areas = null;
  map.eachLayer((layer) => {
    if (!(layer instanceof L.Polygon)) return;
    const b = layer.getBounds();
    areas = areas ? areas.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
  });
  const view = map.getBounds();
  const span = (b) => [b.getEast() - b.getWest(), b.getNorth() - b.getSouth()];
  return { contains: view.contains(areas), view: span(view), areas: span(areas) };
}"""


@pytest.mark.parametrize(
    ("query", "language", "width"),
    [
        ("level=community", "en", 1280),
        ("level=community", "el", 360),
        ("level=municipality&city=cni", "el", 1280),
        ("level=municipality&city=cni", "en", 360),
    ],
)
def test_the_map_is_fitted_to_the_areas_shown(
    page: Page,
    live_server,  # noqa: ANN001
    athens_services,  # noqa: F811
    query: str,
    language: str,
    width: int,
) -> None:
    """The chosen areas fill the frame: all of them in view, and in the direction that sets the zoom they span nearly
    all of it (whole zoom levels left Athens's communities in a fifth of the frame: 3.0 × 1.8 their extent)."""
    page.add_init_script(CAPTURE_MAP)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{'/en' if language == 'en' else ''}/coverage/?{query}")
    expect(page.locator("#coverage-map")).to_have_attribute("data-loading", "false", timeout=60000)
    frame = page.evaluate(FRAME)
    assert frame["contains"], frame
    assert min(v / a for v, a in zip(frame["view"], frame["areas"], strict=True)) <= 1.3, frame
    # each class of the legend reads as a range: no "1,8 km – 1,8 km" where two breaks round to the same figure
    for line in page.locator("#coverage-legend > div").all_inner_texts():
        if " – " in line:
            low, high = (side.strip() for side in line.split(" – "))
            assert low != high, line
    # the legend explains the map without hiding it: in the map's corner on a wide screen, under the map on a phone
    legend, the_map = page.locator("#coverage-legend"), page.locator("#coverage-map")
    expect(legend).to_be_visible()
    inside = legend.evaluate("e => e.closest('#coverage-map') !== null")
    legend_box, map_box = legend.bounding_box(), the_map.bounding_box()
    assert legend_box is not None and map_box is not None
    if width == 360:
        assert not inside and legend_box["y"] >= map_box["y"] + map_box["height"], (legend_box, map_box)
        after = page.locator("#summary-title").bounding_box()  # and nothing that follows overlaps it
        assert after is not None and after["y"] >= legend_box["y"] + legend_box["height"], (after, legend_box)
    else:
        assert inside
    level = query.split("&")[0].split("=")[1]
    screenshot(page, f"coverage-fitted-{level}-{language}-{'phone' if width == 360 else 'desktop'}")
