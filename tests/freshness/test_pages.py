"""Badges across both policy periods on the service page, the dashboard and the organisation page; the
coordinators' list; the search list's stale style follows the policy."""

from datetime import date, timedelta

import pytest
import time_machine
from django.test import override_settings

from services.models import Service
from services.templatetags.directory import is_stale
from tests.freshness.conftest import athens, en_url, published_service

pytestmark = pytest.mark.django_db

STALE = "Needs re-confirmation"
HIDDEN = "Hidden from search until confirmed"


def _page(client, name: str, *args: object) -> str:  # noqa: ANN001
    response = client.get(en_url(name, *args))
    assert response.status_code == 200
    return response.content.decode()


def test_badges_across_both_periods(client, editor_a, org_a) -> None:  # noqa: ANN001
    with time_machine.travel(athens(2025, 3, 1), tick=False):
        service = published_service(org_a, name_el="Υπηρεσία με ημερομηνίες")
    detail = ("services:detail", service.pk)
    organisation = ("organisations:detail", org_a.pk)
    client.force_login(editor_a)
    # fresh: no badge anywhere but "Confirmed" on the dashboard
    with time_machine.travel(athens(2025, 9, 1), tick=False):
        page = _page(client, *detail)
        assert STALE not in page and HIDDEN not in page
        assert "Still accurate" in page  # the editor may confirm from the service page
        assert "freshness--fresh" in _page(client, "editing:manage")
        assert "freshness--stale" not in _page(client, *organisation)
    # one period and a day: needs re-confirmation, hidden from 2 March 2026
    with time_machine.travel(athens(2025, 9, 2), tick=False):
        page = _page(client, *detail)
        assert "freshness--stale" in page and "2 March 2026" in page
        assert "freshness--stale" in _page(client, "editing:manage")
        assert "freshness--stale" in _page(client, *organisation)
    # two periods: still shown; the day after, hidden — the page says so and stays reachable
    with time_machine.travel(athens(2026, 3, 1), tick=False):
        assert HIDDEN not in _page(client, *detail)
    with time_machine.travel(athens(2026, 3, 2), tick=False):
        page = _page(client, *detail)
        assert "freshness--hidden" in page and "this page stays reachable by its link" in page
        assert "freshness--hidden" in _page(client, "editing:manage")
        assert "freshness--hidden" in _page(client, *organisation)


def test_confirm_button_only_for_those_who_may(client, editor_b, caseworker, org_a) -> None:  # noqa: ANN001
    service = published_service(org_a)
    detail = ("services:detail", service.pk)
    assert "Still accurate" not in _page(client, *detail)
    client.force_login(editor_b)
    assert "Still accurate" not in _page(client, *detail)
    client.force_login(caseworker)
    assert "Still accurate" not in _page(client, *detail)


@override_settings(FRESHNESS_MONTHS=3)
def test_policy_period_moves_badges(client, org_a) -> None:  # noqa: ANN001
    service = published_service(org_a)
    Service.objects.filter(pk=service.pk).update(assured_date=date.today() - timedelta(days=120))
    assert "freshness--stale" in _page(client, "services:detail", service.pk)


def test_is_stale_follows_the_policy() -> None:
    today = date.today()
    assert not is_stale(today - timedelta(days=150))
    assert is_stale(today - timedelta(days=200))
    with override_settings(FRESHNESS_MONTHS=3):
        assert is_stale(today - timedelta(days=150))
    with override_settings(FRESHNESS_MONTHS=12):
        assert not is_stale(today - timedelta(days=300))


def test_coordinator_list_filters_by_organisation_and_state(client, coordinator, editor_a, org_a, org_b) -> None:  # noqa: ANN001
    today = date.today()
    names = {"Α-παλιά": (org_a, 250), "Α-κρυμμένη": (org_a, 500), "Α-φρέσκια": (org_a, 5), "Β-κρυμμένη": (org_b, 500)}
    for name, (organization, age) in names.items():
        service = published_service(organization, name_el=name)
        Service.objects.filter(pk=service.pk).update(assured_date=today - timedelta(days=age))
    url = en_url("freshness:list")[3:]  # the Greek page: the names above are the Greek ones
    client.force_login(coordinator)

    def listed(**params: str) -> set[str]:
        page = client.get(url, params).content.decode()
        table = page.split('id="unconfirmed"')[1].split("</table>")[0]
        return {name for name in names if name in table}

    assert listed() == {"Α-παλιά", "Α-κρυμμένη", "Β-κρυμμένη"}
    assert listed(organization=str(org_a.pk)) == {"Α-παλιά", "Α-κρυμμένη"}
    assert listed(state="hidden") == {"Α-κρυμμένη", "Β-κρυμμένη"}
    assert listed(organization=str(org_b.pk), state="needs_reconfirmation") == set()
    assert listed(organization="not-a-uuid") == {"Α-παλιά", "Α-κρυμμένη", "Β-κρυμμένη"}

    client.force_login(editor_a)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_coordinator_list_pages_and_counts_what_the_dashboard_counts(client, coordinator, org_a) -> None:  # noqa: ANN001
    """More than 500 services to re-confirm: the list's count is the dashboard's, every one is on some page."""
    stale = date.today() - timedelta(days=250)
    Service.objects.bulk_create(
        [Service(organization=org_a, name=f"s{n:03}", name_el=f"s{n:03}", assured_date=stale) for n in range(520)]
    )
    Service.objects.create(organization=org_a, name="fresh", name_el="fresh", assured_date=date.today())
    client.force_login(coordinator)
    dashboard = _page(client, "editing:manage")
    assert "520 services need re-confirmation or are hidden from search." in dashboard
    first = _page(client, "freshness:list")
    assert '<p id="unconfirmed-count">520 services</p>' in first
    assert "Page 1 of 11" in first
    seen: set[str] = set()
    for number in range(1, 12):
        page = client.get(en_url("freshness:list"), {"page": number, "organization": str(org_a.pk)}).content.decode()
        assert '<p id="unconfirmed-count">520 services</p>' in page
        table = page.split('id="unconfirmed"')[1].split("</table>")[0]
        seen |= {f"s{n:03}" for n in range(520) if f">s{n:03}</a>" in table}
        if number < 11:
            assert f"organization={org_a.pk}&amp;page={number + 1}" in page
    assert len(seen) == 520
