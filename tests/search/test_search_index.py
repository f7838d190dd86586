"""The search index behind /api/nearby/ follows every kind of edit to the directory, through its triggers."""

from datetime import date, datetime, time, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.gis.geos import Point
from django.db import connection

from boundaries.actions import location_areas_refresh
from boundaries.models import Area
from search.actions.search_index import search_index_deferred, search_index_refresh
from search.models import SearchEntry
from services.models import Language, Location, Schedule, Service, ServiceAtLocation
from tests.factories import (
    AddressFactory,
    LanguageFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    term,
)

pytestmark = pytest.mark.django_db
ATHENS = {"lat": 37.9838, "lon": 23.7275}
# every column of the index, as the model declares them (the point as text: geography has no equality)
COLUMNS = ", ".join(
    f"{field.column}::text" if field.column == "point" else field.column for field in SearchEntry._meta.concrete_fields
)


def index_differences() -> int:
    """Rows where the trigger-kept index and a fresh derivation from the directory tables disagree."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM ((SELECT {COLUMNS} FROM search_searchentry"
            f" EXCEPT SELECT {COLUMNS} FROM search_source)"
            f" UNION ALL (SELECT {COLUMNS} FROM search_source"
            f" EXCEPT SELECT {COLUMNS} FROM search_searchentry)) d"
        )  # noqa: S608 - constant text
        return cursor.fetchone()[0]


def nearby(client, **params) -> dict[str, dict]:
    response = client.get("/api/nearby/", {**ATHENS, "radius_m": 5000, "limit": 50, **params})
    assert response.status_code == 200, response.content
    return {f["id"]: f for f in response.json()["features"]}


@pytest.fixture
def place() -> ServiceAtLocation:
    sal = ServiceAtLocationFactory(location__point=Point(23.7275, 37.9838, srid=4326))
    location_areas_refresh(ids=[sal.location_id])
    return sal


def test_a_new_service_at_a_place_is_found(client, place) -> None:
    assert str(place.id) in nearby(client)
    assert index_differences() == 0


def test_names_follow_service_and_organisation_edits(client, place) -> None:
    service = place.service
    service.name_el = "Νέο όνομα"
    service.save()
    service.organization.name_el = "Νέα οργάνωση"
    service.organization.save()
    properties = nearby(client)[str(place.id)]["properties"]
    assert (properties["name"], properties["organization"]) == ("Νέο όνομα", "Νέα οργάνωση")
    assert nearby(client, q="nea organosi")  # the organisation's words reach the free-text search
    assert index_differences() == 0


def test_a_long_row_stays_whole(client, place) -> None:
    """A row past 2 kB keeps its result JSON in the row, uncompressed (toast_tuple_target, migration 0007): every
    nearby answer reads it, and PostgreSQL's default would compress it or move it to a second table."""
    service = place.service
    service.name_el = ("Συμβουλευτική στέγασης και νομική βοήθεια " * 8)[:300]  # in both JSONs and both map heads
    service.save()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(e.*), pg_column_compression(e.properties_el), pg_column_compression(e.map_head_el)"
            " FROM search_searchentry e WHERE e.id = %s",
            [place.id],
        )
        size, json_compressed, head_compressed = cursor.fetchone()
    assert size > 2100
    assert (json_compressed, head_compressed) == (None, None)
    assert nearby(client)[str(place.id)]["properties"]["name"] == service.name_el
    assert index_differences() == 0


def test_categories_audience_and_eligibility_follow_m2m_edits(client, place) -> None:
    service = place.service
    assert str(place.id) not in nearby(client, category="health")
    service.categories.add(term("health"))
    service.audiences.add(term("women", "audience"))
    service.eligibility.add(term("asylum-seekers", "eligibility"))
    found = nearby(client, category="health", audience="women", eligibility="asylum-seekers")
    assert found[str(place.id)]["properties"]["categories"] == ["health"]
    service.categories.remove(term("health"))
    assert str(place.id) not in nearby(client, category="health")
    assert index_differences() == 0


def test_languages_follow_edits(client, place) -> None:
    language = LanguageFactory(service=place.service, code="ar")
    assert nearby(client, language="ar")[str(place.id)]["properties"]["languages"] == ["ar"]
    language.code = "fa"
    language.save()
    assert str(place.id) not in nearby(client, language="ar")
    Language.objects.filter(pk=language.pk).delete()
    assert nearby(client)[str(place.id)]["properties"]["languages"] == []
    assert index_differences() == 0


