"""/ogc/ services items with `bbox`: points lying exactly on a box's edge are in it, wherever the edge's great-circle
bow matters (the index test: opendata.selectors.BBOX_INDEX_MARGIN). A parallel edge that crosses lon 0 or 90
bows away from a point on it, past the 3-D box the index compares; these boxes lose such points with a margin of 0
(or 0.0002°, less than the bow of a 0.5° piece at 45°), and the points just outside stay out."""

import pytest

from opendata.selectors import Bbox, service_location_window
from services.models import Location, Organization, Service, ServiceAtLocation
from services.selectors import SearchFilters
from tests.factories import analyze

pytestmark = pytest.mark.django_db
SERVICES = "/ogc/collections/services/items"

# name: lon, lat
POINTS = {
    "pm-south": (0.0, 45.0),  # on the south edge of BOXES["prime meridian"], where its one piece bows most
    "pm-north": (0.0, 46.0),
    "pm-below": (0.0, 44.9999),  # just outside
    "pm-east-out": (0.2491, 45.5),
    "pm-wide-south": (0.1, 45.0),
    "e90-south": (90.0, 45.0),
    "e90-below": (90.0, 44.9999),
    "sh-north": (0.0, -45.0),  # southern hemisphere: edges bow towards the south pole, the north one inwards
    "am-south": (180.0, 45.0),  # the antimeridian (the margin stops at 180)
}
BOXES = {
    "prime meridian": ("-0.249,45,0.249,46", {"pm-south", "pm-north", "pm-wide-south"}),
    "across the prime meridian, four pieces": ("-1.3,45,0.7,46", {"pm-south", "pm-north", "pm-east-out",
                                                                  "pm-wide-south"}),
    "lon 90": ("89.8,45,90.1,46", {"e90-south"}),
    "southern hemisphere": ("-0.249,-46,0.249,-45", {"sh-north"}),
    "antimeridian": ("179.8,45,180,46", {"am-south"}),
}  # fmt: skip


@pytest.fixture
def edge_points(db) -> dict[str, str]:  # noqa: ANN001
    """One public service at each of POINTS: service-at-location id by name."""
    org = Organization.objects.create(name="Άκρες", name_el="Άκρες", name_en="Edges", kind="local_ngo")
    ids = {}
    for name, (lon, lat) in POINTS.items():
        service = Service.objects.create(organization=org, name=name, name_el=name, name_en=name)
        location = Location.objects.create(organization=org, point=f"SRID=4326;POINT({lon!r} {lat!r})")
        ids[name] = str(ServiceAtLocation.objects.create(service=service, location=location).id)
    analyze()
    return ids


def _found(page: dict, ids: dict[str, str]) -> set[str]:
    names = {sal: name for name, sal in ids.items()}
    return {names[f["id"]] for f in page["features"] if f["id"] in names}


@pytest.mark.parametrize("box", BOXES)
def test_points_on_the_edges_are_in_the_box(client, edge_points: dict[str, str], box: str) -> None:  # noqa: ANN001
    bbox, expected = BOXES[box]
    response = client.get(SERVICES, {"bbox": bbox, "limit": 1000})
    assert response.status_code == 200
    page = response.json()
    assert _found(page, edge_points) == expected
    assert page["numberMatched"] == len(expected)


def test_points_on_a_box_of_zero_width_or_height(client, edge_points: dict[str, str]) -> None:  # noqa: ANN001
    # the API asks west < east and south < north; the reading under it takes a box of zero width or height
    assert client.get(SERVICES, {"bbox": "0,44,0,46"}).status_code == 400
    for bbox, expected in [
        (Bbox(0.0, 44.0, 0.0, 46.0), {"pm-south", "pm-north", "pm-below"}),  # along the meridian: a great circle
        (Bbox(-0.249, 45.0, 0.249, 45.0), {"pm-south", "pm-wide-south"}),  # along the parallel: bowed
    ]:
        window = service_location_window(filters=SearchFilters(), bbox=bbox, limit=1000)
        found = {row[0] for row in window.rows}
        assert {name for name, sal in edge_points.items() if sal in {str(f) for f in found}} == expected, bbox
        assert window.matched == len(expected)
