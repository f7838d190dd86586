"""export_hsds builds services.json and organizations.json in PostgreSQL (hsds.json_export): the bytes must be those
the API's Python writer (hsds.serializers.Writer over hsds.selectors) gives, redaction included."""

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from hsds.json_export import write_organizations, write_services
from hsds.selectors import organization_queryset, service_queryset
from hsds.serializers import Writer
from services.actions.demo import demo_seed
from services.models import (
    Contact,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from tests.factories import term

from .conftest import Directory

pytestmark = pytest.mark.django_db
ODD_TEXT = 'Λέξεις "σε εισαγωγικά" \\ back\\slash\nνέα γραμμή\tστήλη \x01\x1f\x7f \u2028 😀 / </script>'


def layout(records: list[dict[str, Any]]) -> bytes:
    """A JSON array as export_hsds lays it out: one record a line."""
    lines = "".join((",\n" if n else "\n") + json.dumps(r, ensure_ascii=False, sort_keys=True) for n, r in
                    enumerate(records))  # fmt: skip
    return ("[" + lines + "\n]\n").encode()


def rich_directory(directory: Directory) -> None:
    """Every nested kind, translations and their fallbacks, nulls, odd text and numbers, and shelters."""
    demo_seed(services=30, seed=7)
    ngo = directory.ngo
    ngo.parent_organization = directory.municipal
    ngo.alternate_name_el, ngo.logo = ODD_TEXT, "https://legal.example.org/logo.png"
    ngo.save()
    english_only = Organization.objects.create(name="Only English", name_en="Only English", kind="local_ngo")
    # a service found only at the shelter: its own and its contacts' phones are withheld in public
    hidden = Service.objects.create(organization=ngo, name="Καταφύγιο", name_el="", name_en="Shelter", status="")
    ServiceAtLocation.objects.create(service=hidden, location=directory.shelter, description="Πίσω αυλή")
    hidden.phones.create(number="+30 210 7777777", extension="007")
    shelter_contact = Contact.objects.create(service=hidden, name="Ελένη", email="e@example.org")
    Phone.objects.create(contact=shelter_contact, number="+30 210 8888888")
    Contact.objects.create(location=directory.shelter, name="Φύλακας")
    Schedule.objects.create(location=directory.shelter, byday="SA", opens_at=time(8), closes_at=time(9))
    # a location without a point, with odd text, owned by no organisation
    nowhere = Location.objects.create(
        name_el=ODD_TEXT, name_en="Nowhere", point=None, alternate_name="alt", location_type="virtual"
    )
    odd = Service.objects.create(
        organization=english_only, name=ODD_TEXT, name_el=ODD_TEXT, description_el="", description_en="Only en",
        status="active", minimum_age=0, maximum_age=120, valid_from=date(1999, 1, 2), free_of_charge=False,
        accreditations=ODD_TEXT,
    )  # fmt: skip
    at_nowhere = ServiceAtLocation.objects.create(service=odd, location=nowhere, description=ODD_TEXT)
    Schedule.objects.create(
        service_at_location=at_nowhere, byday="MO", opens_at=time(7, 30, 5, 250), closes_at=time(23, 59, 59),
        valid_from=date(2026, 2, 28), valid_to=date(2026, 3, 1), notes=ODD_TEXT,
    )  # fmt: skip
    for amount in (None, Decimal("0"), Decimal("12.50"), Decimal("0.07"), Decimal("12345678.91")):
        CostOption.objects.create(service=odd, option="Ε", amount=amount, valid_from=date(2026, 1, 1))
    Phone.objects.create(service=odd, number="", extension="12a", description=ODD_TEXT)
    Phone.objects.create(service=odd, number="1", extension="٣")  # not an HSDS number: left out
    hole = Polygon(((23.70, 37.96), (23.80, 37.96), (23.80, 38.01), (23.70, 37.96)),
                   ((23.75, 37.97), (23.76, 37.97), (23.76, 37.975), (23.75, 37.97)))  # fmt: skip
    ServiceArea.objects.create(service=odd, name="Δύο", extent=MultiPolygon(hole, Polygon.from_bbox((1, 2, 3, 4.5))))
    ServiceArea.objects.create(service=odd, name="Χωρίς όριο", extent_type="geojson", description=ODD_TEXT)
    odd.categories.set([term("legal-aid"), term("health")])
    odd.eligibility.set([term("asylum-seekers", "eligibility")])
    odd.languages.create(code="uk", name="Українська", note=ODD_TEXT)
    Location.objects.filter(pk=directory.piraeus.pk).update(point=Point(23.123456749999, 37.12345675, srid=4326))
    # whole seconds and microseconds in the datetimes
    Service.objects.filter(pk=odd.pk).update(last_modified=datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC))
    Service.objects.filter(pk=hidden.pk).update(last_modified=datetime(2026, 5, 1, 12, 0, 0, 5, tzinfo=UTC))


@pytest.mark.parametrize("public", [True, False])
def test_json_files_are_the_bytes_the_python_writer_writes(tmp_path: Path, directory: Directory, public: bool) -> None:
    rich_directory(directory)
    writer = Writer(language="el", public=public)

    services = [writer.service(s, full=True) for s in service_queryset(full=True)]
    assert write_services(tmp_path / "services.json", public=public) == len(services) == Service.objects.count()
    expected = layout(services)
    written = (tmp_path / "services.json").read_bytes()
    at = next((i for i, (x, y) in enumerate(zip(written, expected, strict=False)) if x != y), len(expected))
    assert written == expected, f"{written[at - 80 : at + 80]!r} != {expected[at - 80 : at + 80]!r}"

    organizations = [writer.organization(o, full=True) for o in organization_queryset(full=True)]
    assert write_organizations(tmp_path / "organizations.json", public=public) == len(organizations)
    assert (tmp_path / "organizations.json").read_bytes() == layout(organizations)

    for nested in ("phones", "contacts", "schedules", "service_areas", "languages", "cost_options", "attributes",
                   "required_documents"):  # fmt: skip
        assert any(s[nested] for s in services), nested  # the sample exercises every nested list
    text = written.decode() + (tmp_path / "organizations.json").read_text(encoding="utf-8")
    hidden = ("Φωκίωνος", "9999999", "7777777", "8888888", "Φύλακας", "38.003", "Πίσω αυλή")
    assert [word for word in hidden if (word in text) == public] == []


def test_an_empty_directory_is_an_empty_array(tmp_path: Path, db: None) -> None:
    assert write_services(tmp_path / "services.json", public=True) == 0
    assert (tmp_path / "services.json").read_bytes() == layout([]) == b"[\n]\n"
