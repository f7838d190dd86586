"""Emergencies in a real browser: the search page's banner, "Emergency services" filter and map layer for a place
inside the affected areas; every emergency page in Greek and English on a desktop and a 360 px phone (no sideways
scrolling, no serious axe violation, screenshots); the printable page's map and PDF."""

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import Profile, Role
from boundaries.models import Area
from emergencies.demo import emergency_demo
from emergencies.models import Emergency
from tests.browser.conftest import axe_serious_violations, screenshot
from tests.browser.test_every_page import sign_in
from tests.factories import OrganizationFactory
from tests.site_pages import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SYNTAGMA = (37.9755, 23.7348)  # 1st community of Athens
KYPSELI = (38.0030, 23.7390)  # 6th community
PATISIA = (38.0180, 23.7350)  # 5th community: outside the heatwave


@pytest.fixture
def emergencies(live_reference_data: Any) -> dict[str, Any]:
    coordinator = get_user_model().objects.create_user(username="coord", password=PASSWORD, first_name="Άννα")
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    organization = OrganizationFactory(name="Οργάνωση Α", name_el="Οργάνωση Α", name_en="Organisation A")
    active = emergency_demo(organization=organization, user=coordinator)
    now = timezone.now()
    past = Emergency.objects.create(
        kind="flood", title_el="Πλημμύρα Νοεμβρίου", title_en="November flood", starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=28),
    )  # fmt: skip
    past.areas.set(Area.objects.filter(code="athens-dk-5"))
    return {"active": active, "past": past, "coordinator": coordinator}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    yield context.new_page()
    context.close()


def test_search_page_banner_filter_and_layer(page: Page, live_server: Any, emergencies: dict[str, Any]) -> None:
    page.goto(f"{live_server.url}/?lat={KYPSELI[0]}&lon={KYPSELI[1]}")
    banner = page.locator("#emergency-banner")
    expect(banner).to_contain_text("Καύσωνας")
    expect(page.locator("#emergency-results")).to_have_count(0)
    page.get_by_role("checkbox", name="Υπηρεσίες έκτακτης ανάγκης").click()
    page.wait_for_url(re.compile(r"emergency=1"))
    results = page.locator("#emergency-results")
    expect(results).to_contain_text("Διανομή νερού Πλατείας Βικτωρίας")
    expect(results).to_contain_text("Κλιματιζόμενη αίθουσα Δημαρχείου")
    expect(results).not_to_contain_text("Σημείο ενημέρωσης")  # waiting for review
    expect(page.locator("#map")).to_have_attribute("data-emergency-markers", "3")
    expect(page.locator(".emergency-marker")).to_have_count(3)
    assert axe_serious_violations(page) == []
    screenshot(page, "emergency-search-el-desktop")
    page.goto(f"{live_server.url}/en/?lat={SYNTAGMA[0]}&lon={SYNTAGMA[1]}&emergency=1")
    expect(page.locator("#emergency-banner")).to_contain_text("Heatwave")
    expect(page.locator("#emergency-results")).to_contain_text("City Hall cooling room")
    screenshot(page, "emergency-search-en-desktop")
    page.locator("#emergency-filter").click()
    page.wait_for_url(lambda url: "emergency=1" not in url)
    expect(page.locator("#emergency-results")).to_have_count(0)
    page.goto(f"{live_server.url}/?lat={PATISIA[0]}&lon={PATISIA[1]}")
    expect(page.locator("#results-title")).to_be_visible()
    expect(page.locator("#emergency-banner")).to_have_count(0)


def test_search_page_on_a_phone(phone: Page, live_server: Any, emergencies: dict[str, Any]) -> None:
    for language, prefix in (("el", ""), ("en", "/en")):
        phone.goto(f"{live_server.url}{prefix}/?lat={KYPSELI[0]}&lon={KYPSELI[1]}&emergency=1")
        expect(phone.locator("#emergency-results")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(phone, f"emergency-search-{language}-phone")


def test_every_emergency_page_in_both_languages(
    browser: Browser, live_server: Any, emergencies: dict[str, Any]
) -> None:
    active, past = emergencies["active"], emergencies["past"]
    pages = {
        "list": "/emergencies/",
        "detail": f"/emergencies/{active.pk}/",
        "detail-past": f"/emergencies/{past.pk}/",
        "declare": "/emergencies/new/",
        "edit": f"/emergencies/{active.pk}/edit/",
        "offer": f"/emergencies/{active.pk}/offer/",
        "review": "/emergencies/review/",
    }
    found, too_wide = [], []
    for device, viewport in (("desktop", {"width": 1280, "height": 860}), ("phone", {"width": 360, "height": 740})):
        context = browser.new_context(viewport=viewport, is_mobile=device == "phone")
        page = context.new_page()
        sign_in(page, live_server.url, "coord")
        for name, path in pages.items():
            for language in ("el", "en"):
                page.goto(live_server.url + ("/en" if language == "en" else "") + path)
                page.wait_for_load_state("load")
                if name.startswith("detail"):
                    expect(page.locator("#emergency-map")).to_have_attribute("data-areas", re.compile(r"[13]"))
                if device == "phone" and page.evaluate("document.documentElement.scrollWidth") > 360:
                    too_wide.append((name, language))
                if device == "desktop":
                    found += [f"{name} ({language}) {v}" for v in axe_serious_violations(page)]
                screenshot(page, f"emergency-{name}-{language}-{device}")
        context.close()
    assert found == [] and too_wide == []


def test_printable_page_map_and_pdf(page: Page, live_server: Any, emergencies: dict[str, Any]) -> None:
    page.goto(f"{live_server.url}/emergencies/{emergencies['active'].pk}/")
    expect(page.locator("#emergency-map")).to_have_attribute("data-areas", "3")
    expect(page.locator("#emergency-map")).to_have_attribute("data-markers", "3")  # not the shelter, not the pending
    expect(page.locator(".offer")).to_have_count(4)
    expect(page.locator("main")).to_contain_text("Η ακριβής τοποθεσία δίνεται με την παραπομπή")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages


def test_offer_form_places_the_point_on_the_map(page: Page, live_server: Any, emergencies: dict[str, Any]) -> None:
    active = emergencies["active"]
    sign_in(page, live_server.url, "coord")
    page.goto(f"{live_server.url}/emergencies/{active.pk}/offer/")
    page.get_by_label("Φορέας").select_option(label="Οργάνωση Α")
    page.get_by_label("Είδος βοήθειας").select_option("shelter")
    expect(page.get_by_label("Γεωγραφικό πλάτος")).to_be_hidden()  # a shelter: its area only
    page.get_by_label("Είδος βοήθειας").select_option("food_water")
    expect(page.get_by_label("Γεωγραφικό πλάτος")).to_be_visible()
    page.get_by_label("Όνομα (ελληνικά)").fill("Διανομή νερού στο Πεδίον του Άρεως")
    page.get_by_label("Προσωρινό ωράριο").fill("09:00–21:00")
    expect(page.locator("#offer-map")).to_have_attribute("data-ready", "1")
    page.locator("#offer-map").click()  # the middle of the emergency's areas
    expect(page.locator("#offer-map")).to_have_attribute("data-lat", re.compile(r"^3[78]\.\d{6}$"))
    page.get_by_role("button", name="Προσφορά της υπηρεσίας").click()
    expect(page.locator(".messages")).to_contain_text("Η υπηρεσία δημοσιεύτηκε.")
    made = active.offers.get(name_el="Διανομή νερού στο Πεδίον του Άρεως")
    assert (
        made.point is not None
        and made.area.geom.covers(made.point)
        and made.area.level in ("community", "municipality")
    )
