"""Coordinators' pages changed by issue 14: the review diff marks changed words (struck / underlined, with words
for screen readers); the list of services to re-confirm is paged with the dashboard's count."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from editing.models import ChangeRequest
from services.models import Organization, Service
from tests.browser.conftest import axe_serious_violations, screenshot
from tests.browser.test_every_page import sign_in
from tests.site_pages import site_pages_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 360, "height": 740}}


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_review_diff_and_services_to_reconfirm(page: Page, live_server, live_reference_data, device: str) -> None:  # noqa: ANN001
    coordinator, _pages = site_pages_data()
    change = ChangeRequest.objects.get()
    organization = Organization.objects.get(name_el="Οργάνωση Α")
    stale = date.today() - timedelta(days=250)
    Service.objects.bulk_create(
        [Service(organization=organization, name=f"Παλιά {n:02}", name_el=f"Παλιά {n:02}", assured_date=stale)
         for n in range(60)]
    )  # fmt: skip
    page.set_viewport_size(VIEWPORTS[device])
    sign_in(page, live_server.url, coordinator.username)
    for language in ("el", "en"):
        with translation.override(language):
            page.goto(live_server.url + reverse("editing:review_detail", args=[change.pk]))
        removed = page.locator(".diff__old del")
        added = page.locator(".diff__new ins")
        # "Παλιά περιγραφή" became "Νέα περιγραφή με αλλαγμένες λέξεις": the unchanged word is not marked
        expect(removed).to_have_count(1)
        expect(removed).to_contain_text("Παλιά")
        expect(added).to_have_count(2)
        expect(added.last).to_contain_text("με αλλαγμένες λέξεις")
        assert "περιγραφή" not in " ".join(removed.all_inner_texts() + added.all_inner_texts())
        label = "removed:" if language == "en" else "αφαιρέθηκε:"
        expect(removed.locator(".visually-hidden")).to_have_text(label + " ")
        assert removed.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
        assert added.first.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
        assert axe_serious_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[device]["width"]
        screenshot(page, f"review-diff-{language}-{device}")

        with translation.override(language):
            page.goto(live_server.url + reverse("freshness:list"))
        count = "60 services" if language == "en" else "60 υπηρεσίες"
        expect(page.locator("#unconfirmed-count")).to_have_text(count)
        expect(page.locator("#unconfirmed tbody tr")).to_have_count(50)
        page.locator(".pager a[rel=next]").click()
        expect(page.locator("#unconfirmed tbody tr")).to_have_count(10)
        assert axe_serious_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[device]["width"]
        screenshot(page, f"reconfirm-page2-{language}-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_dashboard_services_are_paged_with_the_shared_pager(
    page: Page, live_server, live_reference_data, device: str
) -> None:  # noqa: ANN001, E501
    """/manage/ with a search: 60 services, 50 on the first page; the pager says where we are in both languages,
    its links are thumb-sized on a phone and keep the search, and the page passes axe."""
    coordinator, _pages = site_pages_data()
    organization = Organization.objects.get(name_el="Οργάνωση Α")
    Service.objects.bulk_create(
        [Service(organization=organization, name_el=f"Σελίδα {n:02}", name_en=f"Paged {n:02}") for n in range(60)]
    )
    ChangeRequest.objects.bulk_create(
        [ChangeRequest(organization=organization, service_name=f"Νέα {n:02}", proposed={}) for n in range(30)]
    )  # with the one site_pages_data made: 31 waiting, 25 on the review queue's first page
    page.set_viewport_size(VIEWPORTS[device])
    sign_in(page, live_server.url, coordinator.username)
    for language, query, showing in (
        ("el", "Σελίδα", "εμφανίζονται 1–50 από 60"),
        ("en", "Paged", "showing 1–50 of 60"),
    ):
        with translation.override(language):
            page.goto(live_server.url + reverse("editing:manage") + f"?q={query}")
        services = page.locator('section[aria-labelledby="services-title"]')
        pager = services.locator("nav.pager")
        expect(services.locator("tbody tr")).to_have_count(50)
        expect(pager.locator(".pager__range")).to_have_text(showing)
        expect(pager.locator('[aria-current="page"]')).to_be_visible()
        assert pager.get_attribute("aria-label")
        box = pager.locator("a[rel=next]").bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44
        assert axe_serious_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[device]["width"]
        # the table scrolls inside a region a keyboard can reach and a screen reader can name; on a phone it is
        # wider than the screen, and the region shows a shadow on the edge that has more
        region = services.locator(".table-scroll")
        assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
        expect(region).to_have_accessible_name("Υπηρεσίες" if language == "el" else "Services")
        if device == "phone":
            assert region.evaluate("e => e.scrollWidth > e.clientWidth")
            assert "radial-gradient" in region.evaluate("e => getComputedStyle(e).backgroundImage")
        # never confirmed: the date the freshness policy counts from (the day it was listed), said as such, and
        # no contradiction with the "Confirmed" badge beside it; the date stays on one line
        verified = services.locator("tbody tr").first.locator(".manage-table__date")
        listed = "(ημερομηνία καταχώρισης)" if language == "el" else "(date listed)"
        expect(verified).to_contain_text(listed)
        expect(verified).not_to_contain_text("ποτέ" if language == "el" else "never")
        assert verified.locator("span").first.evaluate("e => e.getClientRects().length") == 1
        screenshot(page, f"manage-services-{language}-{device}")
        pager.locator("a[rel=next]").click()
        expect(services.locator("tbody tr")).to_have_count(10)
        expect(page.locator("#id_q")).to_have_value(query)
        expect(pager.locator("a[rel=prev]")).to_be_visible()
        pager.scroll_into_view_if_needed()
        screenshot(page, f"manage-services-page2-{language}-{device}")

        with translation.override(language):
            page.goto(live_server.url + reverse("editing:review_queue") + "?page=2")
        expect(page.locator(".review-group li")).to_have_count(6)
        expect(page.locator(".pager .pager__range")).to_contain_text("26–31")
        assert axe_serious_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[device]["width"]
        screenshot(page, f"review-queue-page2-{language}-{device}")
