"""The freshness policy (freshness/policy.py) and its effect on search, with a frozen clock."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings

from freshness.policy import Freshness, freshness_cutoffs, months_before, service_freshness
from search.selectors import service_list_nearby
from services.models import Service
from services.selectors import SearchFilters
from tests.factories import ServiceAtLocationFactory

ATHENS = ZoneInfo("Europe/Athens")
TODAY = date(2026, 8, 31)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2026, 2, 28)),  # the month has fewer days
        (date(2028, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 15), 6, date(2025, 9, 15)),  # across a year
        (date(2026, 1, 1), 12, date(2025, 1, 1)),
        (date(2026, 12, 31), 0, date(2026, 12, 31)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    ("verified", "expected"),
    [
        (TODAY, Freshness.FRESH),
        (date(2026, 2, 28), Freshness.FRESH),  # exactly one period: still confirmed
        (date(2026, 2, 27), Freshness.NEEDS_RECONFIRMATION),
        (date(2025, 8, 31), Freshness.NEEDS_RECONFIRMATION),  # exactly two periods: still shown
        (date(2025, 8, 30), Freshness.HIDDEN),
    ],
)
def test_states_across_both_periods(verified: date, expected: str) -> None:
    assert service_freshness(assured_date=verified, created_at=None, today=TODAY) == expected


@override_settings(FRESHNESS_MONTHS=3)
def test_policy_period_is_a_setting() -> None:
    cutoffs = freshness_cutoffs(today=TODAY)
    assert (cutoffs.stale_before, cutoffs.hidden_before) == (date(2026, 5, 31), date(2026, 2, 28))


def _nearby_ids(moment: datetime) -> set:
    found = service_list_nearby(lat=37.9838, lon=23.7275, radius_m=1000, filters=SearchFilters(), moment=moment)
    return {r.id for r in found}


@pytest.mark.django_db
def test_search_hides_services_unconfirmed_for_two_periods_until_confirmed() -> None:
    with time_machine.travel(datetime(2025, 1, 10, 12, tzinfo=ATHENS), tick=False):
        never_confirmed = ServiceAtLocationFactory()  # verified on its creation day
    confirmed = ServiceAtLocationFactory(service__assured_date=date(2025, 12, 1))
    recent = ServiceAtLocationFactory(service__assured_date=date(2026, 8, 1))

    # 31 Aug 2026 (hidden before 31 Aug 2025): 1 Dec 2025 needs re-confirmation but is found; 10 Jan 2025 is not
    with time_machine.travel(datetime(2026, 8, 31, 12, tzinfo=ATHENS), tick=False):
        assert _nearby_ids(datetime(2026, 8, 31, 12, tzinfo=ATHENS)) == {confirmed.id, recent.id}
    # 2 June 2027 (hidden before 2 June 2026): 1 Dec 2025 has dropped out too
    with time_machine.travel(datetime(2027, 6, 2, 12, tzinfo=ATHENS), tick=False):
        assert _nearby_ids(datetime(2027, 6, 2, 12, tzinfo=ATHENS)) == {recent.id}
        # a one-click confirmation (assured_date = today) brings it straight back: the index follows by trigger
        Service.objects.filter(pk=never_confirmed.service_id).update(assured_date=date(2027, 6, 2))
        assert _nearby_ids(datetime(2027, 6, 2, 12, tzinfo=ATHENS)) == {recent.id, never_confirmed.id}


@pytest.mark.django_db
def test_api_and_export_leave_hidden_services_out(client) -> None:  # noqa: ANN001
    stale = ServiceAtLocationFactory(service__assured_date=date.today() - timedelta(days=800))
    fresh = ServiceAtLocationFactory(service__assured_date=date.today() - timedelta(days=10))
    answer = client.get("/api/nearby/", {"lat": 37.9838, "lon": 23.7275, "radius_m": 1000}).json()
    assert {f["id"] for f in answer["features"]} == {str(fresh.id)}
    exported = b"".join(client.get("/export/services.csv").streaming_content).decode()
    assert str(fresh.service_id) in exported and str(stale.service_id) not in exported
