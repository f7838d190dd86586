"""The attacker's view of a shelter: every public answer, played against the one redaction rule (services.redaction).

Shelters are placed off the centre of their 500 m stand-in square (about 300 m from it), so an attack that recovers
the real point is told apart from one that recovers only the stand-in. The attacks:
- a binary search on the radius of /api/nearby/ and of HSDS `proximity`, from three points, then trilateration;
- the radius choices of the search page, from a point nearer the real shelter than its stand-in;
- trilateration from the coverage dashboard's far-away cells, with a filter that only the shelter matches, and the
  comparison of the distance grid with and without a shelter (subtracting the public points);
- a search of every page, API answer and export for the shelter's address, postcode, phones, name, notes and point.
"""

import io
import re
from pathlib import Path

import numpy as np
import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from geopy.distance import geodesic

from boundaries.actions import location_areas_refresh
from services.models import Accessibility, Phone
from services.redaction import STAND_IN_GRID_M
from tests.factories import (
    AddressFactory,
    LanguageFactory,
    LocationFactory,
    OrganizationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    term,
)

pytestmark = pytest.mark.django_db

SECRET_TEXTS = {
    "address": "Οδός Κρυφής Δοκιμής 13",
    "postcode": "199 99",
    "location phone": "+30 210 555 0199",
    "service phone": "+30 210 555 0142",
    "location name": "Ασφαλές Σπίτι Δοκιμής",
    "location name (English)": "Test Safe House",
    "transport": "Λεωφορείο 999, στάση Κρυφή",
    "accessibility": "Ράμπα στην πίσω αυλή δοκιμής",
    "location description": "Τρίτος όροφος δοκιμής",
    "place description": "Είσοδος από την αυλή δοκιμής",
}
ORGANISATION_PHONE = "+30 210 555 0777"


def grid(lon: float, lat: float) -> tuple[float, float]:
    """Greek Grid (EPSG:2100) metres of a point."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_X(g), ST_Y(g) FROM ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 2100) g",
                       [lon, lat])  # fmt: skip
        return cursor.fetchone()


def lonlat(x: float, y: float) -> tuple[float, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_X(g), ST_Y(g) FROM ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 2100), 4326) g",
                       [x, y])  # fmt: skip
        return cursor.fetchone()


def stand_in(lon: float, lat: float) -> tuple[float, float]:
    """The stand-in as the database computes it (services/sql/shelter_stand_in_v1.sql)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(p::geometry), ST_Y(p::geometry)"
            " FROM services_shelter_stand_in(ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) p",
            [lon, lat],
        )
        return cursor.fetchone()


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return geodesic((a[1], a[0]), (b[1], b[0])).meters


