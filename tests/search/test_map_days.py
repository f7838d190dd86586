"""The map's cells keep themselves: bulk loads leave them counted, and the first map request of a new day (Athens
time, across midnight and the summer-time changes) rolls them over to it, with no cron and no manual step."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.gis.geos import Point
from django.db import connection

from freshness.policy import freshness_cutoffs
from search.actions.search_index import search_index_refresh
from search.models import DirectoryState
from search.selectors import map_cells_fresh
from services.actions.demo import demo_seed
from services.models import Language, ServiceAtLocation
from tests.factories import ServiceAtLocationFactory, term
from tests.search.test_map import GREECE, cells_differences, get_map, many  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
ATHENS = ZoneInfo("Europe/Athens")


def at(year: int, month: int, day: int, hour: int, minute: int, second: int = 30) -> datetime:
    """A wall-clock moment in Athens."""
    return datetime(year, month, day, hour, minute, second, tzinfo=ATHENS)


def never_counted() -> None:
    """The state of a database whose cells were never counted (a new installation that added services by hand)."""
    DirectoryState.objects.filter(pk=1).update(map_cells_on=None, map_cells_visible_since=None)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_mapcell")


def cells_day() -> date | None:
    return DirectoryState.objects.values_list("map_cells_on", flat=True).get(pk=1)


def first_cell_id() -> int:
    """The oldest cell row: a recount makes every row anew, a roll-over keeps the ones it does not empty."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM search_mapcell WHERE key = '' AND zoom = 8")
        return cursor.fetchone()[0]


def changing_on(day: date) -> dict[str, ServiceAtLocation]:
    """Services (health, Persian) whose visibility changes at the end of `day`: one ends, one starts, one expires."""
    health = term("primary-health")
    made = {
        "ends": ServiceAtLocationFactory(service__valid_to=day, service__categories=[health]),
        "starts": ServiceAtLocationFactory(service__valid_from=day + timedelta(days=1), service__categories=[health]),
        "expires": ServiceAtLocationFactory(
            service__assured_date=freshness_cutoffs(today=day).hidden_before, service__categories=[health]
        ),
    }
    for n, sal in enumerate(made.values()):
        sal.location.point = Point(23.7 + n / 100, 38.0, srid=4326)
        sal.location.save()
        Language.objects.create(service=sal.service, code="fa")
    return made


MIDNIGHTS = [
    # the night before the clocks go forward (Sunday 29 March 2026, 03:00 → 04:00): midnight is 22:00 UTC
    pytest.param(at(2026, 3, 28, 23, 59), at(2026, 3, 29, 0, 0), id="into-spring-forward-day"),
    # the first midnight in summer time: 21:00 UTC (a fixed UTC+2 would still say 23:00 on the 29th)
    pytest.param(at(2026, 3, 29, 23, 59), at(2026, 3, 30, 0, 0), id="first-summer-midnight"),
    # the night the clocks go back (Sunday 25 October 2026, 04:00 → 03:00): midnight at the end of it is 22:00 UTC
    pytest.param(at(2026, 10, 25, 23, 59), at(2026, 10, 26, 0, 0), id="first-winter-midnight"),
    pytest.param(at(2026, 12, 31, 23, 59), at(2027, 1, 1, 0, 0), id="new-year"),
]


@pytest.mark.parametrize("before,after", MIDNIGHTS)
def test_the_first_request_of_a_day_rolls_the_cells_over(client, many, before, after) -> None:  # noqa: F811
    day = before.date()
    assert after.date() == day + timedelta(days=1)
    with time_machine.travel(before, tick=False):
        changing_on(day)
        search_index_refresh()  # a bulk load: counts the cells for the day
        assert cells_day() == day
        on_the_day = {
            "": get_map(client, bbox=GREECE, zoom=9)["count"],
            "health": get_map(client, bbox=GREECE, zoom=9, category="health")["count"],
            "fa": get_map(client, bbox=GREECE, zoom=9, language="fa")["count"],
        }
    assert on_the_day["fa"] == 2  # the one ending and the one expiring (too few for clusters: counted live)
    oldest = first_cell_id()
    # just before midnight, one minute earlier in UTC terms than a naive offset would put it: still the same day
    with time_machine.travel(before - timedelta(minutes=1), tick=False):
        assert get_map(client, bbox=GREECE, zoom=9)["count"] == on_the_day[""]
        assert cells_day() == day
    with time_machine.travel(after, tick=False):
        after_midnight = get_map(client, bbox=GREECE, zoom=9)  # the first request of the day
        assert after_midnight["clustered"]
        assert cells_day() == day + timedelta(days=1)
        assert map_cells_fresh(on=after.date())
        assert cells_differences() == 0  # the rolled-over cells are what a full count for the new day gives
        assert first_cell_id() == oldest  # rolled over, not recounted
        # one ended, one started, one expired: one fewer in each of the three keys
        assert after_midnight["count"] == on_the_day[""] - 1
        assert get_map(client, bbox=GREECE, zoom=9, category="health")["count"] == on_the_day["health"] - 1
        assert get_map(client, bbox=GREECE, zoom=9, language="fa")["count"] == on_the_day["fa"] - 1


