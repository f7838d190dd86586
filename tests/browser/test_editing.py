"""Participatory editing in a real browser: an editor adds a service, drags the pin, a coordinator approves, the
service is found near the dragged point."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from accounts.models import Profile, Role
from services.models import Service
from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Μαθήματα ελληνικών Κυψέλης"


def sign_in(page: Page, base: str, username: str, password: str, next_path: str) -> None:
    page.goto(f"{base}{next_path}")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(next_path)))


def test_editor_adds_service_drags_pin_coordinator_approves_it_is_found(
    page: Page, live_server, live_reference_data
) -> None:
    organization = OrganizationFactory(name_el="Δίκτυο Αλληλεγγύης", name_en="Solidarity Network")
    editor = User.objects.create_user("editor", password="editor-password-1", first_name="Eleni")
    Profile.objects.create(user=editor, role=Role.EDITOR).organizations.set([organization])
    coordinator = User.objects.create_user("coordinator", password="coordinator-password-1")
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    base = live_server.url

    sign_in(page, base, "editor", "editor-password-1", "/en/manage/services/new/")
    page.fill("#id_name_el", NAME)
    page.fill("#id_name_en", "Greek lessons in Kypseli")
    page.check('input[name="categories"][value="education"]')
    page.check('input[name="languages"][value="ar"]')
    page.check('input[name="capacity_status"][value="waiting_list"]')
    page.check('input[name="hours-0-days"][value="MO"]')
    page.check('input[name="hours-0-days"][value="WE"]')
    page.fill('input[name="hours-0-opens_at"]', "18:00")
    page.fill('input[name="hours-0-closes_at"]', "21:00")
    page.fill('input[name="locations-0-address_1"]', "Φωκίωνος Νέγρη 20")
    page.fill('input[name="locations-0-city"]', "Κυψέλη")
    page.get_by_role("button", name="Show on the map").click()
    container = page.locator("#locations-0")
    expect(container).to_have_attribute("data-marker", "1")
    found_lat = float(container.get_attribute("data-lat"))
    found_lon = float(container.get_attribute("data-lon"))
    assert 37.99 < found_lat < 38.01 and 23.73 < found_lon < 23.76  # the gazetteer's Kypseli

    marker = page.locator("#locations-0 .leaflet-marker-icon")
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=12)
    page.mouse.move(x + 120, y + 80, steps=12)
    page.mouse.up()
    expect(container).not_to_have_attribute("data-lat", f"{found_lat:.6f}")
    lat = float(page.input_value('input[name="locations-0-lat"]'))
    lon = float(page.input_value('input[name="locations-0-lon"]'))
    assert lat < found_lat and lon > found_lon  # dragged down and right: south-east
    screenshot(page, "editing-form-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "editing-form-phone")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.get_by_role("button", name="Send for review").click()
    expect(page).to_have_url(re.compile(r"/en/manage/$"))
    expect(page.locator(".message--success")).to_contain_text("sent to the coordinators")
    expect(page.locator(".status--pending")).to_have_count(1)
    assert not Service.objects.filter(name_el=NAME).exists()
    screenshot(page, "editing-dashboard-editor")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "coordinator", "coordinator-password-1", "/en/manage/review/")
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    screenshot(page, "editing-review-queue")
    page.get_by_role("link", name=re.compile(r"Change #\d+")).click()
    expect(page.locator(".diff")).to_contain_text("Φωκίωνος Νέγρη 20")
    expect(page.locator(".diff")).to_contain_text(f"{lat:.6f}, {lon:.6f}")
    screenshot(page, "editing-review-detail")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "editing-review-detail-phone")
    page.set_viewport_size({"width": 1280, "height": 860})
    page.get_by_label("Comment to the organisation").fill("Thank you")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".message--success")).to_contain_text("Approved and published")

    service = Service.objects.get(name_el=NAME)
    point = service.service_at_locations.get().location.point
    assert (round(point.y, 6), round(point.x, 6)) == (lat, lon)

    page.goto(f"{base}/en/?lat={lat}&lon={lon}&radius_m=500")
    first = page.locator(".result").first
    expect(first.locator(".result__name")).to_have_text("Greek lessons in Kypseli")
    screenshot(page, "editing-approved-in-search")
    answer = page.request.get(f"{base}/api/nearby/?lat={lat}&lon={lon}&limit=1").json()
    feature = answer["features"][0]
    assert feature["properties"]["service_id"] == str(service.pk)
    assert feature["geometry"]["coordinates"] == [lon, lat]

    page.goto(f"{base}/en/manage/services/{service.pk}/history/")
    expect(page.locator(".history__entry").first).to_contain_text("Approved change request")
    screenshot(page, "editing-history")


def test_coordinator_edits_on_a_phone_in_greek_and_reverts(page: Page, live_server, live_reference_data) -> None:
    from tests.editing.conftest import published_service

    organization = OrganizationFactory(name_el="Δίκτυο Αλληλεγγύης", name_en="Solidarity Network")
    service = published_service(organization)
    coordinator = User.objects.create_user("coordinator", password="coordinator-password-1")
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/manage/services/{service.pk}/edit/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "coordinator-password-1")
    page.locator("form.stack-form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Επεξεργασία")
    expect(page.locator("#locations-0")).to_have_attribute("data-marker", "1")
    page.locator(".location-form").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "editing-form-phone-el-place.png"))
    page.check('input[name="capacity_status"][value="full"]')
    page.get_by_role("button", name="Δημοσίευση").click()
    expect(page).to_have_url(re.compile(rf"/manage/services/{service.pk}/history/$"))
    expect(page.locator(".message--success")).to_contain_text("Δημοσιεύτηκε")
    expect(page.locator(".history__entry")).to_have_count(2)
    page.locator(".history__entry details summary").first.click()
    expect(page.locator(".history__entry .diff").first).to_contain_text("Χωρίς διαθέσιμες θέσεις")
    screenshot(page, "editing-history-phone-el")
    page.get_by_role("button", name="Επαναφορά στην έκδοση 1").click()
    expect(page.locator(".message--success")).to_contain_text("Επαναφέρθηκε")
    expect(page.locator(".history__entry")).to_have_count(3)
    service.refresh_from_db()
    assert service.capacity_status == "accepting"
