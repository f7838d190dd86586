"""/api/nearby/'s answer with the filters' terms cached under the directory stamp its own statement reads
(search.selectors.service_list_nearby) is the answer the earlier code path gave, which read the terms afresh in a
statement of their own: same bytes for every filter, language and point, in one statement instead of two, and a
change to the categories is seen by the very next search. The earlier path is kept below, verbatim but for its name
and imports, as the reference."""

from datetime import datetime

import pytest
import time_machine
from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.translation import get_language, override

from search import selectors
from search.selectors import (
    SPHERE_ERROR,
    NearbyResult,
    _search_cursor,
    entry_conditions,
    service_list_nearby,
)
from services.geojson import nearby_collection_json
from services.models import TaxonomyTerm
from services.redaction import shown_distance
from services.rules import open_now_params, service_day
from services.selectors import SearchFilters
from tests.factories import ServiceAtLocationFactory, term
from tests.search.earlier_sql import ENTRY_HAS_HOURS_SQL, ENTRY_HOURS_TODAY_SQL
from tests.search.earlier_sql import ENTRY_OPEN_NOW_LIVE_SQL as ENTRY_OPEN_NOW_SQL  # services_schedule itself
from tests.search.test_map_answer import MOMENT, rich  # noqa: F401 - the fixture of ~1,300 services over Attica

pytestmark = pytest.mark.django_db


