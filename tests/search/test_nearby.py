"""/api/nearby/ against a brute-force geodesic ranking (geopy, WGS84) on generated data, for every filter."""

import itertools
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from geopy.distance import geodesic

from boundaries.actions import location_areas_refresh
from boundaries.models import Area
from services.models import (
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    service_search_text,
)
from tests.factories import ServiceAtLocationFactory, analyze

pytestmark = pytest.mark.django_db
ATHENS = ZoneInfo("Europe/Athens")
LANGS = ["el", "en", "ar", "fa", "ur", "fr", "uk", "ps"]
WORDS = [("Νομική βοήθεια", "Legal help"), ("Ιατρείο", "Clinic"), ("Μαθήματα ελληνικών", "Greek lessons"),
         ("Κέντρο ημέρας", "Day centre"), ("Ψυχολογική στήριξη", "Psychological support")]  # fmt: skip


@dataclass
class Row:
    """What the brute force knows about one service at a location (a shelter: at its public stand-in)."""

    sal_id: str
    lon: float
    lat: float
    categories: set[str]
    languages: set[str]
    audiences: set[str]
    eligibility: set[str]
    free: bool
    active: bool
    valid_to: date | None
    redacted: bool
    areas: set[str]
    words: str
    schedules: list[Schedule]


@pytest.fixture
def world() -> list[Row]:
    """400 services at 250 locations over central Athens and Piraeus, with random attributes."""
    rng = random.Random(42)
    categories = list(TaxonomyTerm.objects.filter(taxonomy__code="categories"))
    audiences = list(TaxonomyTerm.objects.filter(taxonomy__code="audience"))
    eligibility = list(TaxonomyTerm.objects.filter(taxonomy__code="eligibility"))
    org = Organization.objects.create(name="Δοκιμή", name_el="Δοκιμή", name_en="Test org", kind="local_ngo")
    locations = [
        Location(
            organization=org,
            point=Point(rng.uniform(23.62, 23.80), rng.uniform(37.93, 38.03), srid=4326),
            redacted=rng.random() < 0.05,
        )
        for _ in range(250)
    ]
    Location.objects.bulk_create(locations)
    location_areas_refresh()
    # a shelter is searched at its public stand-in, never at its point (services.redaction)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ST_X(p::geometry), ST_Y(p::geometry) FROM services_location,"
            " services_shelter_stand_in(point) p WHERE redacted AND organization_id = %s",
            [org.id],
        )
        searched_at = {loc_id: (x, y) for loc_id, x, y in cursor.fetchall()}
    area_codes = {
        loc.id: {a for a in (loc.municipality and loc.municipality.code, loc.neighbourhood and loc.neighbourhood.code,
                             loc.community and loc.community.code) if a}
        for loc in Location.objects.select_related("municipality", "community", "neighbourhood")
    }  # fmt: skip
    today = date.today()
    rows = []
    services, sals, langs, scheds, links = [], [], [], [], {"c": [], "a": [], "e": []}
    for number in range(400):
        loc = locations[number % 250] if number < 250 else rng.choice(locations)
        el, en = rng.choice(WORDS)
        status = "active" if rng.random() < 0.93 else "inactive"
        valid_to = today - timedelta(days=3) if rng.random() < 0.05 else None
        service = Service(organization=org, name=f"{el} {number}", name_el=f"{el} {number}", name_en=f"{en} {number}",
                          status=status, valid_to=valid_to, free_of_charge=rng.random() < 0.7)  # fmt: skip
        service.search_text = service_search_text(service, ("Δοκιμή", "Test org"))
        services.append(service)
        sal = ServiceAtLocation(service=service, location=loc)
        sals.append(sal)
        cats = rng.sample(categories, rng.randint(1, 2))
        cat_codes = {t.code for t in cats} | {t.parent.code for t in cats if t.parent}
        auds = rng.sample(audiences, rng.randint(0, 2))
        elig = rng.sample(eligibility, rng.randint(0, 2))
        codes = rng.sample(LANGS, rng.randint(1, 3))
        links["c"] += [(service, t) for t in cats]
        links["a"] += [(service, t) for t in auds]
        links["e"] += [(service, t) for t in elig]
        langs += [Language(service=service, code=c) for c in codes]
        hours = []
        if rng.random() < 0.8:
            opens = time(rng.choice([8, 9, 10, 18, 22]))
            closes = time(rng.choice([14, 17, 20])) if opens.hour < 14 else time(rng.choice([2, 23]))
            days = ",".join(rng.sample(["MO", "TU", "WE", "TH", "FR", "SA", "SU"], rng.randint(1, 5)))
            hours.append(Schedule(service=service, byday=days, opens_at=opens, closes_at=closes))
        scheds += hours
        rows.append(
            Row(str(sal.id), *searched_at.get(loc.id, (loc.point.x, loc.point.y)), cat_codes,
                set(codes), {t.code for t in auds}, {t.code for t in elig}, service.free_of_charge,
                status == "active", valid_to, loc.redacted, area_codes[loc.id],
                service.search_text, hours)
        )  # fmt: skip
    Service.objects.bulk_create(services)
    ServiceAtLocation.objects.bulk_create(sals)
    Language.objects.bulk_create(langs)
    Schedule.objects.bulk_create(scheds)
    Service.categories.through.objects.bulk_create(
        [Service.categories.through(service=s, taxonomyterm=t) for s, t in links["c"]]
    )
    Service.audiences.through.objects.bulk_create(
        [Service.audiences.through(service=s, taxonomyterm=t) for s, t in links["a"]]
    )
    Service.eligibility.through.objects.bulk_create(
        [Service.eligibility.through(service=s, taxonomyterm=t) for s, t in links["e"]]
    )
    analyze()
    return rows


