"""Every database constraint of the directory models holds, and the model helpers answer correctly."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from boundaries.models import Area
from services.models import (
    Address,
    CostOption,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from tests.factories import LocationFactory, OrganizationFactory, ScheduleFactory, ServiceFactory, term

pytestmark = pytest.mark.django_db
ATHENS = ZoneInfo("Europe/Athens")


def violates(constraint: str, make) -> None:  # noqa: ANN001
    """`make()` must fail on the named database constraint."""
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        make()


def test_organization_constraints() -> None:
    violates("organization_name_not_blank", lambda: Organization.objects.create(name="", name_el="", kind="local_ngo"))
    org = OrganizationFactory()
    org.parent_organization_id = org.id
    violates("organization_not_own_parent", org.save)


def test_organization_identifier_constraints() -> None:
    org = OrganizationFactory()
    OrganizationIdentifier.objects.create(
        organization=org, identifier_scheme="GR-AFM", identifier_type="tax", identifier="090000045"
    )
    violates(
        "organization_identifier_unique_per_scheme",
        lambda: OrganizationIdentifier.objects.create(
            organization=OrganizationFactory(),
            identifier_scheme="GR-AFM",
            identifier_type="tax",
            identifier="090000045",
        ),
    )
    violates(
        "organization_identifier_afm_nine_digits",
        lambda: OrganizationIdentifier.objects.create(
            organization=org, identifier_scheme="GR-AFM", identifier_type="tax", identifier="12AB"
        ),
    )


def test_service_constraints_and_clean() -> None:
    org = OrganizationFactory()
    violates("service_name_not_blank", lambda: Service.objects.create(organization=org, name="", name_el=""))
    violates(
        "service_valid_dates_ordered",
        lambda: ServiceFactory(organization=org, valid_from=date(2026, 5, 1), valid_to=date(2026, 4, 1)),
    )
    violates("service_ages_ordered", lambda: ServiceFactory(organization=org, minimum_age=18, maximum_age=12))
    service = Service(organization=org, name="x", valid_from=date(2026, 5, 1), valid_to=date(2026, 4, 1))
    with pytest.raises(ValidationError) as error:
        service.clean()
    assert "valid_to" in error.value.message_dict


def test_service_is_current_respects_status_and_dates() -> None:
    service = ServiceFactory.build(valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31))
    assert service.is_current(date(2026, 6, 1))
    assert not service.is_current(date(2025, 12, 31))
    assert not service.is_current(date(2027, 1, 1))
    service.status = "inactive"
    assert not service.is_current(date(2026, 6, 1))


def test_taxonomy_term_constraints() -> None:
    health = term("health")
    violates(
        "taxonomy_term_code_unique_per_taxonomy",
        lambda: TaxonomyTerm.objects.create(taxonomy=health.taxonomy, code="health", name="dup"),
    )
    health.parent_id = health.id
    violates("taxonomy_term_not_own_parent", health.save)
    women = term("women", "audience")
    child = TaxonomyTerm(taxonomy=health.taxonomy, code="x", name="x", parent=women)
    with pytest.raises(ValidationError):
        child.clean()


def test_taxonomy_has_six_committees_with_subcategories() -> None:
    tops = set(TaxonomyTerm.objects.filter(taxonomy__code="categories", parent=None).values_list("code", flat=True))
    assert tops == {"skills-employment", "urban-coexistence", "education", "gender", "rights-legal", "health"}
    for code in tops:
        assert TaxonomyTerm.objects.filter(parent__code=code, taxonomy__code="categories").count() >= 5
    codes = set(TaxonomyTerm.objects.with_descendants(["rights-legal"]).values_list("code", flat=True))
    assert {"rights-legal", "legal-aid", "asylum-procedure", "child-protection"} <= codes
    assert "mental-health" not in codes


def test_location_constraints() -> None:
    org = OrganizationFactory()
    violates(
        "location_pending_has_no_point",
        lambda: Location.objects.create(organization=org, point=Point(23.7, 37.9, srid=4326), geocode_status="pending"),
    )
    violates(
        "location_physical_has_point_or_is_geocoding",
        lambda: Location.objects.create(organization=org, point=None, geocode_status="source"),
    )
    pending = Location.objects.create(organization=org, point=None, geocode_status="pending")
    assert pending.latitude is None
    virtual = Location.objects.create(organization=org, point=None, location_type="virtual")
    assert virtual.pk


def test_address_constraints_and_validation() -> None:
    location = LocationFactory()
    violates(
        "address_country_iso",
        lambda: Address.objects.create(location=location, address_1="Οδός 1", city="Αθήνα", country="gr"),
    )
    address = Address(location=location, address_1="Οδός 1", city="Αθήνα", postal_code="1234")
    with pytest.raises(ValidationError) as error:
        address.full_clean()
    assert "postal_code" in error.value.message_dict
    good = Address(location=location, address_1="Σοφοκλέους 3", city="Αθήνα", postal_code="105 59")
    good.full_clean()
    assert good.one_line() == "Σοφοκλέους 3, 105 59, Αθήνα"


def test_service_at_location_unique() -> None:
    service = ServiceFactory()
    location = LocationFactory(organization=service.organization)
    ServiceAtLocation.objects.create(service=service, location=location)
    violates("service_at_location_unique", lambda: ServiceAtLocation.objects.create(service=service, location=location))


def test_language_constraints() -> None:
    service = ServiceFactory()
    Language.objects.create(service=service, code="ar")
    violates("language_code_iso639", lambda: Language.objects.create(service=service, code="AR"))
    violates("language_has_owner", lambda: Language.objects.create(code="fa"))
    violates("language_unique_per_service", lambda: Language.objects.create(service=service, code="ar"))


def test_phone_and_cost_option_constraints() -> None:
    violates("phone_has_owner", lambda: Phone.objects.create(number="+30 210 0000000"))
    phone = Phone(service=ServiceFactory(), number="call me")
    with pytest.raises(ValidationError):
        phone.full_clean()
    violates("cost_option_amount_non_negative", lambda: CostOption.objects.create(service=ServiceFactory(), amount=-1))


def test_schedule_constraints() -> None:
    service = ServiceFactory()
    violates("schedule_has_owner", lambda: Schedule.objects.create(byday="MO", opens_at=time(9), closes_at=time(17)))
    violates(
        "schedule_nonempty_period",
        lambda: Schedule.objects.create(service=service, byday="MO", opens_at=time(9), closes_at=time(9)),
    )
    violates(
        "schedule_byday_codes",
        lambda: Schedule.objects.create(service=service, byday="Monday", opens_at=time(9), closes_at=time(17)),
    )


def test_schedule_open_hours_across_midnight_in_athens_time() -> None:
    # Friday and Sunday 22:00–02:00: open until Saturday / Monday 02:00.
    night = ScheduleFactory(byday="FR,SU", opens_at=time(22), closes_at=time(2))
    assert night.week_minutes() == [(4 * 1440 + 1320, 5 * 1440 + 120), (6 * 1440 + 1320, 7 * 1440), (0, 120)]
    friday_late = datetime(2026, 11, 27, 23, 30, tzinfo=ATHENS)
    saturday_early = datetime(2026, 11, 28, 1, 59, tzinfo=ATHENS)
    saturday_two = datetime(2026, 11, 28, 2, 0, tzinfo=ATHENS)
    monday_early = datetime(2026, 11, 30, 1, 0, tzinfo=ATHENS)
    assert night.is_open_at(friday_late)
    assert night.is_open_at(saturday_early)
    assert not night.is_open_at(saturday_two)
    assert night.is_open_at(monday_early)
    # The same instant in UTC (Friday 21:30Z = Friday 23:30 in Athens, winter time) is open too.
    assert night.is_open_at(datetime(2026, 11, 27, 21, 30, tzinfo=ZoneInfo("UTC")))
    office = ScheduleFactory(byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(17), valid_to=date(2026, 12, 31))
    assert office.is_open_at(datetime(2026, 11, 26, 9, 0, tzinfo=ATHENS))
    assert not office.is_open_at(datetime(2026, 11, 26, 17, 0, tzinfo=ATHENS))
    assert not office.is_open_at(datetime(2027, 1, 4, 10, 0, tzinfo=ATHENS))  # past valid_to


def test_area_constraints() -> None:
    square = MultiPolygon(Polygon.from_bbox((0, 0, 1, 1)), srid=4326)
    parent = Area.objects.create(code="t-parent", level="municipality", name="p", geom=square)
    violates(
        "area_municipality_has_no_parent",
        lambda: Area.objects.create(code="t-child", level="municipality", name="c", geom=square, parent=parent),
    )
    violates(
        "area_population_non_negative",
        lambda: Area.objects.create(code="t-neg", level="community", name="n", geom=square, population=-5),
    )


def test_renaming_an_organisation_updates_its_services_search_words() -> None:
    service = ServiceFactory(organization__name_el="Άρσις", organization__name_en="Arsis")
    assert " arsis" in Service.objects.get(pk=service.pk).search_text
    org = service.organization
    org.name_el, org.name_en = "Μέλισσα", "Melissa"
    org.save()
    words = Service.objects.get(pk=service.pk).search_text
    assert " melissa" in words and " arsis" not in words


def test_area_refresh_limited_to_ids_touches_only_those_locations() -> None:
    from boundaries.actions import location_areas_refresh

    athens = Point(23.7275, 37.9838, srid=4326)
    first, second = LocationFactory(point=athens), LocationFactory(point=athens)
    assert location_areas_refresh(ids=[first.pk]) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.municipality.code == "gr-9186" and second.municipality is None
