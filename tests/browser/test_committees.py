"""Committee pages in a real browser over the demo data: the map draws the committee's services from /api/map/, the
pages fit a 360 px phone and pass axe in Greek and English, and every committee's monthly report prints (Chromium's
print to PDF, A4) to one or two pages holding the notes and not the site's navigation."""

import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from boundaries.models import Area
from committees.actions import committee_demo_seed
from committees.models import NOTES_MAX_LENGTH, CommitteeNote
from coverage.actions import week_start
from coverage.models import UnmetNeed, UnmetNeedReason
from services.actions.demo import demo_seed
from services.directory import committee_list
from services.rules import service_day
from tests.browser.conftest import axe_serious_violations, screenshot
from tests.factories import ServiceAtLocationFactory, term
from tests.site_pages import PASSWORD, site_pages_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = "Κενά στη διερμηνεία Φαρσί / gaps in Farsi interpreting"


@pytest.fixture
def demo(live_reference_data) -> str:  # noqa: ANN001
    """The demo directory with its committee records, and a signed-in coordinator's username."""
    demo_seed(services=300, seed=1)
    committee_demo_seed()
    coordinator, _pages = site_pages_data()
    return coordinator.username


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/en/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def path(name: str, language: str, **kwargs: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def wait_for_map(page: Page) -> None:
    expect(page.locator("#committee-map[data-map-loading='false']")).to_have_count(1)
    expect(page.locator("#committee-map[data-areas-loaded='7']")).to_have_count(1)


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors


def test_pages_map_axe_and_screenshots(browser: Browser, desktop: Page, live_server, demo: str) -> None:  # noqa: ANN001
    sign_in(desktop, live_server.url, demo)
    phone_context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = phone_context.new_page()
    sign_in(phone, live_server.url, demo)
    found: list[str] = []
    too_wide: list[tuple[str, str, int]] = []
    for language in ("el", "en"):
        pages = {
            "list": path("committees:list", language),
            "detail": path("committees:detail", language, code="rights-legal"),
            "report": path("committees:report", language, code="rights-legal"),
        }
        for name, url in pages.items():
            for page, device in ((desktop, "desktop"), (phone, "phone")):
                page.goto(live_server.url + url)
                if name != "list":
                    wait_for_map(page)
                    assert int(page.locator("#committee-map").get_attribute("data-map-count")) > 0
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > (1280 if device == "desktop" else 360):
                    too_wide.append((url, device, width))
                if device == "desktop":
                    found += [f"{url} {v}" for v in axe_serious_violations(page)]
                screenshot(page, f"committees-{name}-{language}-{device}")
    phone_context.close()
    assert too_wide == []
    assert found == [], "\n".join(found)


def test_map_shows_only_the_committees_services(desktop: Page, live_server, demo: str) -> None:  # noqa: ANN001
    """The workspace's map asks /api/map/ for the committee's category, as the search page's filter does."""
    requests: list[str] = []
    desktop.on("request", lambda r: requests.append(r.url) if "/api/map/" in r.url else None)
    desktop.goto(live_server.url + "/en/committees/health/")
    wait_for_map(desktop)
    assert requests and all("category=health" in url for url in requests)


def fill_to_the_limits(code: str, subcategory: str) -> None:
    """A committee's report at its longest: more new, ended and ending services and unmet-need rows than the report
    lists, long names, notes of the greatest length."""
    today = service_day()
    first = today.replace(day=1)
    long = "Υπηρεσία υποστήριξης με πολύ μακρύ όνομα για να φανεί πόσο χώρο παίρνει στο χαρτί"
    for number in range(10):
        for valid_to in (max(first, today - timedelta(days=1)), today + timedelta(days=5)):
            ServiceAtLocationFactory(
                service__name_el=f"{long} {number}", service__name_en=f"A support service with a long name {number}",
                service__organization__name_el="Οργάνωση με αρκετά μακρύ όνομα για δοκιμή εκτύπωσης",
                service__categories=[term(subcategory)], service__valid_to=valid_to,
                location__point=Point(23.72 + number / 500, 37.98, srid=4326),
            )  # fmt: skip
    athens = Area.objects.get(code="gr-9186")
    communities = list(Area.objects.filter(level="community"))
    week = week_start(first + timedelta(days=6))  # the first week starting in the month
    for number, language in enumerate(["fa", "ar", "ur", "ps", "so", "ti", "fr", "uk", "sq", "bn"]):
        UnmetNeed.objects.create(
            week=week, municipality=athens, community=communities[number % 7], category=subcategory,
            language=language, reason=UnmetNeedReason.NO_RESULTS, count=number + 1,
        )  # fmt: skip
    text = (NOTES + " " + "Σημείωση για τη συνεδρίαση με αρκετό κείμενο. " * 60)[:NOTES_MAX_LENGTH]
    CommitteeNote.objects.filter(committee__code=code, month=first).update(text=text)


def test_every_report_prints_to_one_or_two_a4_pages(desktop: Page, live_server, demo: str) -> None:  # noqa: ANN001
    sign_in(desktop, live_server.url, demo)
    committees = [c.code for c in committee_list()]
    for code in committees:
        CommitteeNote.objects.filter(committee__code=code).update(text=NOTES)
    fill_to_the_limits("gender", "gbv-support")
    counts = {}
    for language in ("el", "en"):
        for code in committees:
            desktop.goto(live_server.url + path("committees:report", language, code=code))
            wait_for_map(desktop)
            pdf = PdfReader(io.BytesIO(desktop.pdf(format="A4", print_background=True)))
            counts[(language, code)] = len(pdf.pages)
            text = " ".join(p.extract_text() for p in pdf.pages)
            assert NOTES.split(" / ")[0] in text, (language, code)  # the notes print (the form does not)
            assert "Save the notes" not in text and "Αποθήκευση σημειώσεων" not in text
            assert ("Manage listings" not in text) and ("Διαχείριση καταχωρίσεων" not in text)  # no site navigation
            if code == "rights-legal":
                (pdf_dir := screenshot(desktop, f"committees-report-{language}-screen").parent).mkdir(exist_ok=True)
                (pdf_dir / f"committees-report-{code}-{language}.pdf").write_bytes(
                    desktop.pdf(format="A4", print_background=True)
                )
    assert all(1 <= n <= 2 for n in counts.values()), counts
