"""A coordinator uploads a sheet in a real browser: the error report, then a good file's preview, apply, result."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from services.models import Service
from tests.browser.conftest import screenshot
from tests.bulkupload.conftest import PASSWORD, csv_bytes, make_user
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEADER = ["organization", "name_el", "name_en", "categories", "languages", "address", "city", "latitude", "longitude",
          "hours"]  # fmt: skip


def sign_in(page: Page, base: str) -> None:
    page.goto(base + "/en/accounts/login/?next=/en/upload/")
    page.get_by_label("Username or email").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bulk upload of services")


def test_a_coordinator_sees_the_error_report_then_applies_a_good_file(
    page: Page,
    live_server,
    live_reference_data,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    organization = OrganizationFactory(name="Ελληνικό Φόρουμ Προσφύγων", name_en="Greek Forum of Refugees")
    make_user("coordinator", Role.COORDINATOR)
    bad = tmp_path / "services-bad.csv"
    bad.write_bytes(
        csv_bytes(
            [
                HEADER,
                [
                    organization.name_el,
                    "Ιατρείο",
                    "Clinic",
                    "health, cooking",
                    "el",
                    "Ερμού 1",
                    "Αθήνα",
                    "37.98",
                    "23.73",
                    "MO-FR 09:00-17:00",
                ],
                [
                    organization.name_el,
                    "Νομική βοήθεια",
                    "",
                    "legal-aid",
                    "el",
                    "Ερμού 2",
                    "Αθήνα",
                    "48.85",
                    "2.35",
                    "",
                ],
            ]  # fmt: skip
        )
    )
    good = tmp_path / "services.csv"
    good.write_bytes(
        csv_bytes(
            [
                HEADER,
                [
                    organization.name_el,
                    "Ιατρείο",
                    "Clinic",
                    "health",
                    "el, fa",
                    "Ερμού 1",
                    "Αθήνα",
                    "37.9760",
                    "23.7290",
                    "MO-FR 09:00-17:00",
                ],
                [
                    organization.name_el,
                    "Νομική βοήθεια",
                    "Legal aid",
                    "legal-aid",
                    "el, ar",
                    "Σόλωνος 10",
                    "Αθήνα",
                    "37.9800",
                    "23.7380",
                    "TU,TH 10:00-14:00",
                ],
            ]  # fmt: skip
        )
    )
    sign_in(page, live_server.url)
    screenshot(page, "bulkupload-form")

    page.get_by_label("File", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(page.locator("#upload-status")).to_contain_text("2 problems: nothing can be written")
    issues = page.locator("#issues tbody tr")
    expect(issues).to_have_count(2)
    expect(issues.first).to_contain_text("unknown categories code 'cooking'")
    expect(page.get_by_role("button", name="Apply: write everything")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (CSV)").click()
    report = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "cooking" in report and "outside Greece" in report
    screenshot(page, "bulkupload-errors")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "bulkupload-errors-phone")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.get_by_role("link", name="← Bulk upload").click()
    page.get_by_label("File", exact=True).set_input_files(str(good))
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(page.locator("#upload-status")).to_contain_text("Dry run: no problems")
    expect(page.locator("#count-new")).to_have_text("2")
    expect(page.locator("#preview tbody tr")).to_have_count(2)
    assert not Service.objects.exists()
    screenshot(page, "bulkupload-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "bulkupload-preview-phone")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.get_by_role("button", name="Apply: write everything").click()
    expect(page.locator("#upload-status")).to_contain_text("Applied")
    expect(page.get_by_role("status")).to_contain_text("every row was written")
    assert set(Service.objects.values_list("name_el", flat=True)) == {"Ιατρείο", "Νομική βοήθεια"}
    screenshot(page, "bulkupload-applied")

    # the new services are found by the caseworker search
    page.goto(live_server.url + "/en/?lat=37.978&lon=23.733")
    expect(page.get_by_text("Clinic").first).to_be_visible()
    # the map's own /api/map/ request ends before the test does: one still running on the live server when the
    # database is flushed can deadlock the flush (its first request of the day counts the map cells)
    expect(page.locator("[data-map-loading='false']")).to_have_count(1)


def test_the_upload_page_in_greek_on_a_phone(page: Page, live_server, live_reference_data) -> None:  # noqa: ANN001
    make_user("coordinator", Role.COORDINATOR)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/login/?next=/upload/")
    page.locator("#id_username").fill("coordinator")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").last.click()
    expect(page.locator("html")).to_have_attribute("lang", "el")
    expect(page.locator("input[type=file]")).to_be_visible()
    screenshot(page, "bulkupload-form-el-phone")
