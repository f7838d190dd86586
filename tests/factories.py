"""factory_boy factories for the service directory."""

from datetime import time

import factory
from django.contrib.gis.geos import Point
from django.db import connection

from services.models import (
    Address,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Οργάνωση {n}")
    name_el = factory.SelfAttribute("name")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "local_ngo"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Υπηρεσία {n}")
    name_el = factory.SelfAttribute("name")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    status = "active"

    @factory.post_generation
    def categories(self, create: bool, extracted: list[TaxonomyTerm] | None, **kwargs: object) -> None:
        if create and extracted:
            self.categories.set(extracted)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Τοποθεσία {n}")
    point = factory.LazyFunction(lambda: Point(23.7275, 37.9838, srid=4326))


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    location = factory.SubFactory(LocationFactory)
    address_1 = "Πανεπιστημίου 10"
    city = "Αθήνα"
    postal_code = "10671"


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory, organization=factory.SelfAttribute("..service.organization"))


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language

    service = factory.SubFactory(ServiceFactory)
    code = "el"


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    byday = "MO,TU,WE,TH,FR"
    opens_at = time(9, 0)
    closes_at = time(17, 0)


def term(code: str, taxonomy: str = "categories") -> TaxonomyTerm:
    """A curated term (loaded with the reference data)."""
    return TaxonomyTerm.objects.get(taxonomy__code=taxonomy, code=code)


def analyze() -> None:
    """Give the planner statistics for rows a test bulk-added (autovacuum cannot see an open transaction)."""
    with connection.cursor() as cursor:
        for table in ("location", "service", "serviceatlocation", "language", "service_categories"):
            cursor.execute(f"ANALYZE services_{table}")
