"""One rule, one home (services/rules.py and services/querysets.py): every reader counts the same services, and the
SQL and Python sides of each rule agree."""

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from boundaries.models import Area
from freshness.policy import service_verified_on
from search.actions.map_cells import map_cells_refresh
from search.models import MapCell
from search.selectors import MapView, service_list_nearby, service_map_features, service_map_json
from services.directory import organization_directory
from services.models import Schedule, Service
from services.rules import (
    SCHEDULE_OPEN_SQL,
    current_sql,
    location_address_line_sql,
    open_now_params,
    verified_on_sql,
)
from services.selectors import SearchFilters
from tests.factories import AddressFactory, OrganizationFactory, ServiceAtLocationFactory, term

pytestmark = pytest.mark.django_db
ATHENS = ZoneInfo("Europe/Athens")
UTC = ZoneInfo("UTC")
BOX = (24.00, 37.50, 24.03, 37.52)  # in the sea south-east of Attica, far from every real area


def _square(west: float, south: float, east: float, north: float) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((west, south, east, north)), srid=4326)


@pytest.fixture
def organisation() -> dict[str, Service]:
    """One organisation, six services, each at its own place in BOX: two that search shows, four that it hides."""
    cache.clear()
    town = Area.objects.create(
        code="rules-town", level="municipality", name="Κανονούπολη", name_el="Κανονούπολη", name_en="Ruleton",
        geom=_square(*BOX),
    )  # fmt: skip
    Area.objects.create(
        code="rules-n", level="neighbourhood", name="N", name_el="N", name_en="N", parent=town, geom=_square(*BOX)
    )
    org = OrganizationFactory(name="Οργάνωση Ξυλόκαστρο", name_el="Οργάνωση Ξυλόκαστρο", name_en="Xylokastro Org")
    today = timezone.localdate(timezone=ATHENS)
    kinds = {
        "active": {},
        "needs_reconfirmation": {"assured_date": today - timedelta(days=200)},  # stale, still shown
        "inactive": {"status": "inactive"},
        "expired": {"valid_to": today - timedelta(days=1)},
        "not_yet_valid": {"valid_from": today + timedelta(days=1)},
        "hidden": {"assured_date": today - timedelta(days=800)},  # unconfirmed for two policy periods
    }
    services = {}
    for number, (kind, fields) in enumerate(kinds.items()):
        sal = ServiceAtLocationFactory(
            service__organization=org,
            service__categories=[term("legal-aid")],
            location__organization=org,
            location__point=Point(24.002 + number * 0.004, 37.505, srid=4326),
            **{f"service__{name}": value for name, value in fields.items()},
        )
        services[kind] = sal.service
    return services


