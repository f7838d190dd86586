"""Activities, open calls and toolkit in a real browser: every page in Greek and English on a desktop (axe clean,
screenshot) and a 360 px phone (no sideways scrolling, header ≤ 64 px, screenshot); the map draws the activities; the
calendar subscription URL of a committee, fetched like a calendar app does, parses as iCalendar; a PDF goes up and
comes back as a download, a file that is not a PDF is refused with a message."""

import urllib.request
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role
from community.models import ModerationStatus, ToolkitEntry
from tests.browser.conftest import axe_serious_violations, screenshot
from tests.community.conftest import PDF, make_activity, make_call, make_entry
from tests.editing.conftest import make_user
from tests.factories import LocationFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/en/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("pw-" + username)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def community_data() -> dict:
    organization = OrganizationFactory(name="Οργάνωση Α", name_el="Οργάνωση Α", name_en="Organisation A")
    make_user("coord", Role.COORDINATOR)
    now = timezone.localtime()
    soon = now.replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    health = make_activity(
        organization, committee="health", starts_at=soon, title_el="Ενημέρωση για εμβολιασμούς παιδιών",
        title_en="Childhood vaccination briefing", description_el="Με διερμηνεία στα αραβικά και φαρσί.",
        registration_url="https://example.org/register",
    )  # fmt: skip
    make_activity(
        organization, committee="education", starts_at=soon + timedelta(hours=3), title_el="Ημέρα εγγραφών στα σχολεία",
        title_en="School enrolment day", place="Παγκράτι",
    )  # fmt: skip
    make_activity(
        organization, committee="rights-legal", starts_at=soon + timedelta(days=2), online=True, place="", point=None,
        online_url="https://meet.example.org/asylum", title_el="Online: άδειες διαμονής", title_en="Online: permits",
    )  # fmt: skip
    make_activity(organization, status=ModerationStatus.PENDING, title_el="Σε αναμονή ελέγχου")
    # a shelter 20 m from the waiting activity's point: the review page warns the coordinator
    LocationFactory(organization=organization, redacted=True, point=Point(23.7433, 37.9996, srid=4326))
    make_call(organization, title="Χρειαζόμαστε διερμηνείς Νταρί την Τρίτη")
    make_call(organization, kind="offer", title="Διαθέσιμα 50 σχολικά πακέτα")
    make_entry(organization, title="Οδηγός για αιτούντες άσυλο", description="Βήμα βήμα η αίτηση")
    make_entry(organization, title="School enrolment checklist", language="en", kind="template")
    return {"activity": health}


PAGES = [
    ("activities", "/activities/"),
    ("calendar", "/activities/calendar/"),
    ("map", "/activities/map/"),
    ("detail", None),
    ("calls", "/calls/"),
    ("toolkit", "/toolkit/"),
    ("activity-form", "/activities/new/"),
    ("call-form", "/calls/new/"),
    ("toolkit-form", "/toolkit/new/"),
    ("review", "/activities/review/"),
]


def test_every_community_page_in_both_languages_on_desktop_and_phone(
    browser: Browser, live_server, live_reference_data
) -> None:
    data = community_data()
    found, too_wide = [], []
    for width, height in ((1280, 860), (360, 740)):
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 400)
        page = context.new_page()
        sign_in(page, live_server.url, "coord")
        for name, path in PAGES:
            path = path or f"/activities/{data['activity'].pk}/"
            for language in ("el", "en"):
                prefix = "" if language == "el" else "/en"
                page.goto(live_server.url + prefix + path)
                page.wait_for_load_state("load")
                if name == "review":
                    expect(page.locator("main p.alert[role=note]")).to_have_count(1)
                if name in ("map", "detail"):
                    expect(page.locator(".leaflet-container[data-markers]")).to_have_count(1)
                    page.wait_for_timeout(400)  # let the map's zoom animation end before the screenshot
                if width > 400:
                    found += [f"{name} ({language}) {v}" for v in axe_serious_violations(page)]
                else:
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    header = page.evaluate("document.querySelector('.site-header').offsetHeight")
                    if scroll > 360 or header > 64:
                        too_wide.append((name, language, scroll, header))
                screenshot(page, f"community-{name}-{language}-{'phone' if width < 400 else 'desktop'}")
        context.close()
    assert found == [], "\n".join(found)
    assert too_wide == []


def test_the_map_draws_the_coming_activities(page: Page, live_server, live_reference_data) -> None:
    community_data()
    page.goto(live_server.url + "/en/activities/map/")
    expect(page.locator(".leaflet-container")).to_have_attribute("data-markers", "2")  # the online one has no place
    page.goto(live_server.url + "/en/activities/map/?committee=education")
    expect(page.locator(".leaflet-container")).to_have_attribute("data-markers", "1")
    page.locator("path.leaflet-interactive").first.click()
    expect(page.locator(".leaflet-popup-content a")).to_have_text("School enrolment day")


def test_a_calendar_app_subscribes_to_one_committee(page: Page, live_server, live_reference_data) -> None:
    community_data()
    page.goto(live_server.url + "/en/activities/")
    page.get_by_label("Committee").select_option("health")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#activity-list li")).to_have_count(1)
    feed_url = page.locator("#feed-url").input_value()
    assert feed_url == live_server.url + "/en/activities.ics?committee=health"  # English pages, English feed
    webcal = page.get_by_role("link", name="Subscribe", exact=True).get_attribute("href")
    assert webcal == "webcal://" + live_server.url.split("://")[1] + "/en/activities.ics?committee=health"
    request = urllib.request.Request(feed_url, headers={"User-Agent": "Thunderbird/128.0"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our live server
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(response.read())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Childhood vaccination briefing"]


def test_a_pdf_goes_up_and_comes_back_as_a_download(
    page: Page, live_server, live_reference_data, tmp_path: Path
) -> None:
    community_data()
    sign_in(page, live_server.url, "coord")
    page.goto(live_server.url + "/en/toolkit/new/")
    page.get_by_label("Title").fill("Asylum interview guide")
    page.get_by_label("Date").fill("2026-03-01")
    not_pdf = tmp_path / "guide.pdf"
    not_pdf.write_bytes(b"<html><script>alert(1)</script></html>")
    page.get_by_label("PDF file").set_input_files(str(not_pdf))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".field__error")).to_have_text("Only PDF files can be uploaded; this file is not a PDF.")
    assert not ToolkitEntry.objects.filter(title="Asylum interview guide").exists()
    pdf = tmp_path / "interview-guide.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("PDF file").set_input_files(str(pdf))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message--success")).to_have_text("Saved in the toolkit.")
    page.get_by_label("Words").fill("asylum interview")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#toolkit-list li")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == "interview-guide.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
