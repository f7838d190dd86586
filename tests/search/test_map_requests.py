"""/api/map/ over HTTP: round trips per request. The conditional-GET middleware's read of the directory stamp keys
the filters' terms (services.selectors.filter_term_ids), so a filtered request reads them once per directory
version, and a change to the categories is seen by the very next request."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from services.models import TaxonomyTerm
from tests.factories import ServiceAtLocationFactory, term

pytestmark = pytest.mark.django_db
STREET = {"bbox": "23.715,37.975,23.725,37.985", "zoom": 17}  # above the pre-counted zooms: counted live


def codes(response) -> set[str]:  # noqa: ANN001
    assert response.status_code == 200, response.content
    return {f["id"] for f in response.json()["features"]}


def test_a_filtered_request_reads_the_stamp_and_the_points_only(client, django_assert_num_queries) -> None:
    sal = ServiceAtLocationFactory(
        service__categories=[term("primary-health")], location__point=Point(23.72, 37.98, srid=4326)
    )
    assert codes(client.get("/api/map/", {**STREET, "category": "health"})) == {str(sal.id)}  # reads the terms
    with django_assert_num_queries(2):  # the directory stamp (ETag), then the points: not the terms again
        assert codes(client.get("/api/map/", {**STREET, "category": "health"})) == {str(sal.id)}
    with django_assert_num_queries(2):
        assert codes(client.get("/api/map/", STREET)) == {str(sal.id)}


def test_a_change_of_the_categories_is_seen_at_once(client) -> None:
    health, legal = term("health"), term("legal-aid")
    new = TaxonomyTerm.objects.create(
        taxonomy=health.taxonomy, code="mobile-clinic", name="Mobile clinic", parent=health
    )
    sal = ServiceAtLocationFactory(service__categories=[new], location__point=Point(23.72, 37.98, srid=4326))
    assert codes(client.get("/api/map/", {**STREET, "category": "health"})) == {str(sal.id)}
    assert codes(client.get("/api/map/", {**STREET, "category": "legal-aid"})) == set()
    new.parent = legal  # moved to another committee: the next request follows
    new.save()
    assert codes(client.get("/api/map/", {**STREET, "category": "health"})) == set()
    assert codes(client.get("/api/map/", {**STREET, "category": "legal-aid"})) == {str(sal.id)}
    assert client.get("/api/map/", {**STREET, "category": "street-clinic"}).status_code == 400  # unknown yet
    new.code = "street-clinic"
    new.save()
    assert codes(client.get("/api/map/", {**STREET, "category": "street-clinic"})) == {str(sal.id)}
    assert client.get("/api/map/", {**STREET, "category": "mobile-clinic"}).status_code == 400


def prepared_map_statements() -> int:
    """Statements of the map's points prepared on this connection (PostgreSQL's own list)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%%e.map_head_%%'")
        return cursor.fetchone()[0]


def test_the_points_of_a_viewport_without_filters_are_one_prepared_statement(client) -> None:
    """Planned once per connection, whatever the viewport; a filtered viewport is planned with its values (how
    selective the filter is decides the plan), as the nearest-first search."""
    sal = ServiceAtLocationFactory(location__point=Point(23.72, 37.98, srid=4326))
    assert prepared_map_statements() == 0
    assert codes(client.get("/api/map/", STREET)) == {str(sal.id)}
    assert codes(client.get("/api/map/", {**STREET, "bbox": "23.70,37.97,23.73,37.99"})) == {str(sal.id)}
    assert codes(client.get("/api/map/", {**STREET, "bbox": "23.73,37.97,23.74,37.99"})) == set()
    assert prepared_map_statements() == 1
    assert codes(client.get("/api/map/", {**STREET, "language": "ar"})) == set()
    assert prepared_map_statements() == 1