def off_centre(lon: float, lat: float) -> tuple[float, float]:
    """A point 40 m inside the south-west corner of the stand-in square holding (lon, lat): ~300 m from its centre."""
    x, y = grid(lon, lat)
    return lonlat((x // STAND_IN_GRID_M) * STAND_IN_GRID_M + 40, (y // STAND_IN_GRID_M) * STAND_IN_GRID_M + 40)


def trilaterate(observations: list[tuple[tuple[float, float], float]]) -> tuple[float, float]:
    """The point at the measured distances from the observation points (least squares in the Greek Grid)."""
    points = [(grid(*where), distance) for where, distance in observations]
    (x0, y0), r0 = points[0]
    rows, rhs = [], []
    for (x, y), r in points[1:]:
        rows.append([2 * (x - x0), 2 * (y - y0)])
        rhs.append(r0**2 - r**2 + x**2 - x0**2 + y**2 - y0**2)
    solution, *_ = np.linalg.lstsq(np.array(rows), np.array(rhs), rcond=None)
    return lonlat(float(solution[0]), float(solution[1]))


@pytest.fixture
def directory() -> dict[str, object]:
    """Public services around Syntagma and three shelters; shelter 1 is the only service in Tigrinya."""
    organisation = OrganizationFactory(name="Οργάνωση Καταφυγίων", name_el="Οργάνωση Καταφυγίων")
    Phone.objects.create(organization=organisation, number=ORGANISATION_PHONE)
    public = []
    for lon, lat in [(23.7348, 37.9755), (23.7275, 37.9838), (23.7450, 37.9690), (23.7200, 37.9900)]:
        sal = ServiceAtLocationFactory(location__point=Point(lon, lat, srid=4326))
        LanguageFactory(service=sal.service, code="el")
        AddressFactory(location=sal.location)
        public.append(sal)
    shelters = []
    for number, (lon, lat, language) in enumerate([(23.7400, 37.9800, "ti"), (23.7300, 37.9700, "el"),
                                                   (23.7500, 37.9850, "el")]):  # fmt: skip
        real = off_centre(lon, lat)
        service = ServiceFactory(organization=organisation, categories=[term("emergency-shelter")])
        location = LocationFactory(
            organization=organisation, point=Point(*real, srid=4326), redacted=True,
            name=f"{SECRET_TEXTS['location name']} {number}", name_en=f"{SECRET_TEXTS['location name (English)']}",
            description=SECRET_TEXTS["location description"], transportation=SECRET_TEXTS["transport"],
        )  # fmt: skip
        sal = ServiceAtLocationFactory(
            service=service, location=location, description=SECRET_TEXTS["place description"]
        )
        LanguageFactory(service=service, code=language)
        AddressFactory(location=location, address_1=SECRET_TEXTS["address"], postal_code=SECRET_TEXTS["postcode"])
        Phone.objects.create(location=location, number=SECRET_TEXTS["location phone"])
        Phone.objects.create(service=service, number=SECRET_TEXTS["service phone"])
        Accessibility.objects.create(location=location, description=SECRET_TEXTS["accessibility"])
        shelters.append({"sal": sal, "real": real, "stand_in": stand_in(*real)})
    location_areas_refresh(ids=[s["sal"].location_id for s in shelters] + [p.location_id for p in public])
    cache.clear()
    return {"organisation": organisation, "public": public, "shelters": shelters}


def observation_points(target: tuple[float, float]) -> list[tuple[float, float]]:
    """Three points 1.5–3 km from the target, in different directions."""
    x, y = grid(*target)
    return [lonlat(x + 2000, y + 500), lonlat(x - 1500, y + 1800), lonlat(x - 300, y - 2500)]


def threshold(appears, *, low: float = 1.0, high: float = 20000.0) -> float:  # noqa: ANN001
    """The smallest radius at which the shelter appears, to 0.25 m (a binary search, as an attacker would)."""
    assert appears(high) and not appears(low)
    while high - low > 0.25:
        middle = (low + high) / 2
        low, high = (low, middle) if appears(middle) else (middle, high)
    return high


def assert_only_the_stand_in(recovered: tuple[float, float], shelter: dict) -> None:
    """The attack lands on the stand-in, so it is no closer to the shelter than the stand-in is."""
    assert metres(shelter["stand_in"], shelter["real"]) > 250  # the fixture put the shelter off-centre
    found = metres(recovered, shelter["real"])
    assert found > metres(shelter["stand_in"], shelter["real"]) - 15, (
        f"the attack placed the shelter within {found:.0f} m"
    )
    assert metres(recovered, shelter["stand_in"]) < 15, "the attack itself should have worked on the stand-in"


def test_radius_binary_search_on_nearby_finds_only_the_stand_in(client, directory) -> None:
    shelter = directory["shelters"][0]
    sal_id = str(shelter["sal"].id)

    def observe(where: tuple[float, float]) -> float:
        def appears(radius: float) -> bool:
            answer = client.get("/api/nearby/", {"lat": where[1], "lon": where[0], "radius_m": radius,
                                                 "language": "ti", "limit": 50})  # fmt: skip
            assert answer.status_code == 200
            return sal_id in {f["id"] for f in answer.json()["features"]}

        return threshold(appears)

    observations = [(where, observe(where)) for where in observation_points(shelter["real"])]
    assert_only_the_stand_in(trilaterate(observations), shelter)


def test_radius_binary_search_on_hsds_proximity_finds_only_the_stand_in(client, directory) -> None:
    shelter = directory["shelters"][0]
    sal_id = str(shelter["sal"].id)

    def observe(where: tuple[float, float]) -> float:
        def appears(radius: float) -> bool:
            answer = client.get("/hsds/service_at_locations", {"lat": where[1], "lon": where[0], "proximity": radius,
                                                               "per_page": 50})  # fmt: skip
            assert answer.status_code == 200, answer.content
            return sal_id in {item["id"] for item in answer.json()["contents"]}

        return threshold(appears, high=50000.0)

    observations = [(where, observe(where)) for where in observation_points(shelter["real"])]
    assert_only_the_stand_in(trilaterate(observations), shelter)


def test_search_page_radius_counts_from_the_stand_in(client, directory) -> None:
    """From a point 850 m from the shelter and about 1,150 m from its stand-in, a 1 km search does not show it."""
    shelter = directory["shelters"][0]
    (rx, ry), (sx, sy) = grid(*shelter["real"]), grid(*shelter["stand_in"])
    away = np.array([rx - sx, ry - sy]) / np.hypot(rx - sx, ry - sy)
    where = lonlat(rx + 850 * away[0], ry + 850 * away[1])
    assert metres(where, shelter["real"]) < 1000 < metres(where, shelter["stand_in"])
    name = shelter["sal"].service.name
    page = {"lat": where[1], "lon": where[0], "language": "ti", "place": "x"}
    assert name not in client.get("/", {**page, "radius_m": 1000}).content.decode()
    assert name in client.get("/", {**page, "radius_m": 2000}).content.decode()


def test_nearby_orders_and_bands_shelters_by_the_stand_in(client, directory) -> None:
    shelter = directory["shelters"][0]
    where = observation_points(shelter["real"])[0]
    features = client.get("/api/nearby/", {"lat": where[1], "lon": where[0], "language": "ti"}).json()["features"]
    (feature,) = features
    assert feature["geometry"] is None and feature["properties"]["address"] is None
    assert feature["properties"]["distance_m"] % 500 == 0
    assert abs(feature["properties"]["distance_m"] - metres(where, shelter["stand_in"])) <= 250


RESULT_ROW = re.compile(r'<li class="result" id="result-[^"]+".*?</li>', re.S)
SHOWN_DISTANCE = re.compile(
    r'<span class="result__distance">(?P<within>σε ακτίνα )?(?P<number>[\d.,]+) (?P<unit>k?m)</span>'
)


def shown_metres(number: str, unit: str) -> float:
    """'850 m' → 850, '1,5 km' → 1500 (Greek decimal comma)."""
    value = float(number.replace(".", "").replace(",", "."))
    return value * 1000 if unit == "km" else value


def test_search_page_shows_shelters_as_a_band_and_distances_never_decrease(client, directory) -> None:
    """From Syntagma, shelters (redacted) sit between public services: each shows "within" a distance that holds
    for the real door, and the distances shown down the list never decrease."""
    syntagma = (23.7348, 37.9755)
    html = client.get("/", {"lat": syntagma[1], "lon": syntagma[0], "radius_m": 5000}).content.decode()
    rows = RESULT_ROW.findall(html)
    shelter_names = {shelter["sal"].service.name: shelter for shelter in directory["shelters"]}
    shown, kinds = [], []
    for row in rows:
        match = SHOWN_DISTANCE.search(row)
        assert match, row
        metres_shown = shown_metres(match["number"], match["unit"])
        name = re.search(r'class="result__name"[^>]*>([^<]+)</a>', row).group(1)
        if name in shelter_names:
            assert match["within"], f"a shelter's distance is shown as exact: {match.group(0)}"
            assert metres_shown >= metres(syntagma, shelter_names[name]["real"]), "the band must hold for the door"
            assert "show-on-map" not in row
            kinds.append("shelter")
        else:
            assert not match["within"]
            kinds.append("public")
        shown.append(metres_shown)
    assert sorted(kinds) == ["public"] * 4 + ["shelter"] * 3
    assert shown == sorted(shown), list(zip(kinds, shown, strict=True))
    # mixed in, not pushed to the end: a public service comes after a shelter
    assert "public" in kinds[kinds.index("shelter") :]


def coverage_cells(client, **params) -> list[dict]:  # noqa: ANN001
    cache.clear()
    answer = client.get("/api/coverage/cells/", {"level": "community", "beyond_m": 100, **params})
    assert answer.status_code == 200, answer.content
    return answer.json()["features"]


def test_coverage_cells_give_no_distance_to_a_shelter(client, directory) -> None:
    """With a filter that only the shelter matches, no cell has a distance to trilaterate from."""
    cells = coverage_cells(client, language="ti")
    assert cells, "the far-away layer lists every cell when nothing public matches"
    assert {cell["properties"]["nearest_m"] for cell in cells} == {None}
    rows = client.get("/api/coverage/", {"level": "community", "language": "ti"}).json()["rows"]
    assert {row["median_nearest_m"] for row in rows} == {None}
    assert sum(row["services"] for row in rows) == 1  # the shelter still counts in its area


def test_coverage_distances_do_not_change_when_a_shelter_goes(client, directory) -> None:
    """Subtracting the public points tells nothing: the distance grid is the same with and without shelters."""
    with_shelters = coverage_cells(client, language="el")
    rows_with = client.get("/api/coverage/", {"level": "community", "language": "el"}).json()["rows"]
    for shelter in directory["shelters"]:
        shelter["sal"].service.delete()
    without = coverage_cells(client, language="el")
    cache.clear()
    rows_without = client.get("/api/coverage/", {"level": "community", "language": "el"}).json()["rows"]
    assert with_shelters == without
    for row_with, row_without in zip(rows_with, rows_without, strict=True):
        for key in ("median_nearest_m", "share_beyond_1km", "share_beyond"):
            assert row_with[key] == row_without[key], (row_with["code"], key)


def test_postcode_search_does_not_match_a_shelter(client, directory) -> None:
    answer = client.get("/hsds/service_at_locations", {"postcode": SECRET_TEXTS["postcode"]})
    assert answer.status_code == 200
    assert answer.json()["contents"] == []


def public_answers(client, directory, tmp_path: Path) -> dict[str, str]:  # noqa: ANN001
    """Every page, API answer and export a visitor can get that could mention the shelters."""
    organisation = directory["organisation"]
    urls = ["/", "/en/", "/organisations/", f"/organisations/{organisation.id}/",
            f"/en/organisations/{organisation.id}/", "/api/map/?bbox=23.6,37.9,23.9,38.1&zoom=16",
            "/api/map/?bbox=23.6,37.9,23.9,38.1&zoom=11", "/ogc/collections/services/items?limit=1000",
            "/ogc/collections/services/items?limit=1000&f=html",
            f"/hsds/organizations/{organisation.id}", "/hsds/organizations?full=true&full_service=true",
            "/hsds/services?full=true", "/hsds/service_at_locations?full=true",
            "/api/coverage/?level=community", "/api/coverage/cells/?level=community&beyond_m=100"]  # fmt: skip
    for shelter in directory["shelters"]:
        near = observation_points(shelter["real"])[0]  # a search near it (a search at the door echoes the door)
        service_id, sal_id = shelter["sal"].service_id, shelter["sal"].id
        urls += [f"/?lat={near[1]}&lon={near[0]}&place=x", f"/en/?lat={near[1]}&lon={near[0]}&place=x",
                 f"/api/nearby/?lat={near[1]}&lon={near[0]}", f"/api/nearby/?lat={near[1]}&lon={near[0]}&lang=en",
                 f"/services/{service_id}/", f"/en/services/{service_id}/",
                 f"/services/{service_id}/referral/?lang=el", f"/services/{service_id}/referral/?lang=en",
                 f"/services/{service_id}/referral/?lang=ar", f"/referral/?services={service_id}&lang=fa",
                 f"/en/r/?services={service_id}&lang=ti", "/en/referral/", "/referral/languages/",
                 f"/hsds/services/{service_id}", f"/hsds/service_at_locations/{sal_id}",
                 f"/hsds/service_at_locations?lat={near[1]}&lon={near[0]}&proximity=5000&full=true",
                 f"/ogc/collections/services/items/{sal_id}",
                 f"/ogc/collections/services/items/{sal_id}?f=html"]  # fmt: skip
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answers[url] = body.decode()
    for url in ("/export/services.csv", "/export/services.geojson"):
        response = client.get(url)
        assert response.status_code == 200
        answers[url] = b"".join(response.streaming_content).decode("utf-8-sig")
    call_command("export_hsds", str(tmp_path / "hsds"), stdout=io.StringIO())
    for path in sorted((tmp_path / "hsds").iterdir()):
        answers[f"export_hsds/{path.name}"] = path.read_text(encoding="utf-8")
    return answers


NUMBER = re.compile(r"-?\d{1,3}\.\d{4,}")
POSTCODE_DIGITS = re.compile(r"(?<![\w.])" + SECRET_TEXTS["postcode"].replace(" ", "") + r"(?![\w])")


def mentions_point(text: str, target: tuple[float, float], *, within_m: float = 25) -> bool:
    """Any two neighbouring numbers of 4+ decimals in the text that make a point within `within_m` of the target."""
    numbers = [float(n) for n in NUMBER.findall(text)]
    for a, b in zip(numbers, numbers[1:], strict=False):
        for lon, lat in ((a, b), (b, a)):
            if abs(lon - target[0]) < 0.01 and abs(lat - target[1]) < 0.01 and metres((lon, lat), target) < within_m:
                return True
    return False


def leaks(text: str, *, place: dict) -> list[str]:
    """What of a shelter's secrets the text holds."""
    flat = re.sub(r"\s", "", text)
    found = [label for label, secret in SECRET_TEXTS.items() if secret in text or re.sub(r"\s", "", secret) in flat]
    if POSTCODE_DIGITS.search(text):
        found.append("postcode digits")
    if mentions_point(text, place["real"]):
        found.append("point")
    return found


def test_no_answer_names_a_shelters_door(client, directory, tmp_path) -> None:
    answers = public_answers(client, directory, tmp_path)
    found = [
        f"{label} of shelter {number} in {where}"
        for where, text in answers.items()
        for number, shelter in enumerate(directory["shelters"])
        for label in leaks(text, place=shelter)
        if not (label == "point" and where.startswith("/api/coverage/cells/"))  # sample cells: the test above
    ]
    assert found == []
    # the shelters are in those answers all the same: as services of their organisation, in their area
    for shelter in directory["shelters"]:
        page = answers[f"/services/{shelter['sal'].service_id}/"]
        assert shelter["sal"].service.name in page
        assert ORGANISATION_PHONE in page  # the public calls the organisation
        hsds = client.get(f"/hsds/services/{shelter['sal'].service_id}").json()
        (place,) = hsds["service_at_locations"]
        assert place["location"]["redacted"] is True and place["location"]["area_code"]


def test_the_leak_check_sees_a_public_place(client, directory, tmp_path) -> None:
    """The search above would see a leak: a public place's address, phone and point, in the same answers."""
    answers = public_answers(client, directory, tmp_path)
    place = directory["public"][0]
    Phone.objects.create(location=place.location, number=SECRET_TEXTS["location phone"])
    as_shelter = {"real": (place.location.point.x, place.location.point.y)}
    assert "point" in leaks(answers["/export/services.csv"], place=as_shelter)
    assert "point" in leaks(answers["/hsds/service_at_locations?full=true"], place=as_shelter)
    page = client.get(f"/services/{place.service_id}/").content.decode()
    assert {"point", "location phone"} <= set(leaks(page, place=as_shelter))
    assert "Πανεπιστημίου 10" in page
