"""/api/map/: points when few, grid clusters when many; pre-counted cells agree with the live count."""

import random
from datetime import date, timedelta

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.utils import timezone

from search.actions.directory import directory_changed
from search.actions.map_cells import map_cells_refresh
from search.actions.search_index import search_index_refresh
from search.mapgrid import CELL_ZOOMS, ORIGIN_SHIFT, cell_size_m, precounted_level
from search.models import DirectoryState, MapCell
from search.selectors import map_cells_fresh
from search.sql import sql_file
from services.models import Language, Location, Organization, Service, ServiceAtLocation
from tests.factories import ServiceAtLocationFactory, analyze, term

pytestmark = pytest.mark.django_db
GREECE = "19,34,30,42"


@pytest.fixture
def many() -> list[ServiceAtLocation]:
    """2,400 services over Attica (a third of them health, an eighth speaking Arabic), 12 redacted shelters."""
    rng = random.Random(3)
    org = Organization.objects.create(name="Δοκιμή", name_el="Δοκιμή", kind="local_ngo")
    health, food = term("primary-health"), term("food")
    locations = [
        Location(organization=org, point=Point(rng.uniform(23.6, 23.9), rng.uniform(37.9, 38.1), srid=4326),
                 redacted=n < 12)
        for n in range(2400)
    ]  # fmt: skip
    Location.objects.bulk_create(locations)
    services = [Service(organization=org, name=f"s{n}", name_el=f"s{n}") for n in range(2400)]
    Service.objects.bulk_create(services)
    sals = ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=s, location=loc) for s, loc in zip(services, locations, strict=True)]
    )
    through = Service.categories.through
    through.objects.bulk_create(
        [through(service=s, taxonomyterm=health if n % 3 == 0 else food) for n, s in enumerate(services)]
    )
    Language.objects.bulk_create([Language(service=s, code="ar") for n, s in enumerate(services) if n % 8 == 0])
    directory_changed()
    analyze()
    return sals


