"""/api/coverage/ on hand-drawn areas whose answers are obvious, and against shapely on generated data.

The test city lies in the sea south-east of Attica, far from every real area, drawn in 0.01° squares:

    37.52 +-----------------------------+
          |             N (redacted)    |
    37.51 +---------+---------+---------+
          |    A  s1|s_border B|    E    | s_outside
    37.50 +---------+---------+---------+
        24.00     24.01     24.02     24.03
"""

import csv
import io
import random
from datetime import timedelta

import numpy as np
import pytest
import shapely
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from boundaries.models import Area
from coverage.models import SamplePoint
from search.actions.directory import directory_changed
from services.models import Language, Location, Organization, Service, ServiceAtLocation
from tests.factories import ServiceAtLocationFactory, analyze, term

pytestmark = pytest.mark.django_db


def square(west: float, south: float, east: float, north: float) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((west, south, east, north)), srid=4326)


def service(lon: float, lat: float, code: str = "legal-aid", **kwargs: object) -> object:
    return ServiceAtLocationFactory(
        service__categories=[term(code)], location__point=Point(lon, lat, srid=4326), **kwargs
    )


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def city() -> dict[str, object]:
    """A city of 20,000 residents with four neighbourhoods (no population), five services in and around it."""
    town = Area.objects.create(
        code="test-city", level="municipality", name="Δοκιμούπολη", name_el="Δοκιμούπολη", name_en="Testville",
        population=20000, population_year=2021, geom=square(24.00, 37.50, 24.03, 37.52), cni_member=True,
    )  # fmt: skip
    areas = {"city": town}
    for code, box in {
        "a": (24.00, 37.50, 24.01, 37.51),
        "b": (24.01, 37.50, 24.02, 37.51),
        "e": (24.02, 37.50, 24.03, 37.51),
        "n": (24.00, 37.51, 24.03, 37.52),
    }.items():
        areas[code] = Area.objects.create(
            code=f"test-{code}", level="neighbourhood", name=code.upper(), name_el=code.upper(), name_en=code.upper(),
            parent=town, geom=square(*box),
        )  # fmt: skip
    s1 = service(24.005, 37.505)
    Language.objects.create(service=s1.service, code="ar")
    services = {
        "s1": s1,
        "border": service(24.01, 37.505),  # exactly on the A|B border: both count it
        "outside": service(24.0302, 37.505),  # just east of E and of the city
        "shelter": service(24.015, 37.515, location__redacted=True),  # a real service in N, point never shown
        "inactive": service(24.016, 37.516, service__status="inactive"),
        "expired": service(24.017, 37.517, service__valid_to=timezone.localdate() - timedelta(days=1)),
        "ending": service(24.006, 37.506, "primary-health", service__valid_to=timezone.localdate() + timedelta(10)),
    }  # fmt: skip
    return {**areas, **services}


def coverage(client, **params) -> dict:  # noqa: ANN001
    response = client.get("/api/coverage/", params)
    assert response.status_code == 200, response.content
    return response.json()


def rows_by_code(data: dict) -> dict[str, dict]:
    return {row["code"]: row for row in data["rows"]}


def test_counts_use_exact_polygons_border_counts_on_both_sides(client, city) -> None:
    rows = rows_by_code(coverage(client, level="neighbourhood", city="test-city", category="legal-aid"))
    assert set(rows) == {"test-a", "test-b", "test-e", "test-n"}
    assert rows["test-a"]["services"] == 2  # s1 and the border service
    assert rows["test-b"]["services"] == 1  # the border service
    assert rows["test-e"]["services"] == 0  # the empty area; the service just outside does not count
    assert rows["test-n"]["services"] == 1  # the redacted shelter counts; inactive and expired do not


