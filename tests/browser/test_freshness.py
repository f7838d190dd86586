"""Freshness and report a problem in a real browser: an editor confirms a stale service from the dashboard; a visitor
reports a problem from a service page and a coordinator resolves it. Screenshots desktop and phone."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from playwright.sync_api import Page, expect

from accounts.models import Profile, Role
from feedback.models import ProblemReport, ReportStatus
from services.models import Service
from tests.browser.conftest import screenshot
from tests.browser.test_editing import sign_in
from tests.editing.conftest import published_service
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person(username: str, role: str, organizations: list = ()) -> User:  # type: ignore[assignment]
    user = User.objects.create_user(username, password=f"{username}-password-1", email=f"{username}@example.org")
    Profile.objects.create(user=user, role=role).organizations.set(organizations)
    return user


def _phone_and_back(page: Page, name: str) -> None:
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-phone")
    page.set_viewport_size({"width": 1280, "height": 860})


def test_editor_confirms_from_the_dashboard(page: Page, live_server, live_reference_data) -> None:  # noqa: ANN001
    organization = OrganizationFactory(name_el="Δίκτυο Αλληλεγγύης", name_en="Solidarity Network")
    stale = published_service(organization, name_el="Νομική βοήθεια Κυψέλης")
    hidden = published_service(organization, name_el="Μαθήματα ελληνικών")
    older = published_service(organization, name_el="Ψυχολογική υποστήριξη")
    fresh = published_service(organization, name_el="Φρέσκια υπηρεσία")
    for service, age, name in ((stale, 250, "Legal aid"), (hidden, 500, "Greek lessons"), (older, 200, "Counselling")):
        Service.objects.filter(pk=service.pk).update(assured_date=date.today() - timedelta(days=age), name_en=name)
    Service.objects.filter(pk=fresh.pk).update(assured_date=date.today(), name_en="Fresh service")
    _person("editor", Role.EDITOR, [organization])
    base = live_server.url

    sign_in(page, base, "editor", "editor-password-1", "/en/manage/")
    panel = page.locator("#freshness-panel")
    expect(panel.locator(".freshness-panel__item")).to_have_count(3)
    expect(panel.locator(".freshness--hidden")).to_have_count(1)
    expect(panel).not_to_contain_text("Fresh service")
    _phone_and_back(page, "freshness-dashboard")
    # the hidden service's page says so, and offers the editor the button
    page.goto(f"{base}/en/services/{hidden.pk}/")
    expect(page.locator(".freshness-notice--hidden")).to_contain_text("Hidden from search until confirmed")
    expect(page.get_by_role("button", name="Still accurate Greek lessons")).to_be_visible()
    _phone_and_back(page, "freshness-service-hidden")

    # one click in the panel confirms one service
    page.goto(f"{base}/en/manage/")
    panel.get_by_role("button", name="Still accurate Legal aid").click()
    expect(page).to_have_url(re.compile(r"/en/manage/$"))
    expect(page.locator(".message--success")).to_contain_text("Legal aid")
    expect(panel.locator(".freshness-panel__item")).to_have_count(2)
    stale.refresh_from_db()
    assert stale.assured_date == date.today() and stale.assurer_email == stale.organization.email  # never the person

    # and one for the rest of the organisation's services
    page.get_by_role("button", name="Confirm all 2 services of Solidarity Network as still accurate").click()
    expect(page.locator(".message--success")).to_contain_text("2 services confirmed")
    expect(page.locator("#freshness-panel")).to_have_count(0)
    expect(page.locator(".freshness--fresh")).to_have_count(4)
    assert set(Service.objects.values_list("assured_date", flat=True)) == {date.today()}
    # the hidden one is back in search at once
    answer = page.request.get(f"{base}/api/nearby/?lat=37.9838&lon=23.7275&radius_m=1000").json()
    assert str(hidden.pk) in {f["properties"]["service_id"] for f in answer["features"]}
    screenshot(page, "freshness-dashboard-confirmed")


def test_visitor_reports_a_problem_and_a_coordinator_resolves_it(page: Page, live_server, live_reference_data) -> None:  # noqa: ANN001
    cache.clear()
    organization = OrganizationFactory(name_el="Δίκτυο Αλληλεγγύης", name_en="Solidarity Network")
    service = published_service(organization, name_el="Νομική βοήθεια Κυψέλης")
    _person("coordinator", Role.COORDINATOR)
    base = live_server.url

    page.goto(f"{base}/services/{service.pk}/")  # Greek, anonymous
    page.get_by_text("Είναι κάτι λάθος σε αυτή την καταχώριση;").click()
    page.get_by_label("Κάτι άλλο").check()
    page.get_by_role("button", name="Αποστολή αναφοράς").click()  # "something else" needs details
    expect(page.locator(".message--error")).to_contain_text("η αναφορά δεν στάλθηκε")
    expect(page.locator(".field--invalid .field__error")).to_contain_text("Παρακαλούμε γράψτε τι είναι λάθος.")
    _phone_and_back(page, "feedback-form-error")
    assert not ProblemReport.objects.exists()
    page.get_by_label("Λάθος ωράριο").check()
    page.get_by_label("Λεπτομέρειες").fill("Την Τετάρτη είναι κλειστά το απόγευμα.")
    page.get_by_label("Το email σας (προαιρετικό)").fill("volunteer@example.org")
    _phone_and_back(page, "feedback-form")
    page.get_by_role("button", name="Αποστολή αναφοράς").click()
    expect(page.locator(".message--success")).to_contain_text("στάλθηκε στους συντονιστές")
    _phone_and_back(page, "feedback-thanks")
    report = ProblemReport.objects.get()
    assert (report.kind, report.contact_email) == ("hours", "volunteer@example.org")

    sign_in(page, base, "coordinator", "coordinator-password-1", "/en/manage/")
    page.get_by_role("link", name="Reported problems").click()
    item = page.locator(f"#report-{report.pk}")
    expect(item).to_contain_text("Την Τετάρτη είναι κλειστά το απόγευμα.")
    expect(item).to_contain_text("volunteer@example.org")
    _phone_and_back(page, "feedback-queue")
    item.get_by_label("Note").fill("Called them; hours corrected.")
    item.get_by_role("button", name=re.compile("Resolve")).click()
    expect(page.locator(".message--success")).to_contain_text(f"Report #{report.pk} resolved")
    expect(page.locator(f"#report-{report.pk}")).to_have_count(0)
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.resolution_note == "Called them; hours corrected."
    page.get_by_role("link", name="Resolved").click()
    expect(page.locator(f"#report-{report.pk}")).to_contain_text("Called them; hours corrected.")


def test_coordinator_filters_the_list_and_confirms_an_organisation(
    page: Page, live_server, live_reference_data
) -> None:  # noqa: ANN001
    first = OrganizationFactory(name_el="Δίκτυο Αλληλεγγύης", name_en="Solidarity Network")
    second = OrganizationFactory(name_el="Κέντρο Ημέρας", name_en="Day Centre")
    services = {
        "Legal aid": (published_service(first, name_el="Νομική βοήθεια"), 250),
        "Greek lessons": (published_service(first, name_el="Μαθήματα ελληνικών"), 500),
        "Day care": (published_service(second, name_el="Ημερήσια φροντίδα"), 400),
    }
    for name, (service, age) in services.items():
        Service.objects.filter(pk=service.pk).update(assured_date=date.today() - timedelta(days=age), name_en=name)
    _person("coordinator", Role.COORDINATOR)
    base = live_server.url

    sign_in(page, base, "coordinator", "coordinator-password-1", "/en/manage/")
    expect(page.locator("#freshness-notice")).to_contain_text("3 services need re-confirmation")
    page.get_by_role("link", name="Services to re-confirm").first.click()
    expect(page.locator("#unconfirmed tbody tr")).to_have_count(3)
    page.get_by_label("Organisation").select_option(label="Solidarity Network")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#unconfirmed tbody tr")).to_have_count(2)
    _phone_and_back(page, "freshness-coordinator-list")
    page.get_by_role("button", name="Confirm all of this organisation's services").click()
    expect(page.locator(".message--success")).to_contain_text("2 services confirmed")
    expect(page.locator("#unconfirmed")).to_contain_text("Every listed service is confirmed.")
    page.get_by_label("Organisation").select_option(label="All organisations")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#unconfirmed tbody tr")).to_have_count(1)
    expect(page.locator("#unconfirmed")).to_contain_text("Day care")