def brute_force(rows: list[Row], lat: float, lon: float, *, radius: float = 5000, limit: int = 20,
                moment: datetime | None = None, **filters) -> list[tuple[str, float]]:  # fmt: skip
    """The expected answer: filter in Python, rank by geopy's geodesic (Karney, WGS84)."""
    out = []
    on = moment.astimezone(ATHENS).date() if moment else date.today()
    for row in rows:
        if not row.active or (row.valid_to and row.valid_to < on):
            continue
        if filters.get("category") and not (row.categories & set(filters["category"])):
            continue
        if filters.get("language") and not (row.languages & set(filters["language"])):
            continue
        if filters.get("audience") and not (row.audiences & set(filters["audience"])):
            continue
        if filters.get("eligibility") and not (row.eligibility & set(filters["eligibility"])):
            continue
        if filters.get("free") and not row.free:
            continue
        if filters.get("area") and filters["area"] not in row.areas:
            continue
        if filters.get("q") and not all(f" {w}" in row.words for w in filters["q_folded"].split()):
            continue
        if filters.get("open_now") and not any(s.is_open_at(moment) for s in row.schedules):
            continue
        distance = geodesic((lat, lon), (row.lat, row.lon)).meters
        if distance <= radius:
            out.append((row.sal_id, distance))
    out.sort(key=lambda item: (round(item[1], 3), item[0]))  # ties (one location, several services) by id
    return out[:limit]


def api(client, **params) -> list[dict]:  # noqa: ANN001
    response = client.get("/api/nearby/", params)
    assert response.status_code == 200, response.content
    return response.json()["features"]


def assert_same(features: list[dict], expected: list[tuple[str, float]]) -> None:
    assert [f["id"] for f in features] == [sal_id for sal_id, _ in expected]
    for feature, (_, distance) in zip(features, expected, strict=True):
        if feature["properties"]["redacted"]:
            assert abs(feature["properties"]["distance_m"] - distance) <= 250.01
        else:
            assert feature["properties"]["distance_m"] == pytest.approx(distance, abs=0.06)
    distances = [f["properties"]["distance_m"] for f in features if not f["properties"]["redacted"]]
    assert distances == sorted(distances)


QUERY_POINTS = [(37.9838, 23.7275), (37.9420, 23.6465), (38.0100, 23.7500), (37.9700, 23.7800)]


@pytest.mark.parametrize("lat,lon", QUERY_POINTS)
def test_unfiltered_matches_brute_force(client, world, lat, lon) -> None:
    assert_same(api(client, lat=lat, lon=lon, limit=30), brute_force(world, lat, lon, limit=30))


@pytest.mark.parametrize(
    "filters",
    [
        {"category": ["health"]},
        {"category": ["legal-aid"]},
        {"category": ["education", "gender"]},
        {"language": ["ar"]},
        {"language": ["fa", "ps"]},
        {"audience": ["women"]},
        {"eligibility": ["asylum-seekers"]},
        {"free": True},
        {"area": "athens-dk-1"},
        {"area": "gr-9186"},
        {"q": "Nomiki"},
    ],
    ids=lambda f: "-".join(f"{k}={v}" for k, v in f.items()),
)
def test_each_filter_matches_brute_force(client, world, filters) -> None:
    expected_filters = dict(filters)
    if "q" in filters:
        from geo_accmr.text import fold

        expected_filters["q_folded"] = fold(filters["q"])
    for lat, lon in QUERY_POINTS[:2]:
        expected = brute_force(world, lat, lon, radius=8000, **expected_filters)
        assert_same(api(client, lat=lat, lon=lon, radius_m=8000, **filters), expected)


