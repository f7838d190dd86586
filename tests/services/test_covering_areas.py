"""The search page's read of the areas covering its point (services.views.covering_areas, SQL compiled once per
process) answers what AreaQuerySet.covering answers: inside, on a shared border, outside every area, and at once
after an area is added."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from boundaries.models import Area, AreaLevel
from services.views import covering_areas

pytestmark = pytest.mark.django_db


def reference(lat: float, lon: float) -> list[tuple[object, ...]]:
    areas = Area.objects.covering(Point(lon, lat, srid=4326)).order_by("code")
    return [(a.pk, a.level, a.name_el, a.name_en) for a in areas]


def test_the_same_areas_as_the_querysets_rule(django_assert_num_queries) -> None:  # noqa: ANN001
    points = [(37.90 + i * 0.02, 23.62 + j * 0.02) for i in range(8) for j in range(8)]  # over Athens and Piraeus
    points += [(35.0, 19.5), (41.9, 29.9)]  # at sea: no area
    neighbourhood = Area.objects.filter(level=AreaLevel.NEIGHBOURHOOD).order_by("code").first()
    assert neighbourhood is not None
    lon, lat = neighbourhood.geom[0][0][0]  # a corner of its outline: on the border it shares with its neighbours
    points.append((lat, lon))
    found = 0
    for lat, lon in points:
        with django_assert_num_queries(1):
            areas = covering_areas(lat=lat, lon=lon)
        assert [tuple(area) for area in areas] == reference(lat, lon), (lat, lon)
        found += len(areas)
    assert found > len(points)  # most points lie in several levels of areas
    assert covering_areas(lat=35.0, lon=19.5) == []
    assert neighbourhood.pk in {area.pk for area in covering_areas(lat=lat, lon=lon)}


def test_a_new_area_covers_at_once() -> None:
    assert covering_areas(lat=35.505, lon=19.605) == []
    square = MultiPolygon(Polygon.from_bbox((19.6, 35.5, 19.61, 35.51)), srid=4326)
    area = Area.objects.create(code="test-square", level=AreaLevel.MUNICIPALITY, name="Τετράγωνο",
                               name_el="Τετράγωνο", name_en="Square", geom=square)  # fmt: skip
    assert [tuple(a) for a in covering_areas(lat=35.505, lon=19.605)] == [
        (area.pk, "municipality", "Τετράγωνο", "Square")
    ]
    assert covering_areas(lat=35.51, lon=19.61)[0].pk == area.pk  # its corner: covered, not only contained
