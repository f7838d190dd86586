"""/api/map/'s answer assembled as text (search.selectors.service_map_json) is the answer the earlier code path built
as dicts and DRF's JSONRenderer wrote: same bytes, at cell zooms and point zooms, with filters and hidden shelters, in
fewer round trips. The earlier path is kept below, verbatim but for its imports, as the reference."""

import json
import random
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID

import pytest
import time_machine
from django.contrib.gis.geos import Point
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language, override
from rest_framework.renderers import JSONRenderer

from search import selectors
from search.actions.directory import directory_changed
from search.actions.map_cells import map_cells_current, map_cells_refresh
from search.mapgrid import ORIGIN_SHIFT, cell_index, cell_size_m, mercator, precounted_level
from search.selectors import (
    MAX_MAP_POINTS,
    MapView,
    _capped,
    committee_of,
    committee_of_codes,
    entry_conditions,
    precounted_key,
    service_map_json,
)
from services.models import Language, Location, Organization, Schedule, Service, ServiceAtLocation, service_search_text
from services.rules import open_now_params, service_day
from services.selectors import SearchFilters
from tests.factories import analyze, term
from tests.search.earlier_sql import ENTRY_HAS_HOURS_SQL
from tests.search.earlier_sql import ENTRY_OPEN_NOW_LIVE_SQL as ENTRY_OPEN_NOW_SQL  # services_schedule itself

pytestmark = pytest.mark.django_db
ATTICA = MapView(west=23.55, south=37.85, east=23.95, north=38.15, zoom=9)
# A Wednesday, 10:30 in Athens: some schedules open, some closed, some of other days
MOMENT = datetime(2026, 12, 9, 8, 30, tzinfo=UTC)