def test_service_just_outside_counts_for_the_edge(client, city) -> None:
    rows = rows_by_code(coverage(client, level="neighbourhood", city="test-city", category="legal-aid"))
    e = rows["test-e"]
    # E is 880 m wide; the service 20 m beyond its east edge is nearer than anything inside the city for most of it
    assert e["median_nearest_m"] < 600
    # only E's north-west corner lies over 1 km from it: the shelter in N, nearer to that corner, is left out of
    # distances (services.redaction), so it no longer covers the corner
    assert 0.0 < e["share_beyond_1km"] < 0.05
    assert e["sample_points"] >= 80  # about GRID_TARGET_POINTS, the spacing rounded up to 10 m


def test_no_matching_service_anywhere(client, city) -> None:
    rows = rows_by_code(coverage(client, level="neighbourhood", city="test-city", category="greek-language"))
    for row in rows.values():
        assert row["services"] == 0
        assert row["median_nearest_m"] is None
        assert row["share_beyond_1km"] == 1.0


def test_population_only_where_known(client, city) -> None:
    town = coverage(client, level="municipality", city="test-city", category="legal-aid")
    (row,) = town["rows"]
    assert row["code"] == "test-city" and row["population"] == 20000
    assert row["services"] == 3  # s1, border, shelter; the outside one is outside
    assert row["per_10k"] == 1.5
    assert town["population_known"] is True
    hoods = coverage(client, level="neighbourhood", city="test-city")
    assert hoods["population_known"] is False
    assert all(r["per_10k"] is None and r["population"] is None for r in hoods["rows"])
    assert all(r["per_km2"] is not None for r in hoods["rows"])


def test_country_wide_counts_probe_from_the_matches_with_the_same_answer(client, city) -> None:
    """Municipalities of the whole network with a category take the other counting path (COUNT_FROM_MATCHES)."""
    rows = rows_by_code(coverage(client, level="municipality", cni_member="true", category="legal-aid"))
    assert len(rows) == 19  # the 18 Cities Network members and the test city
    assert rows["test-city"]["services"] == 3
    assert rows["test-city"]["median_nearest_m"] is not None
    assert all(row["services"] == 0 for code, row in rows.items() if code != "test-city")


def test_filters_match_the_caseworker_search(client, city) -> None:
    arabic = rows_by_code(
        coverage(client, level="neighbourhood", city="test-city", category="legal-aid", language="ar")
    )
    assert {code: row["services"] for code, row in arabic.items()} == {
        "test-a": 1, "test-b": 0, "test-e": 0, "test-n": 0,
    }  # fmt: skip
    committee = rows_by_code(coverage(client, level="neighbourhood", city="test-city", category="rights-legal"))
    assert committee["test-a"]["services"] == 2  # a committee includes its subcategories


def test_service_cliffs_within_the_horizon(client, city) -> None:
    soon = rows_by_code(coverage(client, level="neighbourhood", city="test-city", horizon_days=60))
    assert soon["test-a"]["ending_soon"] == 1
    assert soon["test-a"]["services"] == 3
    later = rows_by_code(coverage(client, level="neighbourhood", city="test-city", horizon_days=5))
    assert later["test-a"]["ending_soon"] == 0