def test_hours_follow_schedule_edits(client, place) -> None:
    """The row stores its schedules (search_source_v3.sql): a schedule of the service or of the service at location
    added, changed, moved or deleted reaches today's hours and open now (Tuesday 10:00 in Athens) at once."""
    tuesday_ten = {"lat": ATHENS["lat"], "lon": ATHENS["lon"], "open_now": "true"}
    with time_machine.travel(datetime(2026, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/Athens")), tick=False):
        assert str(place.id) not in nearby(client, **tuesday_ten)
        own = ScheduleFactory(service=place.service, byday="TU", opens_at=time(9), closes_at=time(13))
        assert nearby(client, **tuesday_ten)[str(place.id)]["properties"]["open_now"] is True
        own.byday = "WE"
        own.save()
        assert str(place.id) not in nearby(client, **tuesday_ten)
        assert nearby(client)[str(place.id)]["properties"]["open_now"] is False  # it has hours, not now
        at_place = ScheduleFactory(
            service=None, service_at_location=place, byday="TU", opens_at=time(8), closes_at=time(11)
        )
        page = client.get("/", {**ATHENS})
        assert "08:00–11:00" in page.content.decode()  # today's hours on the result's card
        assert nearby(client, **tuesday_ten)[str(place.id)]["properties"]["open_now"] is True
        assert index_differences() == 0
        Schedule.objects.filter(pk=at_place.pk).update(service_at_location=None, service=ServiceFactory())
        assert str(place.id) not in nearby(client, **tuesday_ten)  # moved to another service
        Schedule.objects.filter(pk=own.pk).delete()
        assert nearby(client)[str(place.id)]["properties"]["open_now"] is None  # no hours at all
    assert index_differences() == 0


def test_moving_redacting_and_addresses(client, place) -> None:
    AddressFactory(location=place.location, address_1="Σοφοκλέους 1")
    assert nearby(client)[str(place.id)]["properties"]["address"].startswith("Σοφοκλέους 1")
    location = Location.objects.get(pk=place.location_id)
    location.point = Point(23.7275, 38.0738, srid=4326)  # 10 km north
    location.save()
    assert str(place.id) not in nearby(client)
    assert nearby(client, radius_m=20000)[str(place.id)]["properties"]["distance_m"] == pytest.approx(9993, abs=20)
    location.redacted = True
    location.save()
    feature = nearby(client, radius_m=20000)[str(place.id)]
    assert feature["geometry"] is None and feature["properties"]["address"] is None
    assert index_differences() == 0


def test_status_dates_and_deletion(client, place) -> None:
    Service.objects.filter(pk=place.service_id).update(status="inactive")  # a bulk update, no model signal
    assert str(place.id) not in nearby(client)
    Service.objects.filter(pk=place.service_id).update(status="active", valid_to=date.today() - timedelta(days=1))
    assert str(place.id) not in nearby(client)
    Service.objects.filter(pk=place.service_id).update(valid_to=None)
    assert str(place.id) in nearby(client)
    ServiceAtLocation.objects.filter(pk=place.pk).delete()
    assert not SearchEntry.objects.filter(pk=place.pk).exists()
    other = ServiceAtLocationFactory(location__point=Point(23.7275, 37.9838, srid=4326))
    other.service.delete()  # the ORM's cascade: service at location, then service
    assert not SearchEntry.objects.exists()
    assert index_differences() == 0


def test_area_renames_reach_results(client, place) -> None:
    location = Location.objects.get(pk=place.location_id)
    area = Area.objects.get(pk=location.neighbourhood_id or location.municipality_id)
    area.name_el = "Μετονομασμένη"
    area.save()
    assert nearby(client)[str(place.id)]["properties"]["area"]["name"] == "Μετονομασμένη"


def test_english_properties(client, place) -> None:
    response = client.get("/api/nearby/", {**ATHENS, "lang": "en"})
    names = [f["properties"]["name"] for f in response.json()["features"]]
    assert names == [place.service.name_en]
    assert [f["properties"]["name"] for f in nearby(client).values()] == [place.service.name_el]
    assert client.get("/api/nearby/", {**ATHENS, "lang": "de"}).json()["errors"]["lang"]


def test_deferred_bulk_load_rebuilds_once_at_the_end(client) -> None:
    with search_index_deferred():
        sal = ServiceAtLocationFactory(location__point=Point(23.7275, 37.9838, srid=4326))
        sal.service.categories.add(term("health"))
        assert not SearchEntry.objects.exists()  # the triggers stood aside
    assert list(SearchEntry.objects.values_list("pk", flat=True)) == [sal.pk]
    assert index_differences() == 0
    assert search_index_refresh(service_ids=[sal.service_id]) == 1


def test_many_services_in_one_statement(client) -> None:
    services = ServiceFactory.create_batch(30)
    for service in services:
        ServiceAtLocationFactory(service=service, location__point=Point(23.7275, 37.9838, srid=4326))
    Service.objects.update(free_of_charge=True)
    assert len(nearby(client, free="true")) == 30
    assert index_differences() == 0


def test_refresh_command_rebuilds_a_damaged_index(place) -> None:
    from io import StringIO

    from django.core.management import call_command

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchentry")
    out = StringIO()
    call_command("refresh_search_index", stdout=out)
    assert "1 searchable" in out.getvalue()
    assert index_differences() == 0


def filter_tokens(*values: str) -> set[int]:
    """The tokens of these filter values, from the SQL function that searches call (search_filter_tokens)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_filter_tokens(%s::text[])", [list(values)])
        return set(cursor.fetchone()[0])


def test_filter_tokens_of_a_search_match_the_index(place) -> None:
    service = place.service
    service.categories.add(term("health"))
    service.audiences.add(term("women", "audience"))
    LanguageFactory(service=service, code="ar")
    entry = SearchEntry.objects.get(pk=place.pk)
    expected = filter_tokens(
        str(term("health").id),
        str(term("women", "audience").id),
        "language:ar",
        "free",  # services are free of charge unless said otherwise
    )
    assert set(entry.tags) == expected and entry.tags == sorted(entry.tags)
    assert index_differences() == 0


def test_the_filter_token_is_the_first_32_bits_of_md5() -> None:
    """Pinned: the tokens stored in the index and those a search asks for must never drift apart."""
    import hashlib

    values = [str(uuid4()) for _ in range(200)] + ["free", "language:ar", "language:el", "", "Ωμέγα"]

    def md5_token(value: str) -> int:
        token = int(hashlib.md5(value.encode()).hexdigest()[:8], 16)  # noqa: S324 - a bucket, not a secret
        return token - 2**32 if token >= 2**31 else token

    with connection.cursor() as cursor:
        cursor.execute("SELECT search_filter_tokens(%s::text[])", [values])
        assert cursor.fetchone()[0] == [md5_token(value) for value in values]