# ----------------------------------------------------------------------------------------------- the earlier path
def old_entry_hours_today(*, ids: list[UUID], moment: datetime | None = None) -> dict[UUID, list[str]]:
    if not ids:
        return {}
    params = open_now_params(moment or timezone.now())
    params["ids"] = list(ids)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT sal.id, sc.opens_at, sc.closes_at
            FROM services_serviceatlocation sal
            JOIN services_schedule sc ON sc.service_id = sal.service_id OR sc.service_at_location_id = sal.id
            WHERE sal.id = ANY(%(ids)s::uuid[]) AND position(%(dow)s in sc.byday) > 0
              AND (sc.valid_from IS NULL OR sc.valid_from <= %(today)s)
              AND (sc.valid_to IS NULL OR sc.valid_to >= %(today)s)
            ORDER BY sc.opens_at, sc.closes_at
            """,
            params,
        )
        rows = cursor.fetchall()
    hours: dict[UUID, list[str]] = {}
    for sal_id, opens, closes in rows:
        period = f"{opens:%H:%M}–{closes:%H:%M}"
        if period not in hours.setdefault(sal_id, []):
            hours[sal_id].append(period)
    return hours


def _old_cluster(count: int, x: float, y: float) -> dict[str, Any]:
    from search.mapgrid import lonlat

    lon, lat = lonlat(x, y)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {"cluster": True, "count": count},
    }


def old_service_map_features(*, view: MapView, filters: SearchFilters, moment: datetime | None = None) -> dict:
    moment = moment or timezone.now()
    on = service_day(moment)
    (x0, y0), (x1, y1) = mercator(view.west, view.south), mercator(view.east, view.north)
    key = precounted_key(filters)
    level = precounted_level(view.zoom)
    if level is not None and key is not None and map_cells_current(on=on):
        params = {
            "key": key,
            "level": level,
            "factor": 2 ** (level - view.zoom),
            "cx0": cell_index(x0, level),
            "cx1": cell_index(x1, level),
            "cy0": cell_index(y0, level),
            "cy1": cell_index(y1, level),
        }
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT sum(count)::int, sum(sum_x), sum(sum_y) FROM search_mapcell
                WHERE key = %(key)s AND zoom = %(level)s
                  AND cell_x BETWEEN %(cx0)s AND %(cx1)s AND cell_y BETWEEN %(cy0)s AND %(cy1)s
                GROUP BY cell_x / %(factor)s, cell_y / %(factor)s
                """,
                params,
            )
            cells = cursor.fetchall()
        total = sum(count for count, _, _ in cells)
        if total > MAX_MAP_POINTS:
            means = _capped([(count, sx / count, sy / count) for count, sx, sy in cells], zoom=view.zoom)
            features = [_old_cluster(count, x, y) for count, x, y in means]
            return {"type": "FeatureCollection", "features": features, "clustered": True, "count": total}
    where, params = entry_conditions(filters=filters, on=on, moment=moment)
    where += ["NOT e.redacted", "e.point && ST_MakeEnvelope(%(w)s, %(s)s, %(e)s, %(n)s, 4326)::geography"]
    params.update({"w": view.west, "s": view.south, "e": view.east, "n": view.north, "limit": MAX_MAP_POINTS + 1})
    condition = " AND ".join(where)
    properties = "e.properties_en" if get_language() == "en" else "e.properties_el"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT e.id, e.service_id, ST_X(e.point::geometry), ST_Y(e.point::geometry),
                   {properties}::json ->> 'name', {properties}::json ->> 'organization',
                   ARRAY(SELECT json_array_elements_text({properties}::json -> 'categories')),
                   CASE WHEN {ENTRY_HAS_HOURS_SQL} THEN {ENTRY_OPEN_NOW_SQL} END
            FROM search_searchentry e WHERE {condition} LIMIT %(limit)s
            """,  # noqa: S608
            {**params, **open_now_params(moment)},
        )
        rows = cursor.fetchall()
        if len(rows) <= MAX_MAP_POINTS:
            committees = committee_of_codes()
            hours = old_entry_hours_today(ids=[row[0] for row in rows], moment=moment)
            features = [
                {
                    "type": "Feature",
                    "id": str(sal_id),
                    "geometry": {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]},
                    "properties": {
                        "service_id": str(service_id),
                        "name": name,
                        "organization": org,
                        "committee": committee_of(categories, committees),
                        "open_now": is_open,
                        "hours_today": hours.get(sal_id, []),
                    },
                }
                for sal_id, service_id, x, y, name, org, categories, is_open in rows
            ]
            return {"type": "FeatureCollection", "features": features, "clustered": False, "count": len(rows)}
        params.update({"shift": ORIGIN_SHIFT, "cell": cell_size_m(view.zoom)})
        cursor.execute(
            f"""
            SELECT count(*)::int, avg(x), avg(y) FROM (
                SELECT ST_X(m) AS x, ST_Y(m) AS y
                FROM (SELECT ST_Transform(e.point::geometry, 3857) AS m FROM search_searchentry e
                      WHERE {condition}) AS projected
            ) AS points
            GROUP BY floor((x + %(shift)s) / %(cell)s), floor((y + %(shift)s) / %(cell)s)
            """,  # noqa: S608
            params,
        )
        cells = cursor.fetchall()
    features = [_old_cluster(count, x, y) for count, x, y in _capped(cells, zoom=view.zoom)]
    return {"type": "FeatureCollection", "features": features, "clustered": True, "count": sum(c for c, _, _ in cells)}


# ----------------------------------------------------------------------------------------------- the fixture
NAMES = [
    'Ο "Φάρος" \\ στέγη',  # quotes and a backslash
    "Γραμμή\nδεύτερη\tστήλη\x01\x1f",  # control characters
    "Χωρίς\u2028γραμμή\u2029παράγραφος",  # the separators DRF escapes
    "Καφέ ☕ 🏠 ünïcödé العربية",
    "</script><b>&amp;</b>",
]


@pytest.fixture
def rich() -> dict[str, Any]:
    """About 1,300 services over Attica: names that need escaping, English names or none, several categories (and
    none), languages, free or not, schedules of the service and of the place (open, closed, other days, overnight,
    the same period twice, not valid today), hidden shelters, and services hidden by their dates or confirmation."""
    rng = random.Random(17)
    org = Organization.objects.create(name='Δοκιμή "Α"', name_el='Δοκιμή "Α"', name_en="", kind="local_ngo")
    other = Organization.objects.create(name="Άλλη", name_el="Άλλη", name_en="Other\u2028org", kind="local_ngo")
    codes = ["primary-health", "food", "legal-aid", "greek-language", "gbv-support", "health", "job-search"]
    terms = {code: term(code) for code in codes}
    n = 1300
    locations = [
        Location(organization=org, point=Point(rng.uniform(23.6, 23.9), rng.uniform(37.9, 38.1), srid=4326),
                 redacted=i % 97 == 0)
        for i in range(n)
    ]  # fmt: skip
    Location.objects.bulk_create(locations)
    services = []
    for i in range(n):
        name = NAMES[i % len(NAMES)] + f" {i}"
        services.append(
            Service(
                organization=org if i % 2 else other, name=name, name_el=name,
                name_en="" if i % 3 else f"Service \"{i}\" \u2029", free_of_charge=i % 4 != 0,
                valid_to=date(2000, 1, 1) if i % 101 == 0 else None,
                assured_date=date(2001, 1, 1) if i % 103 == 0 else None,
            )
        )  # fmt: skip
    for s in services:
        s.search_text = service_search_text(s, (s.organization.name_el, s.organization.name_en))
    Service.objects.bulk_create(services)
    sals = ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=s, location=loc) for s, loc in zip(services, locations, strict=True)]
    )
    through = Service.categories.through
    links = []
    for i, s in enumerate(services):
        if i % 11 == 0:
            continue  # no category: no committee
        chosen = {codes[i % len(codes)], codes[(i * 3) % len(codes)]}
        links += [through(service=s, taxonomyterm=terms[code]) for code in sorted(chosen)]
    through.objects.bulk_create(links)
    Language.objects.bulk_create(
        [Language(service=s, code=code) for i, s in enumerate(services) for code in ("ar", "fa")[: i % 3]]
    )
    every_day = "MO,TU,WE,TH,FR,SA,SU"
    schedules = []
    for i, (s, sal) in enumerate(zip(services, sals, strict=True)):
        if i % 5 == 0:
            schedules.append(Schedule(service=s, byday=every_day, opens_at=time(9), closes_at=time(17)))
            schedules.append(Schedule(service=s, byday="WE", opens_at=time(9), closes_at=time(17)))  # same period
            schedules.append(Schedule(service=s, byday="WE", opens_at=time(18), closes_at=time(2)))  # overnight
        if i % 5 == 1:
            schedules.append(Schedule(service_at_location=sal, byday="WE", opens_at=time(11), closes_at=time(13)))
            schedules.append(Schedule(service=s, byday="WE", opens_at=time(8, 15), closes_at=time(10)))
        if i % 5 == 2:
            schedules.append(Schedule(service=s, byday="MO,TU", opens_at=time(9), closes_at=time(17)))  # not today
        if i % 5 == 3:
            schedules.append(
                Schedule(service=s, byday=every_day, opens_at=time(9), closes_at=time(17), valid_to=date(2001, 1, 1))
            )  # no longer valid
    Schedule.objects.bulk_create(schedules)
    directory_changed()
    analyze()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE services_schedule; ANALYZE search_searchentry")
    return {"sals": sals, "shelters": {str(sal.id) for sal, loc in zip(sals, locations, strict=True) if loc.redacted}}


def rendered(answer: dict) -> bytes:
    """The bytes the API wrote for a dict answer (Response with the default JSONRenderer)."""
    return JSONRenderer().render(answer)


def both(view: MapView, filters: SearchFilters = SearchFilters(), *, lang: str = "el") -> tuple[bytes, bytes]:  # noqa: B008
    with override(lang), time_machine.travel(MOMENT, tick=False):
        old = rendered(old_service_map_features(view=view, filters=filters, moment=MOMENT))
        new = service_map_json(view=view, filters=filters, moment=MOMENT).encode()
    return old, new


def split(body: bytes) -> tuple[str, list[str]]:
    """An answer's text as (the collection around its features, each feature's exact text)."""
    text, decoder = body.decode(), json.JSONDecoder()
    start = index = text.index('"features":[') + len('"features":[')
    features = []
    while text[index] != "]":
        _, end = decoder.raw_decode(text, index)
        features.append(text[index:end])
        index = end + (text[end] == ",")
    return text[:start] + text[index:], features


def same(old: bytes, new: bytes) -> None:
    """The same answer: equal when parsed, and byte for byte but for the order of the features (neither query orders
    its rows: the database returns them in the order of its plan). Where that order agrees, the same bytes."""
    old_answer, new_answer = json.loads(old), json.loads(new)
    assert list(new_answer) == list(old_answer)
    assert sorted(new_answer["features"], key=repr) == sorted(old_answer["features"], key=repr)
    assert {k: v for k, v in new_answer.items() if k != "features"} == {
        k: v for k, v in old_answer.items() if k != "features"
    }
    (old_around, old_features), (new_around, new_features) = split(old), split(new)
    assert new_around == old_around
    assert sorted(new_features) == sorted(old_features)
    if new_features == old_features:
        assert new == old


STREETS = MapView(west=23.70, south=37.96, east=23.76, north=38.00, zoom=17)  # a few hundred points


@pytest.mark.parametrize("lang", ["el", "en"])
@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(),
        SearchFilters(categories=("health",)),
        SearchFilters(categories=("food",), languages=("ar",)),
        SearchFilters(free=True),
        SearchFilters(open_now=True),
        SearchFilters(q="φαρος"),
        SearchFilters(languages=("fa",)),
    ],
)
def test_points_are_the_same_bytes(rich, filters, lang) -> None:
    old, new = both(STREETS, filters, lang=lang)
    same(old, new)
    answer = json.loads(new)
    assert not answer["clustered"] and answer["count"] > 0
    assert not {f["id"] for f in answer["features"]} & rich["shelters"]  # never a shelter's real place


def test_the_points_answer_carries_every_kind_of_value(rich) -> None:
    """The fixture reaches what the comparison must cover: escapes, each committee, null ones, open and closed,
    today's hours listed once each and in order."""
    old, new = both(STREETS)
    same(old, new)
    text = new.decode()
    assert "\\u2028" in text and "\\u2029" in text and '\\"' in text and "\\n" in text and "\\u0001" in text
    props = [f["properties"] for f in json.loads(new)["features"]]
    committees = {p["committee"] for p in props}
    assert None in committees and {"health", "urban-coexistence", "education"} <= committees
    assert {p["open_now"] for p in props} == {True, False, None}
    assert ["09:00–17:00", "18:00–02:00"] in [p["hours_today"] for p in props]  # the repeated period once
    assert ["08:15–10:00", "11:00–13:00"] in [p["hours_today"] for p in props]  # the service's and the place's


