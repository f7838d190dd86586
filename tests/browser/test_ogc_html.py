"""/ogc/ as HTML in a real browser: every page in Greek and English, axe-clean, no sideways scrolling on a 360 px
phone; the items page draws that page's features on its small map."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_serious_violations, screenshot
from tests.opendata.conftest import Directory, live_directory  # noqa: F401 - the fixture, shared
from tests.site_pages import OGC_HTML_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 860}, {"width": 360, "height": 740}], ids=["desktop", "phone"]
)
def test_every_ogc_page_in_both_languages(page: Page, live_server, live_directory: Directory, viewport: dict) -> None:  # noqa: ANN001, F811
    page.set_viewport_size(viewport)
    device = "phone" if viewport["width"] == 360 else "desktop"
    problems: list[str] = []
    for path in OGC_HTML_PAGES:
        for language in ("el", "en"):
            page.goto(f"{live_server.url}{path}{'&' if '?' in path else '?'}lang={language}")
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("h1")).to_be_visible()
            if "items" in path:
                # the page's features with a geometry are on its map
                expect(page.locator("#ogc-map")).to_have_attribute("data-features", re.compile(r"^[1-5]$"))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                problems.append(f"{path} {language}: {width} px wide")
            if device == "desktop":
                problems += [f"{path} {language}: {v}" for v in axe_serious_violations(page)]
            name = path.strip("/").split("?")[0].replace("/", "-")
            screenshot(page, f"{name}-{language}-{device}")
    assert problems == []
