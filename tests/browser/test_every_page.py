"""Every page, in Greek and English, on a 360 px phone: no sideways scrolling, a header of at most 64 px with a
menu button; on a desktop a coordinator's Greek header stays on one line."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import axe_serious_violations, screenshot
from tests.site_pages import PASSWORD, site_pages_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/en/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.fixture
def phone(browser: Browser) -> Iterator[tuple[Page, Page]]:
    """A signed-in and a signed-out phone (360 × 740)."""
    contexts = [browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True) for _ in range(2)]
    yield contexts[0].new_page(), contexts[1].new_page()
    for context in contexts:
        context.close()


def test_every_page_fits_a_phone(phone: tuple[Page, Page], live_server, live_reference_data) -> None:
    signed_in, signed_out = phone
    coordinator, pages = site_pages_data()
    sign_in(signed_in, live_server.url, coordinator.username)
    missing: list[str] = []  # files a page asks our server for and does not get (the edit form's pin image was one)
    for page in phone:
        page.on(
            "response",
            lambda r: missing.append(r.url) if r.status >= 400 and r.url.startswith(live_server.url) else None,
        )
    too_wide = []
    for site_page in pages:
        page = signed_out if site_page.anonymous else signed_in
        for language in ("el", "en"):
            page.goto(live_server.url + site_page.path(language))
            page.wait_for_load_state("load")
            width = page.evaluate("document.documentElement.scrollWidth")
            header = page.evaluate("document.querySelector('.site-header')?.offsetHeight ?? 0")
            if width > 360 or header > 64:
                too_wide.append((site_page.name, language, width, header))
    page = signed_in
    page.goto(live_server.url + "/no-such-page/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert too_wide == []
    assert [url for url in missing if "no-such-page" not in url] == []


def test_phone_menu_button_opens_the_navigation(phone: tuple[Page, Page], live_server, live_reference_data) -> None:
    page = phone[1]
    page.goto(live_server.url + "/coverage/")
    expect(page.get_by_role("link", name="Οργανώσεις")).to_be_hidden()
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    page.get_by_role("button", name="Μενού").click()
    expect(page.get_by_role("button", name="Μενού")).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Οργανώσεις").click()
    expect(page).to_have_url(f"{live_server.url}/organisations/")
    # let the page's own requests finish: the database is emptied after the test, and a request still reading it
    # then deadlocks with that TRUNCATE (seen once on a clean clone)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", [1241, 1366, 1441])
def test_a_coordinators_greek_header_is_one_line_on_a_desktop(
    browser: Browser, live_server, live_reference_data, width: int
) -> None:
    coordinator, _pages = site_pages_data()
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    sign_in(page, live_server.url, coordinator.username)
    page.goto(live_server.url + "/manage/")
    expect(page.get_by_role("link", name="Διαχείριση καταχωρίσεων")).to_be_visible()
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"header-coordinator-el-{width}")
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[tuple[Page, Page]]:
    """A signed-in and a signed-out desktop browser (1366 × 800)."""
    contexts = [browser.new_context(viewport={"width": 1366, "height": 800}) for _ in range(2)]
    yield contexts[0].new_page(), contexts[1].new_page()
    for context in contexts:
        context.close()


def test_every_page_passes_axe_in_both_languages(desktop: tuple[Page, Page], live_server, live_reference_data) -> None:
    signed_in, signed_out = desktop
    coordinator, pages = site_pages_data()
    sign_in(signed_in, live_server.url, coordinator.username)
    found = []
    paths = [(page, page.path(language), language) for page in pages for language in ("el", "en")]
    for site_page, path, language in paths:
        page = signed_out if site_page.anonymous else signed_in
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        found += [f"{site_page.name} ({language}) {violation}" for violation in axe_serious_violations(page)]
    for path in ("/no-such-page/", "/en/no-such-page/"):
        signed_in.goto(live_server.url + path)
        found += [f"{path} {violation}" for violation in axe_serious_violations(signed_in)]
    assert found == [], "\n".join(found)


def test_axe_finds_a_violation_when_there_is_one(page: Page, live_server, live_reference_data) -> None:
    page.goto(live_server.url + "/coverage/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x.png>')")
    assert any(line.startswith("image-alt:") for line in axe_serious_violations(page))


def test_the_edit_forms_pin_needs_no_image(desktop: tuple[Page, Page], live_server, live_reference_data) -> None:
    """Leaflet's default pin image is found through its CSS file's URL, which the hashed static files break."""
    page = desktop[0]
    coordinator, pages = site_pages_data()
    sign_in(page, live_server.url, coordinator.username)
    edit = next(site_page for site_page in pages if site_page.name == "editing:service_edit")
    page.goto(live_server.url + edit.path("en"))
    expect(page.locator(".leaflet-marker-icon.edit-pin")).to_have_count(1)
    expect(page.locator("img.leaflet-marker-icon")).to_have_count(0)