@pytest.mark.parametrize(
    "zoom,filters,clustered",
    [
        (9, SearchFilters(), True),
        (12, SearchFilters(), True),
        (13, SearchFilters(), True),
        (16, SearchFilters(), True),
        (17, SearchFilters(), True),  # above the finest cells: counted live
        (15, SearchFilters(categories=("health",)), False),  # the cells say few: the points
        (16, SearchFilters(languages=("ar",)), False),
        (9, SearchFilters(free=True), False),
        (9, SearchFilters(categories=("health",), languages=("ar",)), False),  # two filters: counted live
        (11, SearchFilters(q="υπηρεσ"), False),  # words: counted live
    ],
)
def test_viewports_of_attica_are_the_same_answer(rich, zoom, filters, clustered) -> None:
    """Clusters from the pre-counted cells or counted live, and points where the cells count few: the same."""
    map_cells_refresh(on=service_day(MOMENT))
    view = MapView(west=ATTICA.west, south=ATTICA.south, east=ATTICA.east, north=ATTICA.north, zoom=zoom)
    old, new = both(view, filters)
    same(old, new)
    assert json.loads(new)["clustered"] is clustered
    assert (json.loads(new)["count"] > MAX_MAP_POINTS) is clustered


def test_the_api_sends_those_bytes(client, rich) -> None:
    """Through HTTP, at a point zoom and over cells: the body is the old path's rendering, the type GeoJSON."""
    map_cells_refresh(on=service_day(MOMENT))
    for params, view in (
        ({"bbox": "23.70,37.96,23.76,38.00", "zoom": 17, "category": "health"}, STREETS),
        ({"bbox": "23.55,37.85,23.95,38.15", "zoom": 9, "lang": "en"}, ATTICA),
    ):
        with time_machine.travel(MOMENT, tick=False):
            response = client.get("/api/map/", params)
            filters = SearchFilters(categories=tuple(c for c in [params.get("category")] if c))
            with override(str(params.get("lang", "el"))):
                old = rendered(old_service_map_features(view=view, filters=filters, moment=MOMENT))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/geo+json"
        same(old, response.content)


