"""Today's opening hours read in the nearby query (`hours_today=True`, the search page) are those of
entry_hours_today: the service's and the place's schedules on today's weekday, valid today, in order, each once."""

from datetime import time, timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from search.selectors import entry_hours_today, service_list_nearby
from services.rules import WEEKDAYS, open_now_params
from tests.factories import ScheduleFactory, ServiceAtLocationFactory

pytestmark = pytest.mark.django_db
HERE = (37.9838, 23.7275)


@pytest.fixture
def places() -> dict[str, object]:
    params = open_now_params(timezone.now())
    today, day = params["dow"], params["today"]
    other = WEEKDAYS[(WEEKDAYS.index(today) + 2) % 7]
    made = {}
    for n, key in enumerate(("both", "place-only", "none", "overnight")):
        made[key] = ServiceAtLocationFactory(location__point=Point(HERE[1] + 0.001 * (n + 1), HERE[0], srid=4326))
    both = made["both"]
    ScheduleFactory(service=both.service, byday=f"{other},{today}", opens_at=time(18), closes_at=time(20))
    ScheduleFactory(service=both.service, byday=today, opens_at=time(9), closes_at=time(17))
    ScheduleFactory(service=None, service_at_location=both, byday=today, opens_at=time(9), closes_at=time(17))  # twice
    ScheduleFactory(service=both.service, byday=other, opens_at=time(7), closes_at=time(8))  # another day
    ScheduleFactory(service=both.service, byday=today, opens_at=time(6), closes_at=time(7), valid_to=day - timedelta(1))
    ScheduleFactory(
        service=both.service, byday=today, opens_at=time(5), closes_at=time(6), valid_from=day + timedelta(1)
    )
    ScheduleFactory(service=None, service_at_location=made["place-only"], byday=today, opens_at=time(8),
                    closes_at=time(12, 30))  # fmt: skip
    ScheduleFactory(service=made["overnight"].service, byday=today, opens_at=time(22), closes_at=time(2))
    return made


def test_the_nearby_query_reads_todays_hours_as_entry_hours_today(places) -> None:  # noqa: ANN001
    results = service_list_nearby(lat=HERE[0], lon=HERE[1], radius_m=2000, limit=10, hours_today=True)
    read = {r.id: r.hours_today for r in results}
    assert read == {
        places["both"].id: ["09:00–17:00", "18:00–20:00"],
        places["place-only"].id: ["08:00–12:30"],
        places["none"].id: [],
        places["overnight"].id: ["22:00–02:00"],
    }
    separately = entry_hours_today(ids=list(read))
    assert read == {sal_id: separately.get(sal_id, []) for sal_id in read}
    plain = service_list_nearby(lat=HERE[0], lon=HERE[1], radius_m=2000, limit=10)
    assert [r.id for r in plain] == [r.id for r in results] and all(r.hours_today is None for r in plain)


def test_the_search_page_reads_the_hours_with_the_services(client, places, django_assert_num_queries) -> None:  # noqa: ANN001
    near = {"lat": str(HERE[0]), "lon": str(HERE[1])}
    client.get("/", near)  # reads the form's choices
    # the directory stamp, the areas covering the place, the nearest services with today's hours
    with django_assert_num_queries(3):
        page = client.get("/", near).content.decode()
    assert "09:00–17:00, 18:00–20:00" in page and "08:00–12:30" in page and "22:00–02:00" in page
