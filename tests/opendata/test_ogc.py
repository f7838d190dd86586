"""/ogc/: OGC API – Features Part 1 documents, paging, bbox, errors (through the test client)."""

from datetime import date, timedelta

import pytest

from services.models import Service

from .conftest import Directory

pytestmark = pytest.mark.django_db
SERVICES = "/ogc/collections/services/items"
CONFORMANCE = {
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
}


def _ours(features: list[dict], directory: Directory) -> set[str]:
    return {f["id"] for f in features if f["id"] in directory.public or f["id"] in directory.hidden}


def test_landing_conformance_collections(client) -> None:  # noqa: ANN001
    landing = client.get("/ogc/")
    assert landing.status_code == 200 and landing["Content-Type"] == "application/json"
    rels = {link["rel"]: link for link in landing.json()["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= set(rels)
    assert rels["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert set(client.get("/ogc/conformance").json()["conformsTo"]) == CONFORMANCE
    collections = client.get("/ogc/collections").json()["collections"]
    assert [c["id"] for c in collections] == ["services", "areas"]
    for collection in collections:
        assert collection["extent"]["spatial"]["crs"] == "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
        assert {link["rel"] for link in collection["links"]} == {"self", "items"}
        assert client.get(f"/ogc/collections/{collection['id']}").json()["id"] == collection["id"]


def test_api_definition_is_openapi_30_of_the_ogc_paths(client) -> None:  # noqa: ANN001
    response = client.get("/ogc/api")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"
    document = response.json()
    assert document["openapi"].startswith("3.0")
    assert {"/ogc/", "/ogc/conformance", "/ogc/collections", "/ogc/collections/services/items",
            "/ogc/collections/areas/items/{feature_id}"} <= set(document["paths"])  # fmt: skip
    assert all(path.startswith("/ogc/") for path in document["paths"])
    limit = next(p for p in document["paths"]["/ogc/collections/services/items"]["get"]["parameters"]
                 if p["name"] == "limit")  # fmt: skip
    assert limit["schema"]["maximum"] == 10000 and limit["schema"]["default"] == 10


def test_items_page_through_every_public_location_with_links(client, directory: Directory) -> None:  # noqa: ANN001
    seen: list[dict] = []
    url = f"{SERVICES}?limit=5&category=health,housing"  # every test service has one of these two
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
        page = response.json()
        assert page["numberReturned"] == len(page["features"]) <= 5
        seen += page["features"]
        links = {link["rel"]: link["href"] for link in page["links"]}
        url = links.get("next", "").replace("http://testserver", "")
        pages += 1
        if pages > 1:
            assert "prev" in links
    assert page["numberMatched"] == len(seen) == pages * 5 - (5 - page["numberReturned"])
    assert _ours(seen, directory) == set(directory.public)
    assert len({f["id"] for f in seen}) == len(seen)  # no feature twice across pages
    by_id = {f["id"]: f for f in seen}
    for sal, (lon, lat) in directory.points().items():
        assert by_id[sal]["geometry"] == {"type": "Point", "coordinates": [lon, lat]}
    assert by_id[directory.redacted]["geometry"] is None
    assert by_id[directory.redacted]["properties"]["address"] is None


def test_bbox_is_exact_and_leaves_out_redacted_locations(client, directory: Directory) -> None:  # noqa: ANN001
    page = client.get(SERVICES, {"bbox": "23.0,37.0,23.5,37.5", "limit": 1000}).json()
    assert _ours(page["features"], directory) == directory.west
    # a box whose edge passes 0.01° from two points: they are in (on the line), their neighbours out
    page = client.get(SERVICES, {"bbox": "23.21,37.25,23.29,37.26", "limit": 1000}).json()
    assert _ours(page["features"], directory) == {s for s, p in directory.points().items() if p[0] in (23.21, 23.29)}
    # the redacted shelter's real point (23.2, 37.2) is inside this box, but the box finds nothing of it
    page = client.get(SERVICES, {"bbox": "23.19,37.19,23.21,37.21"}).json()
    assert _ours(page["features"], directory) == set()


def test_single_items(client, directory: Directory) -> None:  # noqa: ANN001
    sal, (lon, lat) = next(iter(directory.points().items()))
    feature = client.get(f"{SERVICES}/{sal}").json()
    assert feature["id"] == sal and feature["geometry"]["coordinates"] == [lon, lat]
    for missing in [next(iter(directory.hidden)), "not-a-uuid", "00000000-0000-0000-0000-000000000000"]:
        response = client.get(f"{SERVICES}/{missing}")
        assert response.status_code == 404
        assert response.json()["code"] == "NotFound"
    area = client.get("/ogc/collections/areas/items/t-west").json()
    assert area["id"] == "t-west" and area["geometry"]["type"] == "MultiPolygon"
    assert area["properties"]["name_en"] == "West" and area["properties"]["population"] == 1000
    assert client.get("/ogc/collections/areas/items/nowhere").status_code == 404


def test_areas_by_level_and_bbox(client, directory: Directory) -> None:  # noqa: ANN001
    page = client.get("/ogc/collections/areas/items", {"level": "community", "limit": 100}).json()
    assert page["numberMatched"] == page["numberReturned"] == 7  # Athens' seven municipal communities
    assert {f["properties"]["level"] for f in page["features"]} == {"community"}
    page = client.get("/ogc/collections/areas/items", {"bbox": "23.9,37.1,23.95,37.2", "limit": 100}).json()
    assert "t-east" in {f["id"] for f in page["features"]} and "t-west" not in {f["id"] for f in page["features"]}


def test_datetime_meets_the_valid_dates(client, directory: Directory) -> None:  # noqa: ANN001
    everything = _ours(client.get(SERVICES, {"limit": 1000}).json()["features"], directory)
    assert _ours(client.get(SERVICES, {"limit": 1000, "datetime": "../.."}).json()["features"], directory) == everything
    today = date.today()
    Service.objects.filter(name_el="Υπηρεσία 4").update(valid_to=today + timedelta(days=10))
    service_4 = {f["id"] for f in client.get(SERVICES, {"q": "Υπηρεσία 4"}).json()["features"]}
    assert len(service_4) == 1

    def ids(interval: str) -> set[str]:
        return _ours(client.get(SERVICES, {"limit": 1000, "datetime": interval}).json()["features"], directory)

    assert ids(f"{today + timedelta(days=20)}T12:00:00Z/..") == everything - service_4  # it ends before
    assert ids(f"../{today + timedelta(days=5)}") == everything
    assert ids(f"{today + timedelta(days=10)}") == everything  # its last day still counts


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "24,37,23,38"}, "bbox"),
        ({"limit": "0"}, "limit"),
        ({"limit": "100001"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"f": "xml"}, "f"),  # html is offered since the HTML pages (test_ogc_html.py)
        ({"datetime": "yesterday"}, "datetime"),
        ({"datetime": "2026-02-01/2026-01-01"}, "datetime"),
        ({"colour": "red"}, "colour"),
        ({"category": "no-such-category"}, "category"),
    ],
)
def test_bad_parameters_are_400_with_ogc_and_our_error_fields(client, query: dict, field: str) -> None:  # noqa: ANN001
    response = client.get(SERVICES, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "InvalidParameterValue" and body["description"]
    assert list(body["errors"]) == [field]


def test_unknown_paths_are_json_404_and_trailing_slashes_redirect(client) -> None:  # noqa: ANN001
    response = client.get("/ogc/collections/nope/items")
    assert response.status_code == 404 and response.json()["code"] == "NotFound"
    response = client.get("/ogc/collections/?f=json")
    assert response.status_code == 301 and response["Location"] == "/ogc/collections?f=json"
