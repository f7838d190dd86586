"""Caseworker search in a real browser: type a place, see markers and a sorted list, filter, share, refer."""

import re
from datetime import time
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from geopy.distance import geodesic
from playwright.sync_api import Page, expect

from tests import fake_nominatim as fake
from tests.browser.conftest import screenshot
from tests.factories import AddressFactory, LanguageFactory, ScheduleFactory, ServiceAtLocationFactory, term

fake_nominatim = fake.fake_nominatim

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
    page.evaluate("window.stillThisPage = true")  # a reload would forget it: filters search in place
    page.locator("summary", has_text="Φίλτρα").click()
    page.locator("details.category", has_text="Δικαιώματα").locator("summary input").check()
    expect(page.locator(".result")).to_have_count(2)
    page.locator("details.filters").evaluate("el => el.open = true")
    page.get_by_label("العربية · Arabic").check()
    expect(page.locator(".result")).to_have_count(1)
    expect(page.locator(".result__name")).to_have_text("Υπηρεσία legal-ar")
    expect(page.locator("#map")).to_have_attribute("data-markers", "1")
    assert "category=rights-legal" in page.url and "language=ar" in page.url
    assert page.evaluate("window.stillThisPage") is True
    page.locator(".result .show-on-map").first.click()  # the new results are wired to the map
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Υπηρεσία legal-ar")
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
    expect(page.locator(".entry__qr svg")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".toolbar")).to_be_hidden()
    screenshot(page, "referral-print-el")
    page.emulate_media(media="screen")
    page.select_option("#sheet-lang", "en")  # the sheet's language, one of 14 (referrals/)
    page.get_by_role("button", name="Εμφάνιση").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".entry__where h3")).to_have_text("Where")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


# ----------------------------------------------------------------------------------------------- map first
def test_arrival_shows_the_directory_in_view_from_the_map_api(page: Page, live_server, services_near_kypseli) -> None:
    lat, lon = KYPSELI
    with page.expect_response(re.compile(r"/api/map/\?")) as answer:
        page.goto(f"{live_server.url}/?map=13/{lat}/{lon}")
    total = sum(f["properties"].get("count", 1) for f in answer.value.json()["features"])
    expect(page.locator("#map")).to_have_attribute("data-map-count", "6")
    assert total == 6
    expect(page.locator("#in-view-list .result")).to_have_count(6)
    expect(page.locator("#in-view-count")).to_contain_text("6")
    expect(page.locator(".map-legend")).to_contain_text("Υγεία")
    # a filter redraws the map without a page reload and keeps the state in the URL
    page.locator("summary", has_text="Φίλτρα").click()
    page.locator("details.category", has_text="Δικαιώματα").locator("summary input").check()
    expect(page.locator("#map")).to_have_attribute("data-map-count", "2")
    expect(page.locator("#in-view-list .result")).to_have_count(2)
    assert "category=rights-legal" in page.url and "map=" in page.url
    # a point's popup names the service and links to its page
    page.locator("#filters").evaluate("el => el.open = false")
    page.locator("#in-view-list .result").first.get_by_role("button", name="Εμφάνιση στον χάρτη").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Υπηρεσία legal-ar")
    expect(popup).to_contain_text("Ανοιχτό σήμερα 00:00–23:59")
    popup.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Υπηρεσία legal-ar")


@pytest.fixture
def crowded(live_reference_data) -> None:
    """1,200 services in a 2 km box in central Athens: more than the map draws as points."""
    from search.actions.directory import directory_changed
    from services.models import Location, Organization, Service, ServiceAtLocation

    org = Organization.objects.create(name="Πλήθος", name_el="Πλήθος", kind="local_ngo")
    locations = Location.objects.bulk_create(
        [
            Location(organization=org, point=Point(23.72 + (n % 40) / 2000, 37.97 + (n // 40) / 2000, srid=4326))
            for n in range(1200)
        ]
    )
    services = Service.objects.bulk_create(
        [Service(organization=org, name=f"c{n}", name_el=f"c{n}") for n in range(1200)]
    )
    ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=s, location=loc) for s, loc in zip(services, locations, strict=True)]
    )
    directory_changed()


