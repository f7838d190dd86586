"""/manage/ lists organisations, services and submitted changes a page at a time, every one reachable."""

import re
from typing import Any

import pytest
from django.test import Client

from editing.models import ChangeRequest
from editing.views import MANAGE_CHANGES_PER_PAGE, MANAGE_ORGANISATIONS_PER_PAGE, MANAGE_SERVICES_PER_PAGE
from services.models import Service
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_organisations_are_paginated_and_all_reachable(client: Client, coordinator: Any) -> None:
    made = {OrganizationFactory().pk for _ in range(MANAGE_ORGANISATIONS_PER_PAGE + 5)}
    client.force_login(coordinator)
    first = client.get("/en/manage/")
    second = client.get("/en/manage/?page=2")
    assert len(first.context["organizations"].object_list) == MANAGE_ORGANISATIONS_PER_PAGE
    seen = {org.pk for response in (first, second) for org in response.context["organizations"].object_list}
    assert made <= seen
    assert "Page 1 of 2" in first.content.decode() and 'href="?page=2"' in first.content.decode()


def test_a_search_keeps_its_query_across_pages(client: Client, coordinator: Any) -> None:
    for i in range(MANAGE_ORGANISATIONS_PER_PAGE + 1):
        OrganizationFactory(name=f"Δίκτυο {i:03}", name_el=f"Δίκτυο {i:03}")
    client.force_login(coordinator)
    body = client.get("/en/manage/?q=Δίκτυο").content.decode()
    assert 'href="?q=%CE%94%CE%AF%CE%BA%CF%84%CF%85%CE%BF&amp;page=2"' in body


def _section(body: str, title_id: str) -> str:
    """One <section> of the dashboard (its table and its pager)."""
    return body.split(f'<section aria-labelledby="{title_id}"')[1].split("</section>")[0]


def _services(section: str) -> list[str]:
    return re.findall(r">(s\d{3})</a>", section)


@pytest.fixture
def many_services(editor_a: Any, org_a: Any) -> Any:
    """130 services of the editor's organisation, named so that their order is their number."""
    Service.objects.bulk_create(
        [Service(organization=org_a, name_el=f"s{n:03}", name_en=f"s{n:03}") for n in range(1, 131)]
    )
    return editor_a


def test_services_are_paged_fifty_at_a_time(client: Client, many_services: Any) -> None:
    assert MANAGE_SERVICES_PER_PAGE == 50
    client.force_login(many_services)
    second = _section(client.get("/en/manage/?services_page=2").content.decode(), "services-title")
    assert _services(second) == [f"s{n:03}" for n in range(51, 101)]
    assert "showing 51–100 of 130" in second and "Page 2 of 3" in second
    assert 'href="?services_page=1" rel="prev"' in second and 'href="?services_page=3" rel="next"' in second
    assert 'aria-label="Pages of services"' in second and 'aria-current="page"' in second
    last = _section(client.get("/en/manage/?services_page=3").content.decode(), "services-title")
    assert _services(last) == [f"s{n:03}" for n in range(101, 131)] and 'rel="next"' not in last


def test_a_page_out_of_range_shows_the_last_and_a_bad_one_the_first(client: Client, many_services: Any) -> None:
    """As Paginator.get_page does: past the end is the last page, not a number is the first."""
    client.force_login(many_services)
    beyond = _section(client.get("/en/manage/?services_page=99").content.decode(), "services-title")
    assert _services(beyond) == [f"s{n:03}" for n in range(101, 131)]
    assert "showing 101–130 of 130" in beyond
    garbage = _section(client.get("/en/manage/?services_page=x").content.decode(), "services-title")
    assert _services(garbage)[0] == "s001" and "Page 1 of 3" in garbage


def test_the_pager_keeps_the_other_parameters(client: Client, many_services: Any) -> None:
    """Paging the services keeps the search and the changes' page, and the other way round."""
    client.force_login(many_services)
    body = client.get("/en/manage/", {"q": "s", "changes_page": "1", "services_page": "2"}).content.decode()
    services = _section(body, "services-title")
    assert 'href="?q=s&amp;changes_page=1&amp;services_page=3" rel="next"' in services
    assert 'href="?q=s&amp;changes_page=1&amp;services_page=1" rel="prev"' in services


def test_submitted_changes_are_paged_twenty_five_at_a_time(client: Client, coordinator: Any, org_a: Any) -> None:
    assert MANAGE_CHANGES_PER_PAGE == 25
    made = [
        ChangeRequest.objects.create(organization=org_a, service_name=f"c{n:03}", proposed={}, base=None)
        for n in range(1, 131)
    ]
    newest_first = [change.pk for change in reversed(made)]
    client.force_login(coordinator)
    body = client.get("/en/manage/?changes_page=2").content.decode()
    changes = _section(body, "changes-title")
    shown = [int(pk) for pk in re.findall(r">#(\d+)</a>", changes)]
    assert shown == newest_first[25:50]
    assert "showing 26–50 of 130" in changes and 'href="?changes_page=3" rel="next"' in changes
    assert 'aria-label="Pages of submitted changes"' in changes
    greek = _section(client.get("/manage/?changes_page=2").content.decode(), "changes-title")
    assert "εμφανίζονται 26–50 από 130" in greek


def test_the_review_queue_is_paged_oldest_first(client: Client, coordinator: Any, org_a: Any) -> None:
    """60 waiting changes: 25 a page, oldest first; page 3 holds the last 10, a page beyond it is page 3 too."""
    made = [
        ChangeRequest.objects.create(organization=org_a, service_name=f"r{n:03}", proposed={}, base=None)
        for n in range(1, 61)
    ]
    client.force_login(coordinator)

    def shown(body: str) -> list[int]:
        return [int(pk) for pk in re.findall(r"Change #(\d+)</a>", body)]

    second = client.get("/en/manage/review/?page=2").content.decode()
    assert shown(second) == [change.pk for change in made[25:50]]
    assert "showing 26–50 of 60" in second and 'aria-label="Pages of the review queue"' in second
    assert 'href="?page=1" rel="prev"' in second and 'href="?page=3" rel="next"' in second
    beyond = client.get("/en/manage/review/?page=9").content.decode()
    assert shown(beyond) == [change.pk for change in made[50:]] and "showing 51–60 of 60" in beyond
