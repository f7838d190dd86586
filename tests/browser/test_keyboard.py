"""A keyboard alone walks search → result → service page → referral sheet, and every focused element shows it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_search import services_near_kypseli  # noqa: F401 - the fixture, shared

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== "none";
  return {tag: el.tagName, text: (el.textContent || el.name || "").trim().slice(0, 40), href: el.getAttribute("href"),
          visible: outline || ring};
}"""


def tab_until(page: Page, wanted: re.Pattern[str], limit: int = 250) -> list[dict]:
    """Press Tab until a link whose href matches `wanted` has focus; return every element focused on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_SHOWN)
        if focused is None:
            continue
        seen.append(focused)
        if focused["href"] and wanted.search(focused["href"]):
            return seen
    raise AssertionError(f"no link to {wanted.pattern} reached by Tab; last focused: {seen[-5:]}")


def test_keyboard_walk_from_search_to_referral(page: Page, live_server, services_near_kypseli) -> None:  # noqa: F811
    page.goto(live_server.url + "/")
    place = page.locator("input[name=place]")
    for _ in range(30):  # from the top of the page to the place field
        page.keyboard.press("Tab")
        if place.evaluate("el => el === document.activeElement"):
            break
    expect(place).to_be_focused()
    page.keyboard.type("Κυψέλη")
    page.keyboard.press("Enter")
    expect(page.locator(".result").first).to_be_visible()

    walked = tab_until(page, re.compile(r"/services/[0-9a-f-]+/$"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/services/[0-9a-f-]+/$"))
    page.wait_for_load_state("load")
    walked += tab_until(page, re.compile(r"/referral/"))
    screenshot(page, "keyboard-focus-referral-link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/services/[0-9a-f-]+/referral/$"))
    # the sheet's stylesheet and fonts loaded (a computed style read before then knows no focus ring)
    page.wait_for_load_state("load")
    expect(page.locator(".entry__qr svg")).to_be_visible()
    walked += tab_until(page, re.compile(r"/r/\?services="), limit=14)  # the toolbar, to the client page's link
    hidden = [element for element in walked if not element["visible"]]
    assert hidden == [], f"focused without a visible focus indicator: {hidden}"
