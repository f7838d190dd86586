"""The search page reuses what is the same for every search (its form's choices, its rendered filter panel) only
while the directory is unchanged, and never across filters or languages."""

import re

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from boundaries.models import Area, AreaLevel
from tests.factories import ServiceAtLocationFactory, term

pytestmark = pytest.mark.django_db
NEAR = {"lat": "37.9838", "lon": "23.7275"}
PANEL = re.compile(r'<details class="filters" id="filters">.*?<div class="filter-actions">', re.S)


def panel(client, path: str = "/", **params: str) -> str:  # noqa: ANN001
    response = client.get(path, {**NEAR, **params})
    assert response.status_code == 200
    (html,) = PANEL.findall(response.content.decode())
    return html


def checked(html: str, name: str) -> set[str]:
    return set(re.findall(rf'<input type="checkbox" name="{name}" value="([^"]+)"[^>]*checked', html))


def test_a_renamed_category_shows_at_once(client) -> None:  # noqa: ANN001
    ServiceAtLocationFactory()
    legal = term("rights-legal")
    assert legal.name_el in panel(client)
    legal.name_el = "Δικαιώματα (νέο όνομα)"
    legal.save()  # a change to the directory: the cached panel and choices no longer apply
    assert "Δικαιώματα (νέο όνομα)" in panel(client)


def test_a_new_area_is_offered_at_once(client) -> None:  # noqa: ANN001
    assert "Δοκιμαστικός Δήμος" not in panel(client)
    square = Polygon.from_bbox((22.0, 39.0, 22.01, 39.01))
    Area.objects.create(
        code="test-municipality",
        level=AreaLevel.MUNICIPALITY,
        name="Δοκιμαστικός Δήμος",
        name_el="Δοκιμαστικός Δήμος",
        name_en="Test Municipality",
        geom=MultiPolygon(square, srid=4326),
    )
    assert "Δοκιμαστικός Δήμος" in panel(client)
    assert panel(client, area="test-municipality").count('value="test-municipality" selected') == 1


def test_the_panel_follows_the_asked_filters(client) -> None:  # noqa: ANN001
    assert checked(panel(client, language="ar"), "language") == {"ar"}
    assert checked(panel(client), "language") == set()  # not the panel of the search before
    assert checked(panel(client, language=["ar", "fa"]), "language") == {"ar", "fa"}
    assert '<span class="badge">2</span>' in panel(client, language=["ar", "fa"])
    assert checked(panel(client, category="rights-legal"), "category") == {"rights-legal"}


def test_the_panel_follows_the_language(client) -> None:  # noqa: ANN001
    legal = term("rights-legal")
    assert legal.name_el in panel(client)
    english = panel(client, "/en/")
    assert legal.name_en in english and legal.name_el not in english


def test_choices_are_read_once_per_directory_version(client, django_assert_max_num_queries) -> None:  # noqa: ANN001
    ServiceAtLocationFactory()
    client.get("/", NEAR)  # reads the choices
    # the directory version, the nearest services, today's hours, the place's name: no taxonomy or area lists
    with django_assert_max_num_queries(4):
        client.get("/", {"lat": "37.99", "lon": "23.73"})