def get_map(client, **params) -> dict:  # noqa: ANN001
    response = client.get("/api/map/", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def test_few_locations_come_back_as_points(client) -> None:
    sals = [ServiceAtLocationFactory(location__point=Point(23.72 + i / 1000, 37.98, srid=4326)) for i in range(5)]
    ServiceAtLocationFactory(location__point=Point(23.73, 37.99, srid=4326), location__redacted=True)
    data = get_map(client, bbox="23.6,37.9,23.9,38.1", zoom=13)
    assert not data["clustered"]
    assert {f["id"] for f in data["features"]} == {str(s.id) for s in sals}  # never the redacted one
    assert all(not f["properties"].get("cluster") for f in data["features"])


def test_points_carry_their_committee_and_todays_hours(client) -> None:
    """What a point's colour and popup need: the committee of its category, open now and today's hours."""
    from datetime import time

    from tests.factories import ScheduleFactory

    legal = ServiceAtLocationFactory(
        service__categories=[term("legal-aid")], location__point=Point(23.72, 37.98, srid=4326)
    )
    ScheduleFactory(service=legal.service, byday="MO,TU,WE,TH,FR,SA,SU", opens_at=time(9), closes_at=time(17))
    ScheduleFactory(service=legal.service, byday="MO,TU,WE,TH,FR,SA,SU", opens_at=time(18), closes_at=time(20))
    unlisted = ServiceAtLocationFactory(
        service__categories=[term("food")], location__point=Point(23.73, 37.98, srid=4326)
    )
    data = get_map(client, bbox="23.6,37.9,23.9,38.1", zoom=13)
    points = {f["id"]: f["properties"] for f in data["features"]}
    assert points[str(legal.id)]["committee"] == "rights-legal"
    assert points[str(legal.id)]["hours_today"] == ["09:00–17:00", "18:00–20:00"]
    assert points[str(legal.id)]["open_now"] in (True, False)
    assert points[str(unlisted.id)]["hours_today"] == [] and points[str(unlisted.id)]["open_now"] is None
    assert points[str(unlisted.id)]["committee"] == term("food").parent.code


def test_points_are_named_in_the_asked_language(client) -> None:
    """English pages ask with lang=en: names in English (the Greek one when a service has no English name)."""
    ServiceAtLocationFactory(
        service__name_el="Νομική βοήθεια", service__name_en="Legal aid", location__point=Point(23.72, 37.98, srid=4326)
    )
    ServiceAtLocationFactory(
        service__name_el="Μόνο ελληνικά", service__name_en="", location__point=Point(23.73, 37.98, srid=4326)
    )
    english = {
        f["properties"]["name"] for f in get_map(client, bbox="23.6,37.9,23.9,38.1", zoom=13, lang="en")["features"]
    }
    greek = {f["properties"]["name"] for f in get_map(client, bbox="23.6,37.9,23.9,38.1", zoom=13)["features"]}
    assert english == {"Legal aid", "Μόνο ελληνικά"}
    assert greek == {"Νομική βοήθεια", "Μόνο ελληνικά"}
    assert client.get("/api/map/", {"bbox": "23.6,37.9,23.9,38.1", "zoom": 13, "lang": "fr"}).status_code == 400


def test_viewport_excludes_what_is_outside(client) -> None:
    inside = ServiceAtLocationFactory(location__point=Point(23.72, 37.98, srid=4326))
    ServiceAtLocationFactory(location__point=Point(22.94, 40.64, srid=4326))  # Thessaloniki
    data = get_map(client, bbox="23.6,37.9,23.9,38.1", zoom=12)
    assert [f["id"] for f in data["features"]] == [str(inside.id)]


def test_many_locations_cluster_live_with_exact_counts(client, many) -> None:
    data = get_map(client, bbox=GREECE, zoom=9)
    assert data["clustered"]
    assert data["count"] == 2400 - 12
    assert sum(f["properties"]["count"] for f in data["features"]) == 2388
    assert all(f["properties"]["cluster"] for f in data["features"])
    assert len(data["features"]) <= 2000


@pytest.mark.parametrize(
    "zoom,filters",
    [
        (6, {}),
        (9, {}),
        (11, {}),
        (9, {"category": "health"}),
        (10, {"category": "food"}),
        (11, {"language": "ar"}),
        (12, {}),
        (14, {}),
        (16, {"category": "food"}),
    ],  # fmt: skip
)
def test_precounted_cells_match_the_live_count(client, many, zoom, filters) -> None:
    live = get_map(client, bbox=GREECE, zoom=zoom, **filters)
    map_cells_refresh()
    precounted = get_map(client, bbox=GREECE, zoom=zoom, **filters)

    def cells(data: dict) -> dict:
        return {tuple(round(c, 5) for c in f["geometry"]["coordinates"]): f["properties"]["count"]
                for f in data["features"]}  # fmt: skip

    if live["clustered"]:
        assert precounted["clustered"]
        assert cells(precounted) == cells(live)
    else:
        assert {f["id"] for f in precounted["features"]} == {f["id"] for f in live["features"]}


def cells_differences() -> int:
    """Cells where the trigger-kept table and a fresh count of the search index disagree."""
    fresh = "SELECT * FROM search_map_cells_counted(%(on)s, %(since)s)"  # what the nightly recount inserts
    state = DirectoryState.objects.get(pk=1)
    columns = "key, zoom, cell_x, cell_y, count, round(sum_x::numeric, 3), round(sum_y::numeric, 3)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM ((SELECT {columns} FROM search_mapcell EXCEPT SELECT {columns} FROM ({fresh}) f)"
            f" UNION ALL (SELECT {columns} FROM ({fresh}) f EXCEPT SELECT {columns} FROM search_mapcell)) d",
            {"on": state.map_cells_on, "since": state.map_cells_visible_since},
        )  # noqa: S608 - constant text
        return cursor.fetchone()[0]


def test_edits_keep_the_cells_current_and_in_use(client, many) -> None:
    map_cells_refresh()
    before = get_map(client, bbox=GREECE, zoom=9)["count"]
    health_before = get_map(client, bbox=GREECE, zoom=9, category="health")["count"]
    added = ServiceAtLocationFactory(location__point=Point(23.7, 38.0, srid=4326))  # a new service, one place
    added.service.categories.add(term("primary-health"))
    Language.objects.create(service=added.service, code="fa")
    first, second = many[20], many[21]
    first.location.point = Point(23.65, 37.95, srid=4326)  # moved across cells
    first.location.save()
    second.location.redacted = True  # a shelter now: off the map
    second.location.save()
    many[22].service.categories.set([term("legal-aid")])  # category changed
    many[23].service.delete()  # gone
    Service.objects.filter(pk=many[24].service_id).update(status="inactive")  # not current
    Service.objects.filter(pk=many[25].service_id).update(assured_date=date(2000, 1, 1))  # unconfirmed for years
    Service.objects.filter(pk=many[26].service_id).update(free_of_charge=False)
    assert cells_differences() == 0
    assert map_cells_fresh(on=timezone.localdate())  # still answered from the cells
    assert get_map(client, bbox=GREECE, zoom=9)["count"] == before + 1 - 4
    lost_health = sum(1 for n in (21, 22, 23, 24, 25) if n % 3 == 0)  # of the changed ones, health before
    assert get_map(client, bbox=GREECE, zoom=9, category="health")["count"] == health_before + 1 - lost_health
    assert get_map(client, bbox=GREECE, zoom=9, language="fa")["count"] == 1


