"""The caseworker search page as HTML: the heading names a place, never coordinates; "Show more" beyond 50."""

import re

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from geopy.distance import geodesic

from boundaries.models import Area, AreaLevel
from services.views import MAX_RESULT_LIMIT, RESULT_LIMIT
from tests.factories import ServiceAtLocationFactory

pytestmark = pytest.mark.django_db

HEADING = re.compile(r'<h2 id="results-title"[^>]*>(.*?)</h2>', re.S)
COORDINATES = re.compile(r"\d+[.,]\d{3}")  # 37.98380, 23,72750: any number with three or more decimals
KYPSELI = (38.0005, 23.7420)  # Athens, in the neighbourhood ΠΛΑΤΕΙΑ ΚΑΝΑΡΗ (6th Municipal Community)
PATRAS = (38.2466, 21.7346)  # the municipality of Patras: no community or neighbourhood in the data
SARONIC_GULF = (37.75, 23.60)  # the sea: outside every area
# No point in the reference data lies in a community but in none of its neighbourhoods (Athens' 145 neighbourhoods
# tile its 7 communities), so the community level is tested with a community drawn for the test in Piraeus.
PIRAEUS = (37.9420, 23.6465)


def heading(client, path: str, lat: float, lon: float) -> str:  # noqa: ANN001
    """The results heading of a map-picked search (lat/lon without a place, as "Use a point on the map" sends)."""
    response = client.get(path, {"lat": lat, "lon": lon})
    assert response.status_code == 200
    (text,) = HEADING.findall(response.content.decode())
    return " ".join(text.split())


@pytest.fixture
def piraeus_community() -> Area:
    """A community-level area around central Piraeus, with no neighbourhood inside."""
    lat, lon = PIRAEUS
    square = Polygon.from_bbox((lon - 0.005, lat - 0.005, lon + 0.005, lat + 0.005))
    return Area.objects.create(
        code="test-piraeus-community",
        level=AreaLevel.COMMUNITY,
        name="Κοινότητα Δοκιμής Πειραιά",
        name_el="Κοινότητα Δοκιμής Πειραιά",
        name_en="Piraeus Test Community",
        geom=MultiPolygon(square, srid=4326),
    )


@pytest.mark.parametrize(
    ("where", "greek", "english"),
    [
        pytest.param(KYPSELI, "ΠΛΑΤΕΙΑ ΚΑΝΑΡΗ", "Plateia Kanari", id="neighbourhood"),
        pytest.param(PIRAEUS, "Κοινότητα Δοκιμής Πειραιά", "Piraeus Test Community", id="community"),
        pytest.param(PATRAS, "Δήμος Πατρέων", "Patras", id="municipality"),
        pytest.param(SARONIC_GULF, "το σημείο του χάρτη", "the point chosen on the map", id="outside-every-area"),
    ],
)
def test_a_map_picked_point_is_named_never_numbered(client, piraeus_community, where, greek, english) -> None:  # noqa: ANN001
    lat, lon = where
    for path, name in (("/", greek), ("/en/", english)):
        text = heading(client, path, lat, lon)
        assert text.endswith(name), text
        assert not COORDINATES.search(text), text
        assert f"{lat:.5f}" not in text and f"{lon:.5f}" not in text


def test_the_smallest_covering_area_names_the_point(client, piraeus_community) -> None:  # noqa: ANN001
    """Central Piraeus lies in the municipality of Piraeus too: the community, the smaller area, names it."""
    lat, lon = PIRAEUS
    assert Area.objects.covering(Point(lon, lat, srid=4326)).filter(name_el="Δήμος Πειραιώς").exists()
    assert heading(client, "/en/", lat, lon).endswith("Piraeus Test Community")


@pytest.fixture
def crowd() -> list[str]:
    """130 services 10 m apart going east from Kypseli; their names in nearest-first order."""
    names = []
    for n in range(130):
        spot = geodesic(meters=20 + 10 * n).destination(KYPSELI, 90)
        sal = ServiceAtLocationFactory(
            service__name_el=f"Υπηρεσία {n:03d}", location__point=Point(spot.longitude, spot.latitude, srid=4326)
        )
        names.append(sal.service.name_el)
    return names