def test_clusters_count_the_view_and_a_click_zooms_in(page: Page, live_server, crowded) -> None:
    page.goto(f"{live_server.url}/en/?map=13/37.9775/23.73")
    expect(page.locator("#map")).to_have_attribute("data-map-count", "1200")
    assert int(page.locator("#map").get_attribute("data-map-clusters")) > 1
    expect(page.locator("#in-view-count")).to_contain_text("1,200 services in view")
    page.locator(".map-cluster").first.click()
    expect(page).to_have_url(re.compile(r"map=15%2F|map=15/"))


def test_near_me_searches_where_the_browser_is(browser, live_server, services_near_kypseli) -> None:
    lat, lon = KYPSELI
    context = browser.new_context(
        viewport={"width": 1280, "height": 860}, locale="el-GR", geolocation={"latitude": lat, "longitude": lon}
    )
    context.grant_permissions(["geolocation"])
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Κοντά μου").click()
    expect(page.locator("#result-list .result")).to_have_count(6)
    heading = page.locator("#results-title").inner_text()
    assert heading.startswith("6 υπηρεσίες κοντά σε: ") and "ΠΛΑΤΕΙΑ ΚΑΝΑΡΗ" in heading  # the covering neighbourhood
    assert not re.search(r"\d+\.\d{3}", heading)
    context.close()


