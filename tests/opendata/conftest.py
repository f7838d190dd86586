"""A small directory drawn so that every answer is obvious: points on a line across two square test areas."""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from boundaries.actions import location_areas_refresh, taxonomy_load
from boundaries.models import Area
from services.models import Address, Language, Location, Organization, Service, ServiceAtLocation
from tests.factories import analyze, term

WEST = (23.0, 37.0, 23.5, 37.5)  # test area "t-west": lon 23.0–23.5, lat 37.0–37.5
EAST = (23.5, 37.0, 24.0, 37.5)  # test area "t-east": lon 23.5–24.0


@dataclass
class Directory:
    """What the tests expect: the public service-at-location ids with their points (None when redacted)."""

    public: dict[str, tuple[float, float] | None] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)  # inactive or outside its valid dates
    health: set[str] = field(default_factory=set)  # in a subcategory of `health`
    arabic: set[str] = field(default_factory=set)
    redacted: str = ""
    west: set[str] = field(default_factory=set)  # public, unredacted, inside t-west

    def points(self) -> dict[str, tuple[float, float]]:
        return {sal: point for sal, point in self.public.items() if point is not None}


def _square(box: tuple[float, float, float, float]) -> MultiPolygon:
    west, south, east, north = box
    return MultiPolygon(Polygon.from_bbox((west, south, east, north)), srid=4326)


def build_directory() -> Directory:
    """Two test areas; 12 public services on lat 37.25 every 0.08° from lon 23.05; one redacted; three hidden."""
    taxonomy_load()
    Area.objects.create(code="t-west", level="municipality", name="Δυτική", name_el="Δυτική", name_en="West",
                        population=1000, geom=_square(WEST))  # fmt: skip
    Area.objects.create(code="t-east", level="municipality", name="Ανατολική", name_el="Ανατολική", name_en="East",
                        geom=_square(EAST))  # fmt: skip
    org = Organization.objects.create(name="Οργάνωση", name_el="Οργάνωση", name_en="Org", kind="local_ngo")
    health, housing = term("health-system-access"), term("housing")
    today = date.today()
    directory = Directory()

    def add(number: int, point: Point, *, redacted: bool = False, **service_fields: object) -> str:
        service = Service.objects.create(
            organization=org, name=f"Υπηρεσία {number}", name_el=f"Υπηρεσία {number}", name_en=f"Service {number}",
            **service_fields,
        )  # fmt: skip
        location = Location.objects.create(organization=org, point=point, redacted=redacted)
        Address.objects.create(location=location, address_1=f"Οδός {number}", city="Αθήνα", postal_code="10671")
        service.categories.set([health if number % 3 == 0 else housing])
        Language.objects.create(service=service, code="ar" if number % 2 == 0 else "el")
        sal = str(ServiceAtLocation.objects.create(service=service, location=location).id)
        if number % 3 == 0:
            directory.health.add(sal)
        if number % 2 == 0:
            directory.arabic.add(sal)
        return sal

    for number in range(12):
        lon, lat = round(23.05 + 0.08 * number, 6), 37.25
        sal = add(number, Point(lon, lat, srid=4326))
        directory.public[sal] = (lon, lat)
        if lon < 23.5:
            directory.west.add(sal)
    directory.redacted = add(12, Point(23.2, 37.2, srid=4326), redacted=True)
    directory.public[directory.redacted] = None
    directory.hidden = {
        add(13, Point(23.3, 37.3, srid=4326), status="inactive"),
        add(14, Point(23.3, 37.3, srid=4326), valid_to=today - timedelta(days=1)),
        add(15, Point(23.3, 37.3, srid=4326), valid_from=today + timedelta(days=1)),
    }
    for sal in directory.hidden:
        directory.health.discard(sal)
        directory.arabic.discard(sal)
    location_areas_refresh()
    analyze()
    return directory


@pytest.fixture
def directory(db) -> Directory:  # noqa: ANN001
    return build_directory()


@pytest.fixture
def live_directory(transactional_db) -> Directory:  # noqa: ANN001
    """The same directory for live-server tests (they run outside the shared transaction, without reference data)."""
    return build_directory()