def test_directory_search_map_exports_and_coverage_count_the_same_services(client: Client, organisation: dict) -> None:
    shown = {str(organisation["active"].id), str(organisation["needs_reconfirmation"].id)}
    word = SearchFilters(q="ξυλοκαστρο")
    # the rule itself
    assert {str(i) for i in Service.objects.visible().values_list("id", flat=True)} == shown
    # the organisation directory: its count, and its committee count
    listed = client.get("/organisations/", {"q": "Ξυλόκαστρο"}).context["page"].object_list
    assert [org.service_count for org in listed] == [len(shown)]
    assert [org.service_count for org in organization_directory(q="Ξυλόκαστρο", committee="rights-legal")] == [2]
    # search (nearest first)
    found = service_list_nearby(lat=37.505, lon=24.012, radius_m=20000, filters=word, limit=50)
    assert {json.loads(r.properties_json)["service_id"] for r in found} == shown
    # the map: points counted live, and the pre-counted cells
    view = MapView(west=BOX[0], south=BOX[1], east=BOX[2], north=BOX[3], zoom=14)
    features = service_map_features(view=view, filters=word)["features"]
    assert {f["properties"]["service_id"] for f in features} == shown
    map_cells_refresh()
    # SELECT sum(count) FROM search_mapcell WHERE key = '' AND zoom = 8  -- the test database holds only these
    assert sum(MapCell.objects.filter(key="", zoom=8).values_list("count", flat=True)) == len(shown)
    # the exports
    response = client.get("/export/services.csv", {"q": "ξυλοκαστρο"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["service_id"] for row in rows} == shown
    # coverage
    data = client.get("/api/coverage/", {"level": "neighbourhood", "city": "rules-town"}).json()  # only BOX
    assert {row["code"]: row["services"] for row in data["rows"]} == {"rules-n": len(shown)}


def test_current_agrees_in_python_orm_and_sql(organisation: dict) -> None:
    today = timezone.localdate(timezone=ATHENS)
    for on in (today - timedelta(days=2), today, today + timedelta(days=2)):
        python = {s.id for s in Service.objects.all() if s.is_current(on)}
        orm = set(Service.objects.current(on).values_list("id", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT s.id FROM services_service s WHERE {current_sql('s')}", {"on": on})  # noqa: S608
            sql = {row[0] for row in cursor.fetchall()}
        assert python == orm == sql


def test_verified_on_agrees_in_python_orm_sql_and_the_search_index() -> None:
    # creation moments around midnight in Athens, on both sides of both DST changes of 2026
    moments = [
        datetime(2026, 3, 28, 21, 59, tzinfo=UTC),  # 23:59 in Athens
        datetime(2026, 3, 28, 22, 0, tzinfo=UTC),  # 00:00 on the 29th
        datetime(2026, 3, 29, 21, 0, tzinfo=UTC),  # 00:00 on the 30th (summer time)
        datetime(2026, 10, 24, 20, 59, tzinfo=UTC),  # 23:59 (summer time)
        datetime(2026, 10, 25, 22, 0, tzinfo=UTC),  # 00:00 on the 26th (winter time)
        datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
    ]
    ids = []
    for number, moment in enumerate(moments * 2):
        sal = ServiceAtLocationFactory(service__assured_date=date(2026, 1, 1) if number >= len(moments) else None)
        Service.objects.filter(pk=sal.service_id).update(created_at=moment)
        ids.append(sal.service_id)
    services = Service.objects.with_verified_on().in_bulk(ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT s.id, {verified_on_sql('s')} FROM services_service s")  # noqa: S608
        sql = dict(cursor.fetchall())
        cursor.execute("SELECT service_id, verified_on FROM search_source")
        index = dict(cursor.fetchall())
    for service in services.values():
        python = service_verified_on(assured_date=service.assured_date, created_at=service.created_at)
        assert python == service.verified_on == sql[service.id] == index[service.id]
    assert {services[i].verified_on for i in ids[:3]} == {date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30)}


def test_the_address_line_of_the_search_index_is_the_rule() -> None:
    for street, postcode, city in [
        ("Πανεπιστημίου 10", "10671", "Αθήνα"),
        ("Σόλωνος 5", "", "Αθήνα"),
        ("", "", "Πειραιάς"),
    ]:
        sal = ServiceAtLocationFactory()
        AddressFactory(location=sal.location, address_1=street, postal_code=postcode, city=city)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.properties_el::json ->> 'address', {location_address_line_sql('l')}"  # noqa: S608
            " FROM search_source v JOIN services_location l ON l.id = v.location_id"
        )
        pairs = cursor.fetchall()
    assert len(pairs) == 3 and all(view == rule for view, rule in pairs)
    assert {rule for _, rule in pairs} == {"Πανεπιστημίου 10, 10671, Αθήνα", "Σόλωνος 5, Αθήνα", "Πειραιάς"}


# A Friday night period 22:00–02:00 and a Sunday small-hours one, 03:00–04:00, across midnight and both DST changes
# of 2026 in Europe/Athens (29 March 03:00 → 04:00; 25 October 04:00 → 03:00).
OPEN_CASES = [
    ("FR", time(22), time(2), datetime(2026, 3, 27, 21, 59, tzinfo=ATHENS), False),
    ("FR", time(22), time(2), datetime(2026, 3, 27, 22, 0, tzinfo=ATHENS), True),
    ("FR", time(22), time(2), datetime(2026, 3, 27, 23, 59, tzinfo=ATHENS), True),
    ("FR", time(22), time(2), datetime(2026, 3, 28, 1, 59, tzinfo=ATHENS), True),  # Saturday, after midnight
    ("FR", time(22), time(2), datetime(2026, 3, 28, 2, 0, tzinfo=ATHENS), False),
    ("SA", time(22), time(4), datetime(2026, 3, 29, 0, 30, tzinfo=UTC), True),  # 02:30 winter time
    ("SA", time(22), time(4), datetime(2026, 3, 29, 0, 59, tzinfo=UTC), True),  # 02:59, then the clock jumps
    ("SA", time(22), time(4), datetime(2026, 3, 29, 1, 0, tzinfo=UTC), False),  # 04:00 summer time
    ("SU", time(3), time(4), datetime(2026, 10, 24, 23, 59, tzinfo=UTC), False),  # 02:59 summer time
    ("SU", time(3), time(4), datetime(2026, 10, 25, 0, 30, tzinfo=UTC), True),  # 03:30 summer time
    ("SU", time(3), time(4), datetime(2026, 10, 25, 1, 30, tzinfo=UTC), True),  # 03:30 again, winter time
    ("SU", time(3), time(4), datetime(2026, 10, 25, 2, 0, tzinfo=UTC), False),  # 04:00 winter time
    ("SA", time(23), time(1), datetime(2026, 10, 25, 0, 0, tzinfo=ATHENS), True),  # Sunday 00:00
]


@pytest.mark.parametrize(("byday", "opens", "closes", "moment", "expected"), OPEN_CASES)
@pytest.mark.parametrize("zone", ["Europe/Athens", "UTC"])  # the field does not change the rule: Athens time
def test_open_now_agrees_in_python_orm_and_search(byday, opens, closes, moment, expected, zone) -> None:  # noqa: ANN001
    sal = ServiceAtLocationFactory(
        service__assured_date=moment.astimezone(ATHENS).date(), location__point=Point(24.01, 37.51, srid=4326)
    )
    schedule = Schedule.objects.create(
        service=sal.service, byday=byday, opens_at=opens, closes_at=closes, timezone=zone
    )
    assert schedule.is_open_at(moment) is expected
    assert Schedule.objects.open_at(moment).filter(pk=schedule.pk).exists() is expected
    assert Service.objects.open_at(moment).filter(pk=sal.service_id).exists() is expected
    found = service_list_nearby(lat=37.51, lon=24.01, radius_m=1000, moment=moment)
    assert [r.open_now for r in found] == [expected]
    only_open = service_list_nearby(
        lat=37.51, lon=24.01, radius_m=1000, moment=moment, filters=SearchFilters(open_now=True)
    )
    assert len(only_open) == int(expected)


def test_one_schedule_open_agrees_in_sql_and_python() -> None:
    """SCHEDULE_OPEN_SQL (what OPEN_NOW_SQL and the map's and nearby's lateral read) is Schedule.is_open_at, valid
    dates and all, for every period of a grid of days, clocks and overnight periods at every hour of a week."""
    today = date(2026, 12, 9)  # a Wednesday
    service = ServiceAtLocationFactory().service
    valid = [(None, None), (today, None), (None, today), (today + timedelta(1), None), (None, today - timedelta(1))]
    schedules = Schedule.objects.bulk_create(
        Schedule(
            service=service, byday=byday, opens_at=time(opens), closes_at=time(closes), valid_from=start, valid_to=end
        )  # fmt: skip
        for byday in ("WE", "TU", "TH", "MO,WE,SU")
        for opens, closes in ((9, 17), (22, 2), (0, 23), (12, 13), (23, 0))
        for start, end in valid
    )
    moments = [datetime(2026, 12, 7, tzinfo=ATHENS) + timedelta(hours=hour, minutes=30) for hour in range(0, 24 * 7, 1)]
    moments += [datetime(2026, 12, 9, 17, 0, tzinfo=ATHENS), datetime(2026, 12, 10, 2, 0, tzinfo=ATHENS)]  # edges
    opened = 0
    with connection.cursor() as cursor:
        for moment in moments:
            cursor.execute(
                f"SELECT sc.id, ({SCHEDULE_OPEN_SQL}) FROM services_schedule sc WHERE sc.service_id = %(service)s",  # noqa: S608
                {**open_now_params(moment), "service": service.id},
            )
            sql = dict(cursor.fetchall())
            assert sql == {schedule.id: schedule.is_open_at(moment) for schedule in schedules}, moment
            opened += sum(sql.values())
    assert 0 < opened < len(schedules) * len(moments)


@pytest.mark.parametrize(("byday", "opens", "closes", "moment", "expected"), OPEN_CASES)
def test_the_map_reads_open_now_as_the_rule(byday, opens, closes, moment, expected) -> None:  # noqa: ANN001
    """The map's points and the nearby results test the schedules they read once (SCHEDULE_OPEN_SQL in a lateral):
    open now when one of them is, whatever the others; null without schedules."""
    sal = ServiceAtLocationFactory(
        service__assured_date=moment.astimezone(ATHENS).date(), location__point=Point(24.01, 37.51, srid=4326)
    )
    bare = ServiceAtLocationFactory(
        service__assured_date=moment.astimezone(ATHENS).date(), location__point=Point(24.011, 37.51, srid=4326)
    )
    on = moment.astimezone(ATHENS).date()
    Schedule.objects.bulk_create(
        [
            Schedule(service=sal.service, byday=byday, opens_at=opens, closes_at=closes),
            Schedule(
                service_at_location=sal,
                byday="MO,TU,WE,TH,FR,SA,SU",
                opens_at=time(0),
                closes_at=time(23, 59),
                valid_to=on - timedelta(1),
            ),  # fmt: skip - always open, but no longer valid
            Schedule(service=sal.service, byday=byday, opens_at=opens, closes_at=closes, valid_from=on + timedelta(1)),
        ]
    )
    view = MapView(west=24.0, south=37.5, east=24.02, north=37.52, zoom=16)
    with time_machine.travel(moment, tick=False):
        points = json.loads(service_map_json(view=view, filters=SearchFilters(), moment=moment))["features"]
    assert {f["id"]: f["properties"]["open_now"] for f in points} == {str(sal.id): expected, str(bare.id): None}
    found = service_list_nearby(lat=37.51, lon=24.01, radius_m=1000, moment=moment, hours_today=True)
    assert {r.id: r.open_now for r in found} == {sal.id: expected, bare.id: None}
