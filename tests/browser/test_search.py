"""Caseworker search in a real browser: type a place, see markers and a sorted list, filter, share, refer."""

import re
from datetime import time

import pytest
from django.contrib.gis.geos import Point
from geopy.distance import geodesic
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.factories import AddressFactory, LanguageFactory, ScheduleFactory, ServiceAtLocationFactory, term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KYPSELI = (38.0005, 23.7420)


@pytest.fixture
def services_near_kypseli(live_reference_data) -> dict[str, object]:
    """Six services at known distances north-east of Kypseli; two speak Arabic, two are legal aid."""
    made = {}
    specs = [
        ("legal-ar", "legal-aid", ["el", "ar"], 300),
        ("health-ar", "primary-health", ["ar", "en"], 600),
        ("legal-fa", "asylum-procedure", ["fa"], 900),
        ("greek", "greek-language", ["el"], 1200),
        ("food", "food", ["el", "en"], 1500),
        ("mental", "mental-health", ["en"], 2500),
    ]
    for key, code, languages, metres in specs:
        destination = geodesic(meters=metres).destination(KYPSELI, 45)
        sal = ServiceAtLocationFactory(
            service__name_el=f"Υπηρεσία {key}",
            service__name_en=f"Service {key}",
            service__categories=[term(code)],
            location__point=Point(destination.longitude, destination.latitude, srid=4326),
        )
        AddressFactory(location=sal.location, address_1=f"Φωκίωνος Νέγρη {metres // 100}")
        for code_ in languages:
            LanguageFactory(service=sal.service, code=code_)
        ScheduleFactory(service=sal.service, byday="MO,TU,WE,TH,FR,SA,SU", opens_at=time(0), closes_at=time(23, 59))
        made[key] = sal
    return made


def test_type_a_place_see_markers_and_a_sorted_list(page: Page, live_server, services_near_kypseli) -> None:
    page.goto(live_server.url + "/")
    page.get_by_label("Διεύθυνση ή τοποθεσία").fill("Κυψέλη")
    page.get_by_role("button", name="Αναζήτηση", exact=True).click()
    expect(page).to_have_url(re.compile(r"place=%CE%9A"))
    rows = page.locator(".result")
    expect(rows).to_have_count(6)
    names = rows.locator(".result__name").all_inner_texts()
    assert names[0] == "Υπηρεσία legal-ar" and names[-1] == "Υπηρεσία mental"
    expect(page.locator("#map")).to_have_attribute("data-markers", "6")
    expect(page.locator("#map")).to_have_attribute("data-areas-loaded", "7")
    screenshot(page, "search-kypseli")


def test_apply_category_and_language_filters(page: Page, live_server, services_near_kypseli) -> None:
    lat, lon = KYPSELI
    page.goto(f"{live_server.url}/?lat={lat}&lon={lon}")
    expect(page.locator(".result")).to_have_count(6)
    page.locator("summary", has_text="Φίλτρα").click()
    page.locator("details.category", has_text="Δικαιώματα").locator("summary input").check()
    expect(page.locator(".result")).to_have_count(2)
    page.locator("details.filters").evaluate("el => el.open = true")
    page.get_by_label("العربية · Arabic").check()
    expect(page.locator(".result")).to_have_count(1)
    expect(page.locator(".result__name")).to_have_text("Υπηρεσία legal-ar")
    assert "category=rights-legal" in page.url and "language=ar" in page.url
    screenshot(page, "search-filtered")


def test_open_a_shared_url(page: Page, live_server, services_near_kypseli) -> None:
    lat, lon = KYPSELI
    page.goto(f"{live_server.url}/en/?lat={lat}&lon={lon}&category=health&language=ar&radius_m=2000")
    expect(page.locator(".result")).to_have_count(1)
    expect(page.locator(".result__name")).to_have_text("Service health-ar")
    expect(page.get_by_label("العربية · Arabic")).to_be_checked()
    expect(page.get_by_label("Distance")).to_have_value("2000")


def test_list_and_marker_highlight_each_other(page: Page, live_server, services_near_kypseli) -> None:
    lat, lon = KYPSELI
    page.goto(f"{live_server.url}/?lat={lat}&lon={lon}")
    first = page.locator(".result").first
    first.get_by_role("button", name="Εμφάνιση στον χάρτη").click()
    expect(first).to_have_class(re.compile("is-active"))


def test_service_page_and_printable_referral(page: Page, live_server, services_near_kypseli) -> None:
    sal = services_near_kypseli["legal-ar"]
    page.goto(f"{live_server.url}/services/{sal.service_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Υπηρεσία legal-ar")
    expect(page.locator("#detail-map")).to_have_attribute("data-markers", "1")
    expect(page.get_by_role("link", name=re.compile("OpenStreetMap"))).to_have_attribute(
        "href", re.compile("directions")
    )
    screenshot(page, "service-detail")
    page.get_by_role("link", name="Φύλλο παραπομπής").click()
    expect(page.locator("html")).to_have_attribute("lang", "el")
    expect(page.locator(".sheet__qr svg")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".toolbar")).to_be_hidden()
    screenshot(page, "referral-print-el")
    page.emulate_media(media="screen")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h2").first).to_have_text("Where")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
