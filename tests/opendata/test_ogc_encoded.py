"""/ogc/ services items: features written as JSON text by SQL (opendata.selectors.FEATURE_JSON_COLUMNS) give, byte for
byte, the answer of the Python path (each row as a dict, encoded by the renderer), with the awkward values: escapes,
U+2028, Greek and emoji, NULLs, empty lists, dates, integer coordinates and seventh decimals of 5."""

import json
from datetime import date, timedelta

import pytest
from django.test import RequestFactory

from opendata.ogc import JsonRenderer, _service_feature
from opendata.selectors import service_location_one
from services.models import Address, Language, Location, Organization, Service, ServiceAtLocation
from tests.factories import term

from .conftest import Directory

pytestmark = pytest.mark.django_db
SERVICES = "/ogc/collections/services/items"
AWKWARD = 'Σ "quoted" \\ back\nnew\ttab\x01\x1f\x7f ctl \u2028\u2029 a/b 😀 <&> é'


@pytest.fixture
def awkward(directory: Directory) -> Directory:
    """The test directory with awkward text, NULLs, dates and coordinates on some of its services."""
    points = iter(directory.points())
    today = date.today()
    first = next(points)
    sal = ServiceAtLocation.objects.select_related("service").get(id=first)
    service = sal.service
    Service.objects.filter(pk=service.pk).update(
        name_el=AWKWARD, name_en="", url='https://example.org/a?b=c&d="e"', email="x@example.org",
        assured_date=today, valid_from=today - timedelta(days=3), valid_to=today + timedelta(days=3),
        capacity_status="full", free_of_charge=False,
    )  # fmt: skip
    service.categories.set([])
    Language.objects.bulk_create([Language(service=service, code=code) for code in ("fa", "en")])
    ServiceAtLocation.objects.get(id=next(points)).service.categories.set(
        [term("health-system-access"), term("housing")]
    )
    Organization.objects.filter(pk=service.organization_id).update(name_el="Ο\\ργ\u2029", name_en="")
    Address.objects.filter(location_id=sal.location_id).update(address_1=AWKWARD)
    # coordinates the way Python writes them and PostGIS would not: 24.0 (not 24), a seventh decimal of 5 (Python
    # rounds the exact binary value: 23.9446035 → 23.944603 or …604), tiny and negative values
    for sal_id, (lon, lat) in zip(
        points,
        [(24.0, 38.0), (23.9446035, 37.0647305), (23.1289415, 37.7634465), (-0.0000001, 0.00005), (0.0, -0.0)],
        strict=False,
    ):
        location_id = ServiceAtLocation.objects.get(id=sal_id).location_id
        Location.objects.filter(pk=location_id).update(point=f"SRID=4326;POINT({lon!r} {lat!r})")
    return directory


def _python_path(body: bytes) -> bytes:
    """The same answer with each feature made as before: a row read by the Python path, encoded by the renderer."""
    page = json.loads(body)
    request = RequestFactory().get("/")
    page["features"] = [_service_feature(request, service_location_one(sal_id=f["id"])) for f in page["features"]]
    return JsonRenderer().render(page)


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 1000},
        {"limit": 3},
        {"limit": 1000, "lang": "en"},
        {"limit": 1000, "bbox": "23.0,37.0,23.5,37.5"},
        {"limit": 1000, "category": "housing"},
    ],
)
def test_items_are_byte_for_byte_the_python_path(client, awkward: Directory, query: dict) -> None:  # noqa: ANN001
    response = client.get(SERVICES, query)
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    assert response.json()["features"], "the page has features to compare"
    assert response.content == _python_path(response.content)


def test_keyset_pages_and_the_awkward_feature_are_the_python_path(client, awkward: Directory) -> None:  # noqa: ANN001
    url, seen = f"{SERVICES}?limit=4", 0
    while url:
        response = client.get(url)
        assert response.content == _python_path(response.content)
        page = response.json()
        seen += len(page["features"])
        url = next((link["href"] for link in page["links"] if link["rel"] == "next"), "")
    back = client.get(SERVICES, {"limit": 2, "before": page["features"][-1]["id"]})
    assert back.content == _python_path(back.content)
    assert seen == len(client.get(SERVICES, {"limit": 1000}).json()["features"])
    # the awkward values arrive as they were stored
    features = client.get(SERVICES, {"limit": 1000}).json()["features"]
    odd = next(f for f in features if f["properties"]["name_el"] == AWKWARD)
    assert odd["properties"]["name_en"] == AWKWARD and odd["properties"]["categories"] == []
    assert odd["properties"]["organization_el"] == "Ο\\ργ\u2029" and odd["properties"]["free_of_charge"] is False
    assert odd["properties"]["assured_date"] == date.today().isoformat()
    assert "\u2028" not in client.get(SERVICES, {"limit": 1000}).content.decode()  # escaped, as JSONRenderer does
    coordinates = {tuple(f["geometry"]["coordinates"]) for f in features if f["geometry"]}
    assert (24.0, 38.0) in coordinates and (-0.0, 0.00005) in coordinates


def test_html_items_page_reads_the_encoded_features(client, awkward: Directory) -> None:  # noqa: ANN001
    response = client.get(SERVICES, {"limit": 1000, "f": "html"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Υπηρεσία 5" in response.content.decode()


@pytest.mark.parametrize("origin", ["http://testserver", "https://example.org:8443", "http://[::1]", "http://a<sal>b"])
def test_features_encoded_for_the_page_are_each_feature_encoded_alone(origin: str) -> None:
    """_service_features_json (the links encoded once a page, the point's floats by repr) is _service_feature_json
    row by row, whatever the origin (one holding a stand-in takes the plain way), point or none."""
    from opendata.ogc import _service_feature_json, _service_features_json

    ids = ("0b1e4c1a-7f6e-4c37-9a53-3d2a4e0c1f00", "f00d4c1a-7f6e-4c37-9a53-3d2a4e0c1fff")
    points = [(23.9446035, 37.0647305), (24.0, 38.0), (-0.0000001, 0.00005), (0.0, -0.0), (None, None),
              (179.9999995, -89.1234564), (1e-7, 123456.000001)]  # fmt: skip
    rows = [(*ids, lon, lat, '{"name_el":"Σ"}') for lon, lat in points]
    assert _service_features_json(rows, origin) == [_service_feature_json(row, origin) for row in rows]
