"""Areas: exact point-in-area answers, the reference-data load and /api/areas/."""

import csv
import json
import random

import pytest
import shapely.geometry
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from boundaries.actions import reference_data_load, reference_open, reference_path
from boundaries.models import Area, AreaLevel
from boundaries.selectors import area_at_point
from tests.conftest import reference_data_dir

pytestmark = pytest.mark.django_db


def square(x0: float, y0: float, size: float) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((x0, y0, x0 + size, y0 + size)), srid=4326)


@pytest.fixture
def drawn_areas() -> dict[str, Area]:
    """West (0–5) and East (5–10) share the border x=5; Ell is an L whose bounding box is 0–10 × 20–30."""
    ell = MultiPolygon(Polygon(((0, 20), (10, 20), (10, 23), (3, 23), (3, 30), (0, 30), (0, 20))), srid=4326)
    areas = {}
    for code, geom in (("t-west", square(0, 0, 5)), ("t-east", square(5, 0, 5)), ("t-ell", ell)):
        areas[code] = Area.objects.create(code=code, level=AreaLevel.NEIGHBOURHOOD, name=code, name_el=code, geom=geom)
    return areas


def covering_codes(x: float, y: float) -> set[str]:
    return set(
        Area.objects.covering(Point(x, y, srid=4326)).filter(code__startswith="t-").values_list("code", flat=True)
    )


def test_point_inside_one_area(drawn_areas) -> None:
    assert covering_codes(2, 2) == {"t-west"}
    assert covering_codes(7, 2) == {"t-east"}


def test_point_on_shared_border_belongs_to_both_sides(drawn_areas) -> None:
    assert covering_codes(5, 2) == {"t-west", "t-east"}


def test_point_on_outer_corner_is_covered(drawn_areas) -> None:
    assert covering_codes(0, 0) == {"t-west"}


def test_point_in_bounding_box_but_outside_polygon_is_not_covered(drawn_areas) -> None:
    point = Point(8, 28, srid=4326)
    # The bounding-box operator says yes, which is why answers never rely on it ...
    assert Area.objects.filter(code="t-ell", geom__bbcontains=point).exists()
    # ... and the exact predicate says no.
    assert covering_codes(8, 28) == set()
    assert covering_codes(1, 28) == {"t-ell"}


def test_point_outside_every_area(drawn_areas) -> None:
    assert covering_codes(50, 50) == set()


def test_area_at_point_picks_one_area_deterministically_on_a_border(drawn_areas) -> None:
    area = area_at_point(point=Point(5, 2, srid=4326), level=AreaLevel.NEIGHBOURHOOD)
    assert area is not None and area.code == "t-east"  # first by code


def source_features(name: str) -> list[dict]:
    with reference_open(reference_path(data_dir=reference_data_dir(), name=name)) as handle:
        return json.load(handle)["features"]


def test_real_point_in_kypseli_resolves_to_neighbourhood_community_and_city() -> None:
    # A point inside the source polygon of ΚΥΨΕΛΗ, computed with shapely from the file, not by PostGIS.
    feature = next(
        f
        for f in source_features("athens_neighbourhoods.geojson")
        if f["properties"]["name_el"] == "ΑΓΙΟΣ ΓΕΩΡΓΙΟΣ ΚΥΨΕΛΗΣ"
    )
    inside = shapely.geometry.shape(feature["geometry"]).representative_point()
    names = {area.level: area.name_el for area in Area.objects.covering(Point(inside.x, inside.y, srid=4326))}
    assert names[AreaLevel.MUNICIPALITY] == "Δήμος Αθηναίων"
    assert names[AreaLevel.COMMUNITY] == f"{feature['properties']['dk_number']}η Δημοτική Κοινότητα Αθηνών"
    assert names[AreaLevel.NEIGHBOURHOOD] == "ΑΓΙΟΣ ΓΕΩΡΓΙΟΣ ΚΥΨΕΛΗΣ"