def test_phone_map_list_switch_and_show_on_map(browser, live_server, services_near_kypseli) -> None:
    lat, lon = KYPSELI
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="el-GR", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/?lat={lat}&lon={lon}")
    expect(page.locator("#result-list")).to_be_visible()
    expect(page.locator("#map")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Χάρτης", exact=True).click()
    expect(page.locator("#map")).to_be_visible()
    box = page.locator("#map").bounding_box()
    # the map fills the screen below the header and the search row (the header itself is the site header's)
    assert box["height"] > 250 and abs(box["y"] + box["height"] - 740) < 2
    # the legend is not hidden under the attribution, which fills the bottom of a phone's map
    legend, credits = (
        page.locator(".map-legend").bounding_box(),
        page.locator(".leaflet-control-attribution").bounding_box(),
    )
    assert legend["y"] + legend["height"] <= credits["y"], (legend, credits)
    page.get_by_role("button", name="Λίστα", exact=True).click()
    page.locator("#result-list .result").first.get_by_role("button", name="Εμφάνιση στον χάρτη").click()
    expect(page.locator("#map")).to_be_visible()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Υπηρεσία legal-ar")
    # filters open in a panel and close again
    page.locator("summary", has_text="Φίλτρα").click()
    expect(page.get_by_role("button", name="Κλείσιμο")).to_be_visible()
    page.get_by_role("button", name="Κλείσιμο").click()
    expect(page.get_by_role("button", name="Κλείσιμο")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_five_cards_in_the_first_desktop_screen(browser, live_server, services_near_kypseli) -> None:
    lat, lon = KYPSELI
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="el-GR")
    page = context.new_page()
    page.goto(f"{live_server.url}/?lat={lat}&lon={lon}")
    expect(page.locator("#result-list .result")).to_have_count(6)
    bottoms = page.locator("#result-list .result").evaluate_all(
        "rows => rows.map(r => r.getBoundingClientRect().bottom)"
    )
    assert sum(bottom <= 900 for bottom in bottoms) >= 5, bottoms
    card = page.locator("#result-list .result").first
    expect(card).to_contain_text("Αραβικά")  # languages by name, in Greek on a Greek page
    expect(card).to_contain_text("Ανοιχτό σήμερα")
    context.close()


def test_no_result_state_is_visible_without_scrolling(page: Page, live_server, services_near_kypseli) -> None:
    lat, lon = KYPSELI
    page.goto(f"{live_server.url}/?lat={lat}&lon={lon}&category=greek-language&radius_m=500")
    empty = page.locator("#empty-state")
    expect(empty).to_be_visible()
    assert empty.bounding_box()["y"] + 40 < 860


def test_english_suggestions_come_from_the_gazetteer(page: Page, live_server, services_near_kypseli) -> None:
    page.goto(live_server.url + "/en/")
    with page.expect_response(re.compile(r"/api/geocode/\?.*suggest=true")) as answer:
        page.get_by_label("Address or place").press_sequentially("kyps", delay=30)
    labels = [r["label"] for r in answer.value.json()["results"]]
    assert any(label.startswith("Kypseli") for label in labels), labels
    assert all(r["source"] == "gazetteer" for r in answer.value.json()["results"])


def test_typing_never_asks_the_external_geocoder_and_a_submit_asks_once(
    page: Page, live_server, services_near_kypseli, fake_nominatim
) -> None:
    """Public Nominatim forbids autocomplete: suggestions come from our gazetteer; the provider hears one submit."""
    page.goto(live_server.url + "/")
    box = page.get_by_label("Διεύθυνση ή τοποθεσία")
    for partial in ("Οδ", "Οδός Ανύ", "Οδός Ανύπαρ", "Odos Anyp", "Οδός Ανύπαρκτη", "Οδός Ανύπαρκτη 1"):
        box.fill("")
        with page.expect_response(re.compile(r"/api/geocode/\?.*suggest=true")):
            box.press_sequentially(partial, delay=25)
    page.wait_for_timeout(500)  # any late suggestion request has gone out by now
    assert fake_nominatim.requests == []
    box.fill("Οδός Ανύπαρκτη 12")
    with page.expect_navigation():
        box.press("Enter")
    assert len(fake_nominatim.requests) == 1


SHOTS = Path("/tmp/shots13")


@pytest.mark.parametrize("language", ["el", "en"])
def test_screenshots_for_a_person_to_look_at(browser, live_server, services_near_kypseli, language) -> None:
    """Arrival, a filtered search, the empty state and the phone views, in both languages (into /tmp/shots13/)."""
    SHOTS.mkdir(exist_ok=True)
    lat, lon = KYPSELI
    prefix = "" if language == "el" else "/en"
    for device, viewport in (("desktop", {"width": 1366, "height": 900}), ("phone", {"width": 360, "height": 740})):
        context = browser.new_context(viewport=viewport, locale="el-GR", is_mobile=device == "phone")
        page = context.new_page()
        page.goto(f"{live_server.url}{prefix}/?map=13/{lat}/{lon}")
        expect(page.locator("#map")).to_have_attribute("data-map-count", "6")
        if language == "en":  # names from /api/map/ in the page's language
            expect(page.locator("#in-view-list")).to_contain_text("Service legal-ar")
        page.screenshot(path=str(SHOTS / f"{language}-{device}-arrival.png"))
        page.goto(f"{live_server.url}{prefix}/?lat={lat}&lon={lon}&category=health")
        expect(page.locator("#result-list .result")).to_have_count(2)
        page.screenshot(path=str(SHOTS / f"{language}-{device}-filtered.png"))
        if device == "phone":
            page.locator(".view-switch__button[data-show=map]").click()
            page.screenshot(path=str(SHOTS / f"{language}-{device}-filtered-map.png"))
            page.locator("#filters > summary").click()
            page.screenshot(path=str(SHOTS / f"{language}-{device}-filters-open.png"))
        page.goto(f"{live_server.url}{prefix}/?lat={lat}&lon={lon}&category=greek-language&radius_m=500")
        expect(page.locator("#empty-state")).to_be_visible()
        page.screenshot(path=str(SHOTS / f"{language}-{device}-empty.png"))
        context.close()