def test_distances_agree_with_postgis_geodesic_distance(client, city) -> None:
    coverage(client, level="neighbourhood", city="test-city", category="legal-aid")
    # reference: SELECT min(ST_Distance(sp.point, l.point)) over the matching locations, for each sample point
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FROM (
                SELECT (SELECT min(ST_Distance(sp.point, l.point)) FROM services_location l
                        WHERE l.id = ANY(%s)) AS d
                FROM coverage_samplepoint sp WHERE sp.area_id = %s) AS q
            """,
            [[city[k].location_id for k in ("s1", "border", "outside", "shelter")], city["e"].id],
        )
        reference = cursor.fetchone()[0]
    rows = rows_by_code(coverage(client, level="neighbourhood", city="test-city", category="legal-aid"))
    assert rows["test-e"]["median_nearest_m"] == pytest.approx(reference, rel=0.005)


def test_cached_until_services_or_areas_change(client, city) -> None:
    first = coverage(client, level="neighbourhood", city="test-city", category="legal-aid")
    assert first["cached"] is False
    assert coverage(client, level="neighbourhood", city="test-city", category="legal-aid")["cached"] is True
    service(24.025, 37.505)  # a new legal-aid service inside E
    after = rows_by_code(coverage(client, level="neighbourhood", city="test-city", category="legal-aid"))
    assert after["test-e"]["services"] == 1
    city["e"].geom = square(24.02, 37.50, 24.024, 37.51)  # E shrinks: the new service is no longer inside
    city["e"].save()
    assert SamplePoint.objects.filter(area=city["e"]).count() == 0  # its grid is rebuilt on next use
    shrunk = rows_by_code(coverage(client, level="neighbourhood", city="test-city", category="legal-aid"))
    assert shrunk["test-e"]["services"] == 0
    assert SamplePoint.objects.filter(area=city["e"]).count() > 0


def test_grid_cells_beyond_the_distance(client, city) -> None:
    response = client.get(
        "/api/coverage/cells/",
        {"level": "neighbourhood", "city": "test-city", "category": "legal-aid", "beyond_m": 500},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["features"], "the north-east of N is more than 500 m from any legal aid"
    assert all(f["properties"]["nearest_m"] > 500 for f in data["features"])
    assert {f["properties"]["area"] for f in data["features"]} <= {"test-a", "test-b", "test-e", "test-n"}
    assert data["features"][0]["geometry"]["type"] == "Polygon"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "district"}, "level"),
        ({"category": "no-such-thing"}, "category"),
        ({"language": "arabic"}, "language"),
        ({"city": "nowhere"}, "city"),
        ({"beyond_m": "10"}, "beyond_m"),
        ({"horizon_days": "0"}, "horizon_days"),
        ({"audience": "martians"}, "audience"),
    ],
)
def test_bad_parameters_get_400_with_a_message(client, params, field) -> None:
    response = client.get("/api/coverage/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_csv_download_has_one_line_per_area(client, city) -> None:
    response = client.get("/coverage/coverage.csv", {"level": "neighbourhood", "city": "test-city"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(lines) == 5
    assert {line[0] for line in lines[1:]} == {"test-a", "test-b", "test-e", "test-n"}


def test_counts_match_shapely_on_generated_data(client) -> None:
    """800 random services over Athens: per-community counts equal shapely's covers test on the same polygons."""
    rng = random.Random(7)
    codes = ["legal-aid", "primary-health", "food", "greek-language"]
    points = [(rng.uniform(23.69, 23.78), rng.uniform(37.95, 38.03), codes[n % 4]) for n in range(800)]
    org = Organization.objects.create(name="Δοκιμή", name_el="Δοκιμή", kind="local_ngo")
    locations = Location.objects.bulk_create(
        [Location(organization=org, point=Point(lon, lat, srid=4326)) for lon, lat, _ in points]
    )
    services = Service.objects.bulk_create(
        [Service(organization=org, name=f"s{n}", name_el=f"s{n}") for n in range(800)]
    )
    ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=s, location=loc) for s, loc in zip(services, locations, strict=True)]
    )
    terms = {code: term(code) for code in codes}
    through = Service.categories.through
    through.objects.bulk_create(
        [through(service=s, taxonomyterm=terms[code]) for s, (_, _, code) in zip(services, points, strict=True)]
    )
    directory_changed()
    analyze()
    data = rows_by_code(coverage(client, level="community", category="legal-aid"))
    assert len(data) == 7
    geoms = {a.code: shapely.from_wkb(bytes(a.geom.wkb)) for a in Area.objects.filter(code__in=list(data))}
    legal = np.array([(lon, lat) for lon, lat, code in points if code == "legal-aid"])
    for code, geom in geoms.items():
        expected = int(shapely.covers(geom, shapely.points(legal)).sum())
        assert data[code]["services"] == expected, code
    assert sum(row["services"] for row in data.values()) > 50
