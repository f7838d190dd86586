"""seed_demo: labelled fictional services spread over the real areas, the same for the same seed, loaded in bulk."""

import re
from datetime import time, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.utils import timezone

from search.models import DirectoryState
from services.actions.demo import DEMO_LABEL_EL, DEMO_LABEL_EN, DemoReport, demo_seed
from services.actions.taxonomy import stable_id
from services.models import (
    Address,
    Language,
    Location,
    Organization,
    OrganizationKind,
    Phone,
    Schedule,
    Service,
    TaxonomyTerm,
    service_search_text,
)
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

ALL_LANGUAGES = {"el", "en", "ar", "fa", "ur", "fr", "uk", "ps"}
ATHENS = "gr-9186"


@pytest.fixture
def seeded() -> DemoReport:
    return demo_seed(services=200, seed=7)


def fetch(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def test_every_category_and_subcategory_is_used(seeded: DemoReport) -> None:
    every_term = set(TaxonomyTerm.objects.filter(taxonomy__code="categories").values_list("code", flat=True))
    used = set(Service.objects.filter(categories__isnull=False).values_list("categories__code", flat=True))
    assert len(every_term) > 40
    assert used == every_term


def test_every_audience_and_eligibility_term_is_used(seeded: DemoReport) -> None:
    for taxonomy, relation in (("audience", "audiences"), ("eligibility", "eligibility")):
        every_term = set(TaxonomyTerm.objects.filter(taxonomy__code=taxonomy).values_list("code", flat=True))
        used = set(Service.objects.filter(**{f"{relation}__isnull": False}).values_list(f"{relation}__code", flat=True))
        assert used == every_term, taxonomy


def test_all_eight_languages_with_greek_and_english_most_common(seeded: DemoReport) -> None:
    counts = {code: Language.objects.filter(code=code).count() for code in ALL_LANGUAGES}
    assert set(Language.objects.values_list("code", flat=True)) == ALL_LANGUAGES
    assert counts["el"] > 0.8 * seeded.services
    assert counts["en"] > 0.5 * seeded.services
    assert max(counts[code] for code in ALL_LANGUAGES - {"el", "en"}) < counts["en"]
    assert not Service.objects.filter(languages__isnull=True).exists()


def test_every_location_is_inside_its_municipality_and_inside_greece(seeded: DemoReport) -> None:
    # The intended municipality is the address's city; two municipalities share the name "Δήμος Ηρακλείου".
    outside = fetch(
        """
        SELECT l.id FROM services_location AS l JOIN services_address AS a ON a.location_id = l.id
        WHERE NOT EXISTS (
            SELECT 1 FROM boundaries_area AS m
            WHERE m.level = 'municipality' AND m.name_el = a.city AND ST_Covers(m.geom, l.point::geometry)
        )
        OR NOT ST_Covers(ST_MakeEnvelope(19, 34, 30, 42, 4326), l.point::geometry)
        """
    )
    assert outside == []
    assert Location.objects.count() == seeded.locations == Address.objects.count()
    # location_areas_refresh() ran: every point has its municipality (exact covers), each as the address says.
    assert not Location.objects.filter(municipality__isnull=True).exists()
    assert not Location.objects.exclude(addresses__city=F("municipality__name_el")).exists()


def test_athens_points_lie_in_its_neighbourhoods(seeded: DemoReport) -> None:
    athens = Location.objects.filter(municipality__code=ATHENS)
    assert athens.count() >= 10
    assert not athens.filter(neighbourhood__isnull=True).exists()
    assert athens.values("neighbourhood").distinct().count() >= 5


def test_organisations_are_labelled_fictional_and_of_mixed_kinds(seeded: DemoReport) -> None:
    organizations = Organization.objects.all()
    assert organizations.count() == seeded.organizations
    assert 8 <= seeded.services / seeded.organizations <= 15
    for org in organizations:
        assert org.is_demo
        assert org.name == org.name_el and org.name_el.startswith(f"{DEMO_LABEL_EL} "), org.name_el
        assert org.name_en.startswith(f"{DEMO_LABEL_EN} "), org.name_en
        assert org.website.endswith(".example.org") and org.email.endswith(".example.org")
    assert set(organizations.values_list("kind", flat=True)) == set(OrganizationKind.values)
    for service in Service.objects.all():
        assert service.name_el.startswith(DEMO_LABEL_EL) and service.name_en.startswith(DEMO_LABEL_EN)


def test_records_pass_model_validation_and_carry_search_words(seeded: DemoReport) -> None:
    for model in (Organization, Service, Location, Address, Phone, Schedule, Language):
        for record in model.objects.all():
            record.full_clean()
    for service in Service.objects.select_related("organization"):
        assert service.search_text == service_search_text(service)
    assert Phone.objects.count() >= seeded.services
    for number in Phone.objects.values_list("number", flat=True):
        assert re.fullmatch(r"\+30 (2\d{2,3}|69\d|800) \d{3} \d{3,4}", number), number
        assert len(re.sub(r"\D", "", number)) == 12  # +30 and ten digits
    for code in Address.objects.values_list("postal_code", flat=True):
        assert re.fullmatch(r"\d{3} \d{2}", code), code


def test_opening_hours_dates_and_money_are_a_realistic_mix(seeded: DemoReport) -> None:
    schedules = list(Schedule.objects.all())
    weekdays = "MO,TU,WE,TH,FR"
    assert any(s.byday == weekdays and s.opens_at < time(11) and s.closes_at <= time(19) for s in schedules)
    assert any(s.closes_at >= time(20) and s.opens_at >= time(16) for s in schedules)  # evenings
    assert any(set(s.days) <= {"SA", "SU"} for s in schedules)  # weekends
    assert any(s.closes_at < s.opens_at and s.closes_at != time(0) for s in schedules)  # e.g. 20:00-08:00
    assert any(len(s.days) == 7 for s in schedules)  # shelters, helplines, daily meals

    today = timezone.localdate()
    services = Service.objects.all()
    assert services.filter(free_of_charge=True).count() > services.filter(free_of_charge=False).count() > 0
    assert services.filter(valid_to__gte=today, valid_to__lte=today + timedelta(days=60)).exists()
    assert services.filter(valid_to__lt=today).exists()
    assert services.filter(valid_to__isnull=True).count() > 0.8 * seeded.services
    assured = list(services.values_list("assured_date", flat=True))
    assert min(assured) >= today - timedelta(days=548) and max(assured) <= today
    assert min(assured) < today - timedelta(days=365) and max(assured) > today - timedelta(days=90)

    shelters = Location.objects.filter(service_at_locations__service__categories__code="emergency-shelter")
    assert shelters.exists() and not shelters.filter(redacted=False).exists()


def test_round_the_clock_services_are_open_every_minute(seeded: DemoReport) -> None:
    by_service: dict = {}
    for schedule in Schedule.objects.all():
        by_service.setdefault(schedule.service_id, []).append(schedule)
    full_week = [
        sid
        for sid, rows in by_service.items()
        if sum(end - start for s in rows for start, end in s.week_minutes()) == 7 * 24 * 60
    ]
    assert full_week
    for sid in full_week:
        minutes = set()
        for schedule in by_service[sid]:
            for start, end in schedule.week_minutes():
                minutes.update(range(start, end))
        assert len(minutes) == 7 * 24 * 60


def snapshot() -> dict[str, set]:
    return {
        "organizations": set(Organization.objects.values_list("id", "name_el", "name_en")),
        "services": set(Service.objects.values_list("id", "name_el", "organization_id")),
        "locations": {(loc.id, loc.point.wkt) for loc in Location.objects.all()},
        "languages": set(Language.objects.values_list("id", "service_id", "code")),
        "schedules": set(Schedule.objects.values_list("id", "byday", "opens_at", "closes_at")),
        "categories": set(Service.categories.through.objects.values_list("service_id", "taxonomyterm_id")),
    }


def test_same_seed_gives_the_same_records_and_updates_them_in_place(seeded: DemoReport) -> None:
    first = snapshot()
    again = demo_seed(services=200, seed=7)
    assert not again.new and seeded.new
    assert snapshot() == first
    assert Service.objects.count() == 200
    # Ids are uuid5 of (seed, size, kind, index).
    assert str(stable_id("demo", "7", "200", "service", "0")) in {str(row[0]) for row in first["services"]}


def test_another_seed_gives_other_records_beside_the_first(seeded: DemoReport) -> None:
    first = snapshot()
    demo_seed(services=200, seed=8)
    both = snapshot()
    second_ids = {row[0] for row in both["services"]} - {row[0] for row in first["services"]}
    assert len(second_ids) == 200
    names = [row[1] for row in first["organizations"]]
    other_names = [row[1] for row in both["organizations"] - first["organizations"]]
    assert sorted(names) != sorted(other_names)


def test_if_empty_does_nothing_when_a_service_exists() -> None:
    ServiceFactory()
    out = StringIO()
    call_command("seed_demo", "--services", "30", "--if-empty", stdout=out)
    assert Service.objects.count() == 1
    assert not Organization.objects.filter(is_demo=True).exists()
    assert len(out.getvalue().strip().splitlines()) == 1


def test_command_seeds_an_empty_database_and_says_so_in_one_line() -> None:
    out = StringIO()
    call_command("seed_demo", "--services", "30", "--seed", "5", "--if-empty", stdout=out)
    assert Service.objects.count() == 30
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1 and "30 demo services" in lines[0]


def test_command_refuses_a_non_positive_size() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", "--services", "0")


def test_denser_where_more_people_live() -> None:
    report = demo_seed(services=2000, seed=3)
    per_municipality = dict(
        fetch(
            """
            SELECT m.code, count(*) FROM services_serviceatlocation AS x
            JOIN services_location AS l ON l.id = x.location_id
            JOIN boundaries_area AS m ON m.id = l.municipality_id
            GROUP BY m.code
            """
        )
    )
    assert sum(per_municipality.values()) == report.services
    # Reference: SELECT code FROM boundaries_area WHERE level = 'municipality' ORDER BY population LIMIT 40
    # (≈58,000 people together, against Athens' 638,000 and its ×12 weight; about 4.5 services expected there).
    smallest = [
        code
        for (code,) in fetch(
            "SELECT code FROM boundaries_area WHERE level = 'municipality' ORDER BY population, code LIMIT 40"
        )
    ]
    in_smallest = sum(per_municipality.get(code, 0) for code in smallest)
    assert per_municipality[ATHENS] > 10 * (in_smallest + 1)
    # Thessaloniki (318,000, Cities Network) against the average municipality of about 30,000 people.
    assert per_municipality["gr-9031"] > 3 * report.services / len(per_municipality)


def test_seeding_marks_the_directory_changed() -> None:
    before = DirectoryState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    demo_seed(services=20, seed=2)
    assert DirectoryState.objects.get(pk=1).version > before
