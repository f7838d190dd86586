"""A small directory with every HSDS table filled in, and the official HSDS schemas to check answers against."""

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from boundaries.actions import location_areas_refresh
from hsds.schema import COMPILED_DIR, schema_load, schema_path
from services.models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from tests.factories import analyze, term


def hsds_schema_dir() -> Path:
    """settings.HSDS_SCHEMA_DIR (env HSDS_SCHEMA_DIR), else the official schemas committed in hsds/schema/compiled."""
    return Path(settings.HSDS_SCHEMA_DIR or COMPILED_DIR)


class Schemas:
    """Validators for the compiled HSDS schemas (and taxonomy/taxonomy_term, which HSDS ships uncompiled)."""

    def __init__(self, compiled: Path) -> None:
        self.compiled = compiled
        self.validators: dict[str, Draft202012Validator] = {}
        raw = compiled.parent
        resources = [(p.name, DRAFT202012.create_resource(schema_load(p))) for p in raw.glob("*.json")]
        self.registry = Registry().with_resources(resources)

    def validator(self, name: str) -> Draft202012Validator:
        if name not in self.validators:
            path = schema_path(self.compiled, name) or schema_path(self.compiled.parent, name)
            assert path is not None, f"no HSDS schema {name} in {self.compiled} or beside it"
            self.validators[name] = Draft202012Validator(
                schema_load(path), registry=self.registry, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
        return self.validators[name]

    def check(self, name: str, data: Any) -> None:
        """Fail with every problem when `data` does not validate against HSDS schema `name`."""
        problems = [f"{list(e.absolute_path)}: {e.message}" for e in self.validator(name).iter_errors(data)]
        assert not problems, f"{name}: " + "; ".join(problems[:10])


@pytest.fixture(scope="session")
def hsds_schemas() -> Schemas:
    compiled = hsds_schema_dir()
    if schema_path(compiled, "service") is None:
        pytest.fail(f"HSDS compiled schemas not found in {compiled} (HSDS_SCHEMA_DIR)")
    return Schemas(compiled)


@dataclass
class Directory:
    """Handles on the records of the `directory` fixture."""

    ngo: Organization
    municipal: Organization
    legal: Service  # active, at the Omonia office and the Kypseli shelter
    closed: Service  # inactive
    clinic: Service  # the other organisation's, in Piraeus
    omonia: Location
    shelter: Location  # redacted
    piraeus: Location
    legal_at_omonia: ServiceAtLocation
    legal_at_shelter: ServiceAtLocation
    closed_at_omonia: ServiceAtLocation
    clinic_at_piraeus: ServiceAtLocation


OMONIA = (23.7283, 37.9841)
KYPSELI = (23.7380, 38.0030)
PIRAEUS = (23.6470, 37.9420)


def make_directory() -> Directory:
    """Three services of two organisations at three locations, with every child table HSDS has."""
    ngo = Organization.objects.create(
        name_el="Ένωση Νομικής Βοήθειας", name_en="Legal Aid Union", description_el="Νομική στήριξη.",
        description_en="Legal support.", email="info@example.org", website="https://legal.example.org",
        year_incorporated=2004, kind="local_ngo", accmr_member=True,
    )  # fmt: skip
    municipal = Organization.objects.create(
        name_el="Δήμος Πειραιά – Υγεία", name_en="Piraeus health office", kind="municipal_service"
    )
    OrganizationIdentifier.objects.create(
        organization=ngo, identifier_scheme="GR-AFM", identifier_type="ΑΦΜ", identifier="123456789"
    )
    ngo_contact = Contact.objects.create(organization=ngo, name="Μαρία Π.", title="Συντονίστρια", email="m@example.org")
    Phone.objects.create(contact=ngo_contact, organization=ngo, number="+30 210 0000001", type="voice")
    Phone.objects.create(organization=ngo, number="+30 210 0000000", type="voice", extension="12")

    omonia = Location.objects.create(
        organization=ngo, name_el="Γραφείο Ομόνοιας", name_en="Omonia office", point=Point(*OMONIA, srid=4326),
        transportation_el="Μετρό Ομόνοια", transportation_en="Metro Omonia",
    )  # fmt: skip
    shelter = Location.objects.create(
        organization=ngo, name_el="Ξενώνας", name_en="Shelter", point=Point(*KYPSELI, srid=4326), redacted=True
    )
    piraeus = Location.objects.create(
        organization=municipal, name_el="Ιατρείο Πειραιά", name_en="Piraeus clinic", point=Point(*PIRAEUS, srid=4326)
    )
    Address.objects.create(location=omonia, address_1="Πειραιώς 2", city="Αθήνα", postal_code="10431")
    Address.objects.create(location=shelter, address_1="Φωκίωνος Νέγρη 99", city="Αθήνα", postal_code="11361")
    Address.objects.create(location=piraeus, address_1="Ηρώων Πολυτεχνείου 5", city="Πειραιάς", postal_code="18535")
    Accessibility.objects.create(location=omonia, description="Ράμπα στην είσοδο")
    Phone.objects.create(location=shelter, number="+30 210 9999999")
    Language.objects.create(location=omonia, code="fa", name="Farsi")

    legal = Service.objects.create(
        organization=ngo, name_el="Νομική συμβουλευτική για αιτούντες άσυλο", name_en="Legal advice for asylum seekers",
        description_el="Δωρεάν νομική βοήθεια.", description_en="Free legal help.", status="active",
        eligibility_description_el="Αιτούντες άσυλο", eligibility_description_en="Asylum seekers", minimum_age=18,
        assured_date=date(2026, 10, 1), email="legal@example.org", url="https://legal.example.org/advice",
        alert_el="Κλειστά τον Αύγουστο", alert_en="Closed in August", free_of_charge=True,
    )  # fmt: skip
    closed = Service.objects.create(
        organization=ngo, name_el="Παλιό πρόγραμμα", name_en="Old scheme", status="inactive"
    )
    clinic = Service.objects.create(
        organization=municipal, name_el="Δημοτικό ιατρείο", name_en="Municipal clinic", status="active",
        free_of_charge=False, valid_from=date(2026, 1, 1), valid_to=date(2030, 12, 31), capacity_status="waiting_list",
    )  # fmt: skip
    legal.categories.set([term("legal-aid")])
    legal.audiences.set([term("women", "audience")])
    legal.eligibility.set([term("asylum-seekers", "eligibility")])
    clinic.categories.set([term("health")])
    Language.objects.create(service=legal, code="el", name="Ελληνικά")
    Language.objects.create(service=legal, code="ar", name="Arabic")
    Schedule.objects.create(service=legal, byday="MO,WE", opens_at=time(9), closes_at=time(15), description="Πρωί")
    Schedule.objects.create(service=clinic, byday="FR", opens_at=time(22), closes_at=time(2))
    CostOption.objects.create(service=clinic, option="Επίσκεψη", amount=Decimal("5.00"), currency="EUR")
    RequiredDocument.objects.create(service=legal, document_el="Διαβατήριο", document_en="Passport")
    ServiceArea.objects.create(
        service=legal, name="Κέντρο", extent=MultiPolygon(Polygon.from_bbox((23.70, 37.96, 23.76, 38.01)), srid=4326)
    )
    Phone.objects.create(service=legal, number="+30 210 1111111", type="voice", description="Γραμματεία")
    Contact.objects.create(service=legal, name="Γιώργος Κ.", email="g@example.org")

    legal_at_omonia = ServiceAtLocation.objects.create(service=legal, location=omonia, description="Κεντρικό γραφείο")
    legal_at_shelter = ServiceAtLocation.objects.create(service=legal, location=shelter)
    closed_at_omonia = ServiceAtLocation.objects.create(service=closed, location=omonia)
    clinic_at_piraeus = ServiceAtLocation.objects.create(service=clinic, location=piraeus)
    Schedule.objects.create(service_at_location=legal_at_omonia, byday="TU", opens_at=time(10), closes_at=time(12))
    location_areas_refresh()
    analyze()
    return Directory(
        ngo=ngo, municipal=municipal, legal=legal, closed=closed, clinic=clinic, omonia=omonia, shelter=shelter,
        piraeus=piraeus, legal_at_omonia=legal_at_omonia, legal_at_shelter=legal_at_shelter,
        closed_at_omonia=closed_at_omonia, clinic_at_piraeus=clinic_at_piraeus,
    )  # fmt: skip


@pytest.fixture
def directory(db: None) -> Directory:
    return make_directory()