# ----------------------------------------------------------------------------------------------- the earlier path
def old_service_list_nearby(
    *,
    lat: float,
    lon: float,
    radius_m: float = 5000,
    filters: SearchFilters = SearchFilters(),  # noqa: B008 - frozen dataclass, immutable
    limit: int = 20,
    moment: datetime | None = None,
    language: str | None = None,
    hours_today: bool = False,
) -> list[NearbyResult]:
    """Service locations nearest first by WGS84 spheroid distance, within `radius_m`, from the search index.

    The spatial index (`<->` on geography, sphere metres) supplies candidates nearest first, each with the finished
    JSON of what a result shows; the exact spheroid distance re-ranks them, and more candidates are fetched only
    when the first batch cannot prove that nothing unfetched could rank inside the limit. One query in the usual
    case. With `hours_today`, each result carries today's opening periods, read in the same statement.
    """
    moment = moment or timezone.now()
    on = service_day(moment)
    where, params = entry_conditions(filters=filters, on=on, moment=moment)
    unfiltered = params.keys() == {"on", "visible_since"}
    params.update({"lon": lon, "lat": lat, **open_now_params(moment)})
    properties = "e.properties_en" if (language or get_language()) == "en" else "e.properties_el"
    origin = "ST_SetSRID(ST_MakePoint(%(lon)s::float8, %(lat)s::float8), 4326)::geography"
    select = f"""
        SELECT e.id, e.redacted, ST_X(e.point::geometry), ST_Y(e.point::geometry),
               ST_Distance(e.point, {origin}, true), e.point <-> {origin},
               CASE WHEN {ENTRY_HAS_HOURS_SQL} THEN {ENTRY_OPEN_NOW_SQL} END, {properties},
               {ENTRY_HOURS_TODAY_SQL if hours_today else "NULL"}
        FROM search_searchentry e
        WHERE {" AND ".join(where)}
        ORDER BY e.point <-> {origin}
    """  # noqa: S608 - only our own condition strings are interpolated; values are parameters
    k = limit + max(5, limit // 2)
    with _search_cursor(prepared=unfiltered) as cursor:
        while True:
            # the limit is written into the text: a parameter there would cost the prepared plan its index walk
            cursor.execute(f"{select} LIMIT {int(k)}", params)
            rows = cursor.fetchall()
            # ties (several services at one location) are ordered by id, so pages are stable
            inside = sorted((r for r in rows if r[4] <= radius_m), key=lambda r: (round(r[4], 3), str(r[0])))
            chosen = inside[:limit]
            exhausted = len(rows) < k
            bound = rows[-1][5] * (1 - SPHERE_ERROR) if rows else 0.0
            if exhausted or bound > radius_m or (len(chosen) == limit and chosen[-1][4] <= bound):
                break
            k *= 4
    return [
        NearbyResult(
            id=sal_id,
            distance_m=shown_distance(spheroid_m, redacted=redacted),
            redacted=redacted,
            lon=None if redacted else x,
            lat=None if redacted else y,
            open_now=is_open,
            properties_json=props,
            hours_today=periods,
        )
        for sal_id, redacted, x, y, spheroid_m, _sphere, is_open, props, periods in chosen
    ]


# ----------------------------------------------------------------------------------------------- the answers
POINTS = [(37.9838, 23.7275), (37.9420, 23.6465), (38.0100, 23.7500), (38.12, 23.93), (36.0, 22.0)]
FILTERS = [
    SearchFilters(categories=("health",)),
    SearchFilters(categories=("health",), languages=("ar",)),
    SearchFilters(categories=("food", "legal-aid"), free=True),
    SearchFilters(categories=("gbv-support",), open_now=True),
    SearchFilters(audiences=("women",)),
    SearchFilters(eligibility=("asylum-seekers",)),
    SearchFilters(categories=("job-search",), q="3"),
    SearchFilters(languages=("fa",)),  # no terms: no stamp
    SearchFilters(),
]


def answer(results: list[NearbyResult]) -> tuple[str, list[list[str] | None]]:
    return nearby_collection_json(results), [r.hours_today for r in results]


@pytest.mark.parametrize("hours_today", [False, True])
@pytest.mark.parametrize("lang", ["el", "en"])
def test_the_same_bytes_for_every_filter(rich, lang, hours_today) -> None:  # noqa: F811
    with override(lang), time_machine.travel(MOMENT, tick=False):
        for filters in FILTERS:
            for lat, lon in POINTS:
                for limit, radius_m in ((10, 5000), (60, 50000)):
                    args = {"lat": lat, "lon": lon, "radius_m": radius_m, "filters": filters, "limit": limit}
                    old = answer(old_service_list_nearby(**args, moment=MOMENT, hours_today=hours_today))
                    for _ in range(2):  # the first reads the stamp (and fills the cache), the second uses it
                        assert answer(service_list_nearby(**args, moment=MOMENT, hours_today=hours_today)) == old


def features(response) -> list[str]:  # noqa: ANN001
    assert response.status_code == 200, response.content
    return [f["id"] for f in response.json()["features"]]


NEAR = {"lat": 37.98, "lon": 23.72, "limit": 10}


def test_a_filtered_search_is_one_statement(client, rich, django_assert_num_queries) -> None:  # noqa: F811
    query = {**NEAR, "category": "health", "language": "ar"}
    first = features(client.get("/api/nearby/", query))  # reads the terms (once per directory stamp and worker)
    assert first
    features(client.get("/api/nearby/", query))
    with django_assert_num_queries(1):  # the stamp rides in the search: neither it nor the terms are read apart
        assert features(client.get("/api/nearby/", query)) == first
    with django_assert_num_queries(1):
        assert features(client.get("/api/nearby/", {**NEAR, "category": "health"}))  # other codes: read with it
    with django_assert_num_queries(1):
        assert features(client.get("/api/nearby/", {**NEAR, "category": "health"}))


def test_a_change_of_the_categories_is_seen_at_once(client) -> None:
    health, legal = term("health"), term("legal-aid")
    new = TaxonomyTerm.objects.create(
        taxonomy=health.taxonomy, code="mobile-clinic", name="Mobile clinic", parent=health
    )
    sal = ServiceAtLocationFactory(service__categories=[new], location__point=Point(23.72, 37.98, srid=4326))
    for _ in range(2):  # the second takes the terms from the cache
        assert features(client.get("/api/nearby/", {**NEAR, "category": "health"})) == [str(sal.id)]
        assert features(client.get("/api/nearby/", {**NEAR, "category": "legal-aid"})) == []
    new.parent = legal  # moved to another committee: the next search follows
    new.save()
    assert features(client.get("/api/nearby/", {**NEAR, "category": "health"})) == []
    assert features(client.get("/api/nearby/", {**NEAR, "category": "legal-aid"})) == [str(sal.id)]
    assert client.get("/api/nearby/", {**NEAR, "category": "street-clinic"}).status_code == 400  # unknown yet
    new.code = "street-clinic"
    new.save()
    assert features(client.get("/api/nearby/", {**NEAR, "category": "street-clinic"})) == [str(sal.id)]
    assert client.get("/api/nearby/", {**NEAR, "category": "mobile-clinic"}).status_code == 400


def test_a_search_that_finds_nothing_still_checks_the_stamp(client) -> None:
    health = term("health")
    assert features(client.get("/api/nearby/", {**NEAR, "category": "health"})) == []
    assert features(client.get("/api/nearby/", {**NEAR, "category": "health"})) == []  # cached terms, no rows
    new = TaxonomyTerm.objects.create(taxonomy=health.taxonomy, code="mobile-clinic", name="Clinic", parent=health)
    sal = ServiceAtLocationFactory(service__categories=[new], location__point=Point(23.72, 37.98, srid=4326))
    assert features(client.get("/api/nearby/", {**NEAR, "category": "health"})) == [str(sal.id)]
    assert selectors._nearby_stamp is not None