def test_area_lookup_agrees_with_shapely_on_generated_points() -> None:
    """Random points over Athens: PostGIS covers and shapely's covers name the same neighbourhoods."""
    polygons = {
        f"athens-n-{f['properties']['fid']}": shapely.geometry.shape(f["geometry"])
        for f in source_features("athens_neighbourhoods.geojson")
    }
    rng = random.Random(7)
    for _ in range(150):
        x, y = rng.uniform(23.69, 23.79), rng.uniform(37.95, 38.03)
        expected = {code for code, poly in polygons.items() if poly.covers(shapely.geometry.Point(x, y))}
        got = set(
            Area.objects.covering(Point(x, y, srid=4326)).filter(level="neighbourhood").values_list("code", flat=True)
        )
        assert got == expected, (x, y)


def test_reference_counts() -> None:
    assert Area.objects.filter(level="municipality").count() == 326
    assert Area.objects.filter(level="community").count() == 7
    assert Area.objects.filter(level="neighbourhood").count() == 145
    members = set(Area.objects.filter(cni_member=True).values_list("name_en", flat=True))
    assert len(members) == 18
    assert {"Athens", "Thessaloniki", "Piraeus", "Katerini"} <= members


def test_reference_population_and_parents() -> None:
    athens = Area.objects.get(code="gr-9186")
    population = reference_path(data_dir=reference_data_dir(), name="greece_municipalities_population_2021.csv")
    with reference_open(population) as handle:
        rows = list(csv.DictReader(handle))
    expected = sum(int(r["pop_total_2021"]) for r in rows if r["kallikratis_ypes_code"] == "9186")
    assert athens.population == expected and athens.population_year == 2021
    assert set(Area.objects.filter(level="community").values_list("parent__code", flat=True)) == {"gr-9186"}
    kypseli = Area.objects.get(level="neighbourhood", name_el="ΑΓΙΟΣ ΓΕΩΡΓΙΟΣ ΚΥΨΕΛΗΣ")
    assert kypseli.parent.level == "community" and kypseli.parent.parent == athens
    total = sum(Area.objects.filter(level="municipality").values_list("population", flat=True))
    assert total == sum(int(r["pop_total_2021"]) for r in rows) == 10432481  # the census file's national total


def test_reference_load_is_idempotent_and_skips_unchanged_files() -> None:
    ids_before = dict(Area.objects.values_list("code", "id"))
    report = reference_data_load(data_dir=reference_data_dir())
    assert report.skipped
    forced = reference_data_load(data_dir=reference_data_dir(), force=True)
    assert not forced.skipped
    assert (forced.municipalities, forced.communities, forced.neighbourhoods, forced.cni_members) == (326, 7, 145, 18)
    assert dict(Area.objects.values_list("code", "id")) == ids_before


def test_areas_api_returns_geojson_for_a_level(client) -> None:
    response = client.get("/api/areas/", {"level": "community"})
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    codes = {f["properties"]["code"] for f in data["features"]}
    assert codes == {f"athens-dk-{n}" for n in range(1, 8)}
    first = data["features"][0]
    assert first["geometry"]["type"] == "MultiPolygon"
    assert first["properties"]["parent"] == "gr-9186"
    assert first["properties"]["name_en"].endswith("Municipal Community of Athens")


def test_areas_api_filters_cni_members_and_simplifies(client) -> None:
    response = client.get("/api/areas/", {"level": "municipality", "cni_member": "true", "simplify": "0.01"})
    assert response.status_code == 200
    features = response.json()["features"]
    assert len(features) == 18
    assert all(f["properties"]["cni_member"] for f in features)
    assert all(f["properties"]["population"] > 0 for f in features)


@pytest.mark.parametrize(
    "params,field",
    [({"level": "planet"}, "level"), ({"simplify": "-1"}, "simplify"), ({"cni_member": "x"}, "cni_member")],
)
def test_areas_api_rejects_bad_parameters(client, params, field) -> None:
    response = client.get("/api/areas/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]