def test_one_statement_an_answer(rich, django_assert_num_queries) -> None:
    """Points: one statement (and the committees once per directory version); cells: one statement, the day's
    check and the sums; a cell zoom with few points: the cells' statement, then the points'."""
    map_cells_refresh(on=service_day(MOMENT))
    selectors._COMMITTEES.clear()
    with django_assert_num_queries(2):  # the points, then the committees of this directory version
        service_map_json(view=STREETS, filters=SearchFilters(), moment=MOMENT)
    with django_assert_num_queries(1):
        service_map_json(view=STREETS, filters=SearchFilters(free=True), moment=MOMENT)
    with django_assert_num_queries(1):
        service_map_json(view=ATTICA, filters=SearchFilters(), moment=MOMENT)
    few = MapView(west=23.70, south=37.96, east=23.74, north=37.99, zoom=14)
    with django_assert_num_queries(2):
        answer = json.loads(service_map_json(view=few, filters=SearchFilters(), moment=MOMENT))
    assert not answer["clustered"] and 0 < answer["count"] <= MAX_MAP_POINTS


def test_the_day_rolls_over_in_the_same_statement(rich, django_assert_num_queries) -> None:
    """Cells counted for the day before: the one statement rolls them over and sums the rolled-over cells."""
    day = service_day(MOMENT)
    map_cells_refresh(on=date.fromordinal(day.toordinal() - 1))
    with django_assert_num_queries(1):
        new = service_map_json(view=ATTICA, filters=SearchFilters(), moment=MOMENT)
    map_cells_refresh(on=day)
    old = rendered(old_service_map_features(view=ATTICA, filters=SearchFilters(), moment=MOMENT))
    same(old, new.encode())
    assert json.loads(new)["clustered"]


def test_committees_follow_a_change_of_the_categories(rich) -> None:
    """The committees are cached under the directory stamp read with the points: moving a category under another
    committee changes the stamp (signals), and the next answer draws its services in their new committee."""
    service_map_json(view=STREETS, filters=SearchFilters(), moment=MOMENT)  # cached
    food = term("food")
    food.parent = term("health")
    food.save()
    old, new = both(STREETS)
    same(old, new)
    committees = {f["properties"]["committee"] for f in json.loads(new)["features"]}
    assert "urban-coexistence" not in committees and "health" in committees