def listed(html: str) -> list[str]:
    return re.findall(r'class="result__name"[^>]*>([^<]+)</a>', html)


def show_more(html: str) -> str | None:
    found = re.search(r'<p class="results__more"><a [^>]*href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_show_more_adds_the_next_fifty_nearest(client, crowd) -> None:  # noqa: ANN001
    lat, lon = KYPSELI
    first = client.get("/", {"lat": lat, "lon": lon}).content.decode()
    assert listed(first) == crowd[:RESULT_LIMIT]
    more = show_more(first)
    assert more is not None and f"limit={2 * RESULT_LIMIT}" in more
    second = client.get("/" + more).content.decode()
    assert listed(second) == crowd[: 2 * RESULT_LIMIT]
    third = client.get("/" + show_more(second)).content.decode()
    assert listed(third) == crowd  # all 130: nothing left, so no "Show more"
    assert show_more(third) is None


def test_show_more_is_bounded(client, crowd) -> None:  # noqa: ANN001
    """A hand-made limit is clamped between one page and MAX_RESULT_LIMIT."""
    lat, lon = KYPSELI
    assert len(listed(client.get("/", {"lat": lat, "lon": lon, "limit": "3"}).content.decode())) == RESULT_LIMIT
    assert len(listed(client.get("/", {"lat": lat, "lon": lon, "limit": "x"}).content.decode())) == RESULT_LIMIT
    assert MAX_RESULT_LIMIT > len(crowd)
    assert listed(client.get("/", {"lat": lat, "lon": lon, "limit": "100000"}).content.decode()) == crowd


def test_the_map_urls_are_the_pages_language_whichever_came_first(client) -> None:  # noqa: ANN001
    """The map module's URLs are reversed once per language in each worker (services.views.map_urls)."""
    import json
    import re
    from uuid import UUID

    from django.urls import reverse
    from django.utils import translation

    from services import views

    expected = {}
    for language in ("el", "en"):
        with translation.override(language):
            expected[language] = {"areasUrl": reverse("api:areas"), "geocodeUrl": reverse("api:geocode"),
                                  "mapUrl": reverse("api:map"),
                                  "detailUrl": reverse("services:detail", args=[UUID(int=0)])}  # fmt: skip
    assert expected["el"]["detailUrl"] != expected["en"]["detailUrl"]
    views._MAP_URLS.clear()
    for path, language in [("/en/", "en"), ("/", "el"), ("/?lat=37.98&lon=23.72", "el"), ("/en/", "en")]:
        html = client.get(path).content.decode()
        (config,) = re.findall(r'<script id="map-config" type="application/json">(.*?)</script>', html)
        assert {k: v for k, v in json.loads(config).items() if k.endswith("Url")} == expected[language], path


def test_the_map_lists_each_result_with_what_the_map_module_reads(client) -> None:  # noqa: ANN001
    """map_config's features are the page's results in their order, each with its point and only what the map
    module reads of it (static/js/map_search.js and search_layer.js: the marker's popup); the rest is in the cards."""
    import json

    for n in range(3):
        spot = geodesic(meters=30 + 40 * n).destination(KYPSELI, 45)
        ServiceAtLocationFactory(service__name_el=f'Υπηρεσία <{n}> & "x"',
                                 location__point=Point(spot.longitude, spot.latitude, srid=4326))  # fmt: skip
    response = client.get("/", {"lat": KYPSELI[0], "lon": KYPSELI[1]})
    (config,) = re.findall(r'<script id="map-config" type="application/json">(.*?)</script>', response.content.decode())
    features, results = json.loads(config)["features"], response.context["results"]
    assert len(features) == len(results) == 3
    for feature, result in zip(features, results, strict=True):
        assert feature["type"] == "Feature" and feature["id"] == result["id"]
        assert feature["geometry"] == result["geometry"] and feature["geometry"]["type"] == "Point"
        p = result["properties"]
        assert feature["properties"] == {"service_id": p["service_id"], "name": p["name"],
                                         "organization": p["organization"], "open_now": p["open_now"],
                                         "hours_today": p["hours_today"]}  # fmt: skip
    assert [f["properties"]["name"] for f in features] == [f'Υπηρεσία <{n}> & "x"' for n in range(3)]
