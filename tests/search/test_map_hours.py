"""The map's today's hours (ENTRY_SCHEDULES_SQL's periods, each listed the first time it comes) are what
entry_hours_today lists, also where two periods differ in seconds only and a period repeats out of order."""

import json
from datetime import UTC, datetime, time

import pytest
import time_machine
from django.contrib.gis.geos import Point

from search.actions.directory import directory_changed
from search.selectors import MapView, entry_hours_today, service_map_json
from services.models import Location, Organization, Schedule, Service, ServiceAtLocation, service_search_text
from services.selectors import SearchFilters

pytestmark = pytest.mark.django_db
MOMENT = datetime(2026, 12, 9, 8, 30, tzinfo=UTC)  # a Wednesday, 10:30 in Athens
VIEW = MapView(west=23.70, south=37.97, east=23.76, north=38.00, zoom=16)


def test_periods_that_differ_in_seconds_are_listed_as_entry_hours_today_lists_them() -> None:
    org = Organization.objects.create(name="Οργ", name_el="Οργ", name_en="", kind="local_ngo")
    location = Location.objects.create(organization=org, point=Point(23.73, 37.98, srid=4326))
    service = Service(organization=org, name="Υπηρεσία", name_el="Υπηρεσία", name_en="")
    service.search_text = service_search_text(service, (org.name_el, org.name_en))
    service.save()
    sal = ServiceAtLocation.objects.create(service=service, location=location)
    periods = [  # (opens, closes) of today's schedules, out of order; "09:00–10:00" three times, once in between
        (time(9, 0, 30), time(10)),
        (time(9), time(11)),
        (time(9, 0, 20), time(10, 0, 40)),
        (time(8), time(9)),
        (time(9, 0, 10), time(10, 0, 50)),
    ]
    Schedule.objects.bulk_create(
        [Schedule(service=service, byday="WE", opens_at=opens, closes_at=closes) for opens, closes in periods]
        + [Schedule(service_at_location=sal, byday="WE", opens_at=time(9), closes_at=time(11))]  # the place's
    )
    directory_changed()
    with time_machine.travel(MOMENT, tick=False):
        answer = json.loads(service_map_json(view=VIEW, filters=SearchFilters(), moment=MOMENT))
    [feature] = answer["features"]
    expected = entry_hours_today(ids=[sal.id], moment=MOMENT)[sal.id]
    assert expected == ["08:00–09:00", "09:00–11:00", "09:00–10:00"]  # each once, in its earliest row's order
    assert feature["properties"]["hours_today"] == expected