def test_a_full_rebuild_of_the_index_recounts_the_cells(client, many) -> None:
    map_cells_refresh()
    ServiceAtLocationFactory(location__point=Point(23.7, 38.0, srid=4326))
    search_index_refresh()
    assert cells_differences() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_mapcell WHERE count <= 0")
        assert cursor.fetchone()[0] == 0


def test_cells_of_another_day_are_not_used(client, many) -> None:
    map_cells_refresh(on=timezone.localdate() - timedelta(days=1))
    assert not map_cells_fresh(on=timezone.localdate())
    live = get_map(client, bbox=GREECE, zoom=9)
    map_cells_refresh()
    assert get_map(client, bbox=GREECE, zoom=9)["count"] == live["count"]


def test_filters_apply_to_clusters(client, many) -> None:
    health = get_map(client, bbox=GREECE, zoom=8, category="health")
    assert health["count"] == len([n for n in range(12, 2400) if n % 3 == 0])
    combined = get_map(client, bbox=GREECE, zoom=8, category="health", language="ar")
    assert combined["count"] == len([n for n in range(12, 2400) if n % 3 == 0 and n % 8 == 0])


def test_query_count_is_constant(client, many, django_assert_max_num_queries) -> None:
    # points add two queries whatever their number: the committees of the categories and today's hours
    with django_assert_max_num_queries(7):
        get_map(client, bbox=GREECE, zoom=9, category="health")
    map_cells_refresh()
    with django_assert_max_num_queries(7):
        get_map(client, bbox=GREECE, zoom=9, category="health")
    with django_assert_max_num_queries(7):
        get_map(client, bbox="23.70,37.95,23.72,37.97", zoom=16)


@pytest.mark.parametrize(
    "params,field",
    [
        ({"zoom": 5}, "bbox"),
        ({"bbox": "1,2,3", "zoom": 5}, "bbox"),
        ({"bbox": "a,b,c,d", "zoom": 5}, "bbox"),
        ({"bbox": "30,34,19,42", "zoom": 5}, "bbox"),
        ({"bbox": GREECE}, "zoom"),
        ({"bbox": GREECE, "zoom": 30}, "zoom"),
        ({"bbox": GREECE, "zoom": 5, "category": "nope"}, "category"),
    ],
)
def test_bad_parameters_get_400(client, params, field) -> None:
    response = client.get("/api/map/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_an_answer_never_exceeds_2000_features(client, many) -> None:
    """A viewport far larger than a screen at a street-level zoom: every point its own cell, merged down."""
    data = get_map(client, bbox=GREECE, zoom=18)
    assert data["clustered"]
    assert len(data["features"]) <= 2000
    assert sum(f["properties"]["count"] for f in data["features"]) == 2388


def test_the_sql_grid_is_the_python_grid() -> None:
    """search_map_grid() (which counts the cells) and search/mapgrid.py (which reads them) describe one grid."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT zoom, cell, origin_shift FROM search_map_grid() ORDER BY zoom")
        assert cursor.fetchall() == [(zoom, cell_size_m(zoom), ORIGIN_SHIFT) for zoom in CELL_ZOOMS]


def test_the_zoom_10_cells_filled_from_the_zoom_12_ones_are_a_fresh_count(many) -> None:
    """map_cells_v5.sql fills the zoom-10 cells of an installation from its zoom-12 ones: the same as counting them."""
    map_cells_refresh()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_mapcell WHERE zoom = 10")
        assert cursor.rowcount > 0
        cursor.execute(sql_file("map_cells_v5.sql"))
    assert MapCell.objects.filter(zoom=10).exists()
    assert cells_differences() == 0
    assert precounted_level(9) == precounted_level(10) == 10