def test_filter_combinations_match_brute_force(client, world) -> None:
    options = {
        "category": [["health"], ["rights-legal"]],
        "language": [["ar"], ["en", "fr"]],
        "audience": [["women"], ["families"]],
        "free": [True],
    }
    checked = 0
    for size in (2, 3, 4):
        for keys in itertools.combinations(options, size):
            for values in itertools.product(*(options[k] for k in keys)):
                filters = dict(zip(keys, values, strict=True))
                expected = brute_force(world, 37.98, 23.72, radius=15000, limit=50, **filters)
                assert_same(api(client, lat=37.98, lon=23.72, radius_m=15000, limit=50, **filters), expected)
                checked += 1
    assert checked > 20


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 27, 23, 30, tzinfo=ATHENS),  # Friday late evening
        datetime(2026, 11, 28, 1, 30, tzinfo=ATHENS),  # after midnight: Friday's night periods still open
        datetime(2026, 11, 30, 0, 30, tzinfo=ATHENS),  # Monday after midnight: Sunday's night periods
        datetime(2026, 11, 26, 10, 0, tzinfo=ATHENS),  # Thursday morning
        datetime(2026, 7, 1, 8, 30, tzinfo=ZoneInfo("UTC")),  # summer time: 11:30 in Athens
    ],
)
def test_open_now_matches_schedule_rules_in_athens_time(world, moment) -> None:
    from search.selectors import service_list_nearby
    from services.selectors import SearchFilters

    results = service_list_nearby(lat=37.98, lon=23.72, radius_m=20000, limit=200,
                                  filters=SearchFilters(open_now=True), moment=moment)  # fmt: skip
    expected = brute_force(world, 37.98, 23.72, radius=20000, limit=200, open_now=True, moment=moment)
    assert [str(r.id) for r in results] == [sal_id for sal_id, _ in expected]
    assert expected, "the generated data should have something open"


def test_only_current_services_are_returned(client, world) -> None:
    inactive = {row.sal_id for row in world if not row.active or row.valid_to}
    assert inactive
    returned = {f["id"] for f in api(client, lat=37.98, lon=23.72, radius_m=50000, limit=200)}
    assert not returned & inactive


def test_redacted_locations_show_only_their_area(client, world) -> None:
    features = api(client, lat=37.98, lon=23.72, radius_m=50000, limit=200)
    redacted = [f for f in features if f["properties"]["redacted"]]
    assert redacted
    for feature in redacted:
        assert feature["geometry"] is None
        assert feature["properties"]["address"] is None
        assert feature["properties"]["area"] is not None
        assert feature["properties"]["distance_m"] % 500 == 0


def test_spheroid_order_even_where_the_sphere_disagrees(client) -> None:
    """Two places at almost the same distance, one due north and one due east: sphere and spheroid disagree."""
    origin = (37.98, 23.72)
    north = geodesic(meters=1000).destination(origin, 0)
    east = geodesic(meters=1002).destination(origin, 90)  # 2 m farther on the spheroid, nearer on the sphere
    far = [ServiceAtLocationFactory(location__point=Point(p.longitude, p.latitude, srid=4326)) for p in (east, north)]
    features = api(client, lat=origin[0], lon=origin[1], limit=1)
    assert [f["id"] for f in features] == [str(far[1].id)]  # north is nearer on the spheroid
    assert features[0]["properties"]["distance_m"] == pytest.approx(1000.0, abs=0.05)


def test_query_count_is_constant(client, world, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(6):
        assert len(api(client, lat=37.98, lon=23.72, limit=200, category=["health"], language=["ar", "en"])) > 5
    with django_assert_max_num_queries(6):
        assert len(api(client, lat=37.98, lon=23.72, limit=2)) == 2


@pytest.mark.parametrize(
    "params,field",
    [
        ({"lon": 23.7}, "lat"),
        ({"lat": "north", "lon": 23.7}, "lat"),
        ({"lat": 95, "lon": 23.7}, "lat"),
        ({"lat": 37.9, "lon": 23.7, "radius_m": 60000}, "radius_m"),
        ({"lat": 37.9, "lon": 23.7, "limit": 0}, "limit"),
        ({"lat": 37.9, "lon": 23.7, "limit": 201}, "limit"),
        ({"lat": 37.9, "lon": 23.7, "category": "no-such-thing"}, "category"),
        ({"lat": 37.9, "lon": 23.7, "language": "Arabic"}, "language"),
        ({"lat": 37.9, "lon": 23.7, "audience": "martians"}, "audience"),
        ({"lat": 37.9, "lon": 23.7, "area": "atlantis"}, "area"),
        ({"lat": 37.9, "lon": 23.7, "open_now": "maybe"}, "open_now"),
        ({"lat": 37.9, "lon": 23.7, "q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_get_400_with_a_message(client, params, field) -> None:
    response = client.get("/api/nearby/", params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors and all(isinstance(m, str) and m for m in errors[field])


def test_area_filter_uses_exact_polygons(client, world) -> None:
    dk1 = Area.objects.get(code="athens-dk-1")
    features = api(client, lat=37.98, lon=23.72, radius_m=50000, limit=200, area="athens-dk-1")
    assert features
    for feature in features:
        if feature["geometry"]:
            x, y = feature["geometry"]["coordinates"]
            assert dk1.geom.covers(Point(x, y, srid=4326))
