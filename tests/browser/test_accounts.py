"""A coordinator invites an editor, who activates the account from the email and signs in; the directory and an
organisation's page with its map."""

import re

import pytest
from django.contrib.gis.geos import Point
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from accounts.models import Profile, Role
from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.factories import OrganizationFactory, ServiceAtLocationFactory, term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Synantisi-Syntonismou-2026"


def phone_screenshot(browser: Browser, url: str, name: str, cookies: list | None = None) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="el-GR", is_mobile=True)
    context.add_cookies(cookies or [])
    phone = context.new_page()
    errors: list[str] = []
    phone.on("pageerror", lambda exc: errors.append(str(exc)))
    phone.goto(url)
    screenshot(phone, name)
    context.close()
    assert not errors


def test_a_coordinator_invites_an_editor_who_activates_and_signs_in(
    page: Page, browser: Browser, live_server, live_reference_data
) -> None:
    from django.contrib.auth import get_user_model

    shelter_org = OrganizationFactory(name="Δίκτυο Στέγης Αθήνας", name_en="Athens Housing Network", accmr_member=True)
    OrganizationFactory(name="Άλλη Οργάνωση", name_en="Another Organisation")
    coordinator = get_user_model().objects.create_user("syntonistria", "coord@example.org", PASSWORD)
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)

    page.goto(live_server.url + "/accounts/login/?next=/accounts/people/")
    page.get_by_label("Όνομα χρήστη ή email").fill("coord@example.org")
    page.get_by_label("Κωδικός").fill(PASSWORD)
    page.get_by_role("button", name="Σύνδεση").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Χρήστες και προσκλήσεις")
    page.get_by_label("Email").fill("editor@example.org")
    page.get_by_label("Ρόλος").select_option(Role.EDITOR)
    page.get_by_label("Δίκτυο Στέγης Αθήνας").check()
    page.get_by_role("button", name="Αποστολή πρόσκλησης").click()
    expect(page.locator(".messages")).to_contain_text("editor@example.org")
    expect(page.locator("#pending-title + .table-scroll")).to_contain_text("Δίκτυο Στέγης Αθήνας")
    screenshot(page, "accounts-people")
    phone_screenshot(browser, page.url, "accounts-people-phone", cookies=page.context.cookies())
    page.get_by_role("button", name="Αποσύνδεση").click()

    assert len(mail.outbox) == 1
    link = re.search(r"(http://\S+/accounts/invitation/\S+/)", mail.outbox[0].body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ενεργοποίηση λογαριασμού")
    page.get_by_label("Όνομα χρήστη").fill("stegi_editor")
    page.get_by_label("Κωδικός πρόσβασης").fill(PASSWORD)
    page.get_by_label("Επιβεβαίωση συνθηματικού").fill(PASSWORD)
    screenshot(page, "accounts-activate")
    page.get_by_role("button", name="Ενεργοποίηση λογαριασμού").click()
    # signed in straight away: no second sign-in with the password just chosen
    expect(page.locator(".messages")).to_contain_text("Ο λογαριασμός σας είναι έτοιμος και έχετε συνδεθεί")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ο λογαριασμός μου")
    expect(page.locator("#my-organisations")).to_have_text("Δίκτυο Στέγης Αθήνας")
    expect(page.locator(".account__facts")).to_contain_text("Συντάκτης/τρια φορέα")
    expect(page.get_by_role("link", name="Διαχείριση", exact=True)).to_have_count(0)  # the admin is for coordinators
    screenshot(page, "accounts-home-editor")
    page.get_by_role("link", name="Δίκτυο Στέγης Αθήνας").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(shelter_org.name)


def test_the_directory_and_an_organisation_page_with_its_map(
    page: Page, browser: Browser, live_server, live_reference_data
) -> None:
    org = OrganizationFactory(
        name="Ιατρείο Αλληλεγγύης",
        name_en="Solidarity Clinic",
        kind="local_ngo",
        accmr_member=True,
        email="info@example.org",
        description="Πρωτοβάθμια φροντίδα υγείας για όλους.",
    )
    ServiceAtLocationFactory(
        service__organization=org,
        service__name="Γενικός γιατρός",
        service__categories=[term("health")],
        location__point=Point(23.7275, 37.9838, srid=4326),
    )
    ServiceAtLocationFactory(
        service__organization=org,
        service__name="Παιδίατρος",
        service__categories=[term("health")],
        location__point=Point(23.7410, 37.9920, srid=4326),
    )
    ServiceAtLocationFactory(  # a shelter: listed, never on the map
        service__organization=org,
        service__name="Ξενώνας",
        location__point=Point(23.75, 38.0, srid=4326),
        location__redacted=True,
    )
    for n in range(24):
        OrganizationFactory(name=f"Οργάνωση καταλόγου {n:02d}", kind="municipal_service" if n % 3 else "local_ngo")

    page.goto(live_server.url + "/organisations/")
    expect(page.locator("#directory-count")).to_have_text("25 οργανώσεις")
    screenshot(page, "organisations-directory")
    page.get_by_label("Επιτροπή").select_option("health")
    page.get_by_role("button", name="Εμφάνιση οργανώσεων").click()
    expect(page.locator("#directory-count")).to_have_text("1 οργάνωση")
    page.get_by_role("link", name="Ιατρείο Αλληλεγγύης").click()
    expect(page.locator("#organisation-map")).to_have_attribute("data-markers", "2")
    expect(page.locator("#org-services > li")).to_have_count(3)
    screenshot(page, "organisation-detail")
    phone_screenshot(browser, page.url, "organisation-detail-phone")
    phone_screenshot(browser, live_server.url + "/organisations/", "organisations-directory-phone")


def test_a_caseworker_saves_a_search_and_opens_it_again(page: Page, live_server, live_reference_data) -> None:
    from django.contrib.auth import get_user_model

    ServiceAtLocationFactory(service__name="Νομική συμβουλευτική", location__point=Point(23.7275, 37.9838, srid=4326))
    get_user_model().objects.create_user("caseworker", "cw@example.org", PASSWORD)
    page.goto(live_server.url + "/accounts/login/?next=/%3Flat%3D37.98400%26lon%3D23.72800%26free%3Don")
    page.get_by_label("Όνομα χρήστη ή email").fill("caseworker")
    page.get_by_label("Κωδικός").fill(PASSWORD)
    page.get_by_role("button", name="Σύνδεση").click()
    expect(page.locator("#result-list > li")).to_have_count(1)
    page.get_by_label("Όνομα αποθηκευμένης αναζήτησης").fill("Σύνταγμα – δωρεάν")
    page.locator(".results").screenshot(path=str(SCREENSHOTS / "saved-search-form.png"))
    page.get_by_role("button", name="Αποθήκευση").click()
    expect(page.locator(".messages")).to_contain_text("Σύνταγμα – δωρεάν")
    screenshot(page, "saved-searches")
    page.get_by_role("link", name="Σύνταγμα – δωρεάν").click()
    expect(page).to_have_url(re.compile(r"/\?lat=37.98400&lon=23.72800&free=on$"))
    expect(page.locator("#result-list > li")).to_have_count(1)
    expect(page.locator("#id_free")).to_be_checked()


def test_repeated_wrong_passwords_show_the_lockout_page(page: Page, live_server) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("maria", "maria@example.org", PASSWORD)
    page.goto(live_server.url + "/en/accounts/login/")
    for _ in range(5):
        page.get_by_label("Username or email").fill("maria@example.org")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many failed sign-ins")
    expect(page.get_by_role("alert")).to_contain_text("Try again in 15 minutes")
    screenshot(page, "accounts-lockout-en")