def test_a_clock_set_back_rolls_the_cells_back(client, many) -> None:  # noqa: F811
    day = date(2026, 5, 4)
    with time_machine.travel(at(2026, 5, 5, 12, 0), tick=False):
        changing_on(day)
        search_index_refresh()
        assert cells_day() == day + timedelta(days=1)
    with time_machine.travel(at(2026, 5, 4, 12, 0), tick=False):
        get_map(client, bbox=GREECE, zoom=9)
        assert cells_day() == day
        assert cells_differences() == 0


def test_cells_never_counted_are_counted_by_the_first_map_request(client, many) -> None:  # noqa: F811
    never_counted()
    answer = get_map(client, bbox=GREECE, zoom=9)
    assert answer["clustered"] and answer["count"] == 2400 - 12
    assert cells_differences() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(count) FROM search_mapcell WHERE key = '' AND zoom = 8")
        assert cursor.fetchone()[0] == 2400 - 12


def test_a_full_rebuild_counts_cells_that_were_never_counted(many) -> None:  # noqa: F811
    never_counted()
    search_index_refresh()
    assert cells_day() is not None and cells_differences() == 0


def test_seed_demo_leaves_the_cells_counted() -> None:
    never_counted()
    demo_seed(services=40, seed=7)
    state = DirectoryState.objects.get(pk=1)
    assert state.map_cells_on is not None and map_cells_fresh(on=state.map_cells_on)
    assert cells_differences() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(count) FROM search_mapcell WHERE key = '' AND zoom = 8")
        assert cursor.fetchone()[0] > 0


def test_edits_after_a_roll_over_follow_the_new_day(client, many) -> None:  # noqa: F811
    day = date(2026, 6, 10)
    with time_machine.travel(at(2026, 6, 10, 18, 0), tick=False):
        search_index_refresh()
    with time_machine.travel(at(2026, 6, 11, 8, 0), tick=False):
        get_map(client, bbox=GREECE, zoom=9)  # rolls over
        assert cells_day() == day + timedelta(days=1)
        ServiceAtLocationFactory(service__valid_from=day + timedelta(days=1), location__point=Point(23.7, 38.0))
        ServiceAtLocationFactory(service__valid_to=day, location__point=Point(23.71, 38.0))  # ended yesterday
        assert cells_differences() == 0
        assert get_map(client, bbox=GREECE, zoom=9)["count"] == 2400 - 12 + 1


@pytest.mark.django_db(transaction=True)
def test_an_edit_in_flight_makes_the_roll_over_wait_for_a_later_request() -> None:
    """An edit holds the state row (as the cells' triggers do, FOR KEY SHARE) until it commits: the first request of
    the day does not wait for it, it counts live this once (False) and leaves the cells alone; the next one rolls."""
    import psycopg
    from django.conf import settings

    from search.actions.map_cells import map_cells_current, map_cells_refresh

    today = date(2026, 4, 2)
    map_cells_refresh(on=today - timedelta(days=1))
    db = settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]) as edit:
        edit.execute("SELECT 1 FROM search_directorystate WHERE id = 1 FOR KEY SHARE")  # a transaction stays open
        assert map_cells_current(on=today) is False
        assert cells_day() == today - timedelta(days=1)
        edit.rollback()
    assert map_cells_current(on=today) is True
    assert cells_day() == today
