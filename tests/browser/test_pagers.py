"""The shared pager (templates/_pager.html) in a real browser, on lists long enough to show it: the activities and the
organisation directory, in Greek and English, on a desktop (axe clean) and a 360 px phone (no sideways scrolling, the
pager's links at least 24 px tall and side by side with "showing …"); following "next" and "previous" keeps the filter.
Screenshots for a person to look at."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import axe_serious_violations, screenshot
from tests.community.conftest import make_activity
from tests.factories import OrganizationFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_long_lists_page_in_both_languages_on_desktop_and_phone(
    browser: Browser, live_server, live_reference_data
) -> None:
    organization = OrganizationFactory(name="Οργάνωση Α", name_el="Οργάνωση Α", name_en="Organisation A")
    for n in range(25):
        make_activity(organization, committee="health", title_el=f"Δραστηριότητα {n:02}", title_en=f"Activity {n:02}")
    make_activity(organization, committee="education")  # filtered out
    for n in range(21):
        ServiceFactory(organization=OrganizationFactory(name=f"Σελιδοποίηση {n:02d}"))
    found, problems = [], []
    for width, height in ((1280, 860), (360, 740)):
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 400)
        page = context.new_page()
        for language, prefix, showing in (("el", "", "εμφανίζονται"), ("en", "/en", "showing")):
            for name, path, last in (
                ("activities", "/activities/?committee=health", "21–25 από 25" if language == "el" else "21–25 of 25"),
                ("organisations", "/organisations/", "21–22 από 22" if language == "el" else "21–22 of 22"),
            ):
                page.goto(live_server.url + prefix + path)
                pager = page.locator("nav.pager")
                expect(pager).to_contain_text(showing)
                pager.locator("a[rel=next]").click()
                expect(page.locator("nav.pager")).to_contain_text(last)
                if name == "activities":
                    assert "committee=health" in page.url and "page=2" in page.url
                    expect(page.locator("#activity-list li")).to_have_count(5)
                for link in page.locator("nav.pager a").all():
                    box = link.bounding_box()
                    if box is None or box["height"] < 24:
                        problems.append((name, language, width, "link under 24 px", box))
                if width > 400:
                    found += [f"{name} ({language}) {v}" for v in axe_serious_violations(page)]
                else:
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    if scroll > 360:
                        problems.append((name, language, width, "scrolls sideways", scroll))
                screenshot(page, f"pager-{name}-{language}-{'phone' if width < 400 else 'desktop'}")
                page.locator("nav.pager a[rel=prev]").click()
                expect(page.locator("nav.pager")).to_contain_text(showing + " 1–20")
        context.close()
    assert found == [], "\n".join(found)
    assert problems == []
