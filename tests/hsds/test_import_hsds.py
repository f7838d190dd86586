"""`import_hsds`: HSDS 3.0 JSON in, upserted by id, all or nothing, geocoding queued when the geocoder is down."""

import copy
import json
import uuid
from datetime import date, time
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from boundaries.geocoding import address_query
from hsds.importer import hsds_import
from hsds.schema import COMPILED_DIR
from services.models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    Metadata,
    Organization,
    OrganizationIdentifier,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from tests.fake_nominatim import fake_nominatim, nominatim_result  # noqa: F401 - the fixture

SAMPLES = Path(__file__).parent / "hsds_samples"
FULL = SAMPLES / "service_full.json"  # the official HSDS example, adapted to Athens and our taxonomy codes
PAGE = SAMPLES / "services_page.json"  # a /services page: two Greek services, one address without coordinates
BAD = SAMPLES / "services_bad.json"  # row 1 fine; 2 unknown category; 3 in Paris; 4 language "xx"
HSDS_SCHEMAS = COMPILED_DIR  # the official schemas, committed

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
ORGANIZATION_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
LOCATION_ID = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
PHONE_ID = "1554f2e2-a373-45db-a3fa-9fc48a61c15e"
KYPSELI_LOCATION_ID = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c91"
OMONIA_LOCATION_ID = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c92"
MODELS = [
    Organization, OrganizationIdentifier, Service, Location, ServiceAtLocation, Address, Accessibility, Language,
    Contact, Phone, Schedule, ServiceArea, RequiredDocument, CostOption, Metadata,
]  # fmt: skip


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    """Messages are translated (Greek is the default language); these tests read the English ones."""
    with translation.override("en"):
        yield


def table_ids() -> dict[str, set[str]]:
    """Every id in every table the importer writes."""
    return {model.__name__: {str(pk) for pk in model.objects.values_list("pk", flat=True)} for model in MODELS}


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def issues(report: Any) -> set[tuple[int, str]]:
    return {(issue.row, issue.field) for issue in report.errors}


def minimal_service(**changes: Any) -> dict[str, Any]:
    """A valid service with one location in central Athens; `changes` override its keys."""
    service = {
        "id": "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a01",
        "name": "Δοκιμαστική υπηρεσία",
        "status": "active",
        "organization": {"id": "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a02", "name": "Δοκιμαστική οργάνωση",
                         "description": "", "kind": "local_ngo"},
        "service_at_locations": [
            {"id": "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a03",
             "location": {"id": "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a04", "location_type": "physical",
                          "latitude": 37.98, "longitude": 23.73}},
        ],
    }  # fmt: skip
    service.update(changes)
    return service


# ----------------------------------------------------------------------------------------------- a good file
@pytest.mark.django_db
def test_the_official_full_example_is_imported_record_by_record() -> None:
    report = hsds_import(path=FULL, language="en", user_label="test import")

    assert report.ok, report.errors
    # HSDS repeats one phone, contact, language and schedule under several owners: one record each, every owner.
    assert dict(report.created) == {
        "organization": 1, "organization_identifier": 1, "service": 1, "location": 1, "service_at_location": 1,
        "address": 1, "accessibility": 1, "language": 1, "contact": 1, "phone": 1, "schedule": 1, "service_area": 1,
        "required_document": 1, "cost_option": 1,
    }  # fmt: skip
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.name_en == "Community Counselling"
    assert not service.name_el  # --language en: the Greek column is left alone
    assert service.organization_id == service.organization.pk == uuid.UUID(ORGANIZATION_ID)
    assert (service.minimum_age, service.maximum_age, service.assured_date) == (12, 100, date(2005, 1, 1))
    assert service.free_of_charge is False  # a cost option of 35
    assert {t.code for t in service.categories.all()} == {"mental-health"}
    assert {t.code for t in service.audiences.all()} == {"youth"}
    assert {t.code for t in service.eligibility.all()} == {"asylum-seekers"}
    assert service.cost_options.get().amount == Decimal("35.00")
    assert service.cost_options.get().currency == "EUR"
    assert service.required_documents.get().document_en.startswith("Any official identification")
    assert service.service_areas.get().extent.geom_type == "MultiPolygon"

    location = Location.objects.get(pk=LOCATION_ID)
    assert (location.point.x, location.point.y) == (23.73215, 37.98063)
    assert location.geocode_status == "source"
    assert location.organization_id == service.organization_id
    # SELECT code FROM boundaries_area WHERE level = 'neighbourhood'
    #   AND ST_Covers(geom, ST_SetSRID(ST_MakePoint(23.73215, 37.98063), 4326));  -- athens-n-50
    assert location.neighbourhood.code == "athens-n-50"
    assert location.community.code == "athens-dk-1"
    assert location.municipality.code == "gr-9186"
    address = location.addresses.get()
    assert (address.address_1, address.postal_code, address.country) == ("10 Panepistimiou Street", "10671", "GR")

    phone = Phone.objects.get(pk=PHONE_ID)
    assert phone.number == "+30 210 1234567"
    assert phone.extension == "100"
    assert {phone.organization_id, phone.service_id, phone.location_id} == {
        service.organization_id,
        service.pk,
        location.pk,
    }
    assert phone.contact_id is not None
    language = Language.objects.get()
    assert (language.code, language.service_id, language.location_id) == ("ur", service.pk, location.pk)
    schedule = Schedule.objects.get()
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == ("TH,FR", time(10), time(18))
    assert schedule.service_at_location_id == ServiceAtLocation.objects.get().pk
    identifier = OrganizationIdentifier.objects.get()
    assert (identifier.identifier_scheme, identifier.identifier) == ("GR-AFM", "090000045")

    audit = set(Metadata.objects.values_list("resource_type", "resource_id", "last_action_type", "updated_by"))
    assert audit == {
        ("organization", service.organization_id, "create", "test import"),
        ("service", service.pk, "create", "test import"),
        ("location", location.pk, "create", "test import"),
    }

    warnings = " | ".join(str(w) for w in report.warnings)
    assert "parent_organization_id" in warnings  # points at an organisation that is nowhere
    assert "organization.kind" in warnings  # HSDS has no kind: left blank for the admin
    assert "service.funding" in warnings and "phone.languages" in warnings  # said once: not stored


@pytest.mark.django_db
def test_a_page_of_greek_services_goes_to_the_greek_columns() -> None:
    report = hsds_import(path=PAGE)

    assert report.ok, report.errors
    legal = Service.objects.get(pk="0d7e5a2c-3b4f-4e1a-8c9d-1f2e3a4b5c61")
    assert legal.name_el == "Νομική συνδρομή για αιτούντες άσυλο"
    assert not legal.name_en
    assert legal.organization.kind == "local_ngo" and legal.organization.accmr_member
    # The term without `taxonomy` is found by its code alone (it is in one taxonomy only).
    assert {t.code for t in legal.categories.all()} == {"legal-aid", "asylum-procedure"}
    # ISO 639-2 "eng" is stored as ISO 639-1 "en"; Dari has no 639-1 code and keeps "prs".
    assert set(legal.languages.values_list("code", flat=True)) == {"el", "ar", "prs", "en"}
    assert Organization.objects.filter(pk="5b0f3c1e-6a1d-4d7e-9b2a-0c6f1e2d3a40").count() == 1
    evening = Schedule.objects.get(pk="2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e62")
    assert (evening.opens_at, evening.closes_at) == (time(18), time(0))  # "24:00": until midnight


@pytest.mark.django_db
def test_an_organization_with_its_services_is_a_row_too(tmp_path: Path) -> None:
    service = minimal_service()
    organization = service.pop("organization")
    path = write_json(tmp_path / "organization.json", {**organization, "services": [service]})

    report = hsds_import(path=path)

    assert report.ok, report.errors
    assert Service.objects.get(pk=service["id"]).organization_id == Organization.objects.get().pk


@pytest.mark.django_db
def test_the_file_text_can_be_english_then_greek_without_losing_either(tmp_path: Path) -> None:
    hsds_import(path=FULL, language="en")
    greek = load(FULL)
    greek["name"] = "Συμβουλευτική στην κοινότητα"
    report = hsds_import(path=write_json(tmp_path / "el.json", greek), language="el")

    assert report.ok, report.errors
    service = Service.objects.get(pk=SERVICE_ID)
    assert (service.name_el, service.name_en) == ("Συμβουλευτική στην κοινότητα", "Community Counselling")
    assert service.description_el.startswith("Counselling Services")  # the file's text, in the Greek column


@pytest.mark.django_db
def test_with_hsds_schema_dir_each_row_is_also_checked_against_the_official_schema(tmp_path: Path, settings) -> None:  # noqa: ANN001
    settings.HSDS_SCHEMA_DIR = HSDS_SCHEMAS
    assert hsds_import(path=FULL, language="en").ok

    without_status = minimal_service()
    del without_status["status"]  # our own checks default it to active; HSDS requires it
    report = hsds_import(path=write_json(tmp_path / "no_status.json", [without_status]))

    assert issues(report) == {(1, "status")}
    assert "required" in report.errors[0].message
    assert not Service.objects.filter(pk=without_status["id"]).exists()


# ----------------------------------------------------------------------------------------------- bad rows
@pytest.mark.django_db
def test_bad_rows_are_each_reported_and_nothing_is_written() -> None:
    before = table_ids()

    report = hsds_import(path=BAD)

    assert issues(report) == {
        (2, "attributes[0].taxonomy_term.code"),
        (3, "service_at_locations[0].location.longitude"),
        (4, "languages[0].code"),
    }
    by_row = {issue.row: issue for issue in report.errors}
    assert "astrology" in by_row[2].message
    assert by_row[2].hsds_id == "5a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c02"  # the attribute
    assert "outside Greece" in by_row[3].message
    assert by_row[3].hsds_id == "2a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c03"  # the location
    assert "'xx'" in by_row[4].message
    assert table_ids() == before  # not even the good first row


@pytest.mark.django_db
def test_the_command_prints_every_problem_and_exits_with_1() -> None:
    before = table_ids()
    stderr = StringIO()

    # run_from_argv turns the CommandError into sys.exit(returncode); it also closes the test's connection.
    with pytest.raises(CommandError) as failure:
        call_command("import_hsds", str(BAD), stderr=stderr, no_color=True)

    assert failure.value.returncode == 1
    assert "nothing was written" in str(failure.value)
    printed = stderr.getvalue()
    assert "row 2, id 5a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c02, attributes[0].taxonomy_term.code" in printed
    assert "row 3, id 2a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c03, service_at_locations[0].location.longitude" in printed
    assert "row 4, id 4a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c04, languages[0].code" in printed
    assert table_ids() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"id": "not-a-uuid"}, "id", "not a valid UUID"),
        ({"name": "  "}, "name", "name is required"),
        ({"status": "open"}, "status", "not one of"),
        ({"schedules": [{"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a10", "byday": "MON,TUE", "opens_at": "09:00",
                         "closes_at": "17:00"}]}, "schedules[0].byday", "weekday codes"),
        ({"schedules": [{"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a10", "byday": "MO", "opens_at": "9am",
                         "closes_at": "17:00"}]}, "schedules[0].opens_at", "not a time"),
        ({"schedules": [{"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a10", "byday": "MO", "opens_at": "09:00",
                         "closes_at": "09:00"}]}, "schedules[0].closes_at", "equals the opening time"),
        ({"languages": [{"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a11", "code": "english"}]}, "languages[0].code",
         "ISO 639"),
        ({"attributes": [{"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a12",
                          "taxonomy_term": {"code": "unaccompanied-minors"}}]},
         "attributes[0].taxonomy_term.taxonomy", "several taxonomies"),
        ({"attributes": [{"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a12",
                          "taxonomy_term": {"code": "legal-aid", "taxonomy": "openeligibility"}}]},
         "attributes[0].taxonomy_term.taxonomy", "unknown taxonomy"),
        ({"service_at_locations": [{"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a13",
                                    "location": {"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a14",
                                                 "latitude": 23.73, "longitude": 37.98}}]},
         "service_at_locations[0].location.longitude", "look swapped"),
        ({"service_at_locations": [{"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a13",
                                    "location": {"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a14",
                                                 "latitude": 100, "longitude": 23.7}}]},
         "service_at_locations[0].location.latitude", "out of range"),
        ({"service_at_locations": [{"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a13",
                                    "location": {"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a14",
                                                 "location_type": "physical"}}]},
         "service_at_locations[0].location.latitude", "coordinates or an address"),
        ({"organization": None, "organization_id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a15"}, "organization_id",
         "neither in this file nor in the database"),
        ({"phones": [{"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a16", "number": "call us"}]}, "phones[0].number",
         "phone number"),
    ],
)  # fmt: skip
def test_row_checks_name_the_field(tmp_path: Path, changes: dict[str, Any], field: str, words: str) -> None:
    before = table_ids()
    report = hsds_import(path=write_json(tmp_path / "one.json", [minimal_service(**changes)]))

    assert issues(report) == {(1, field)}, report.errors
    assert words in report.errors[0].message
    assert table_ids() == before


@pytest.mark.django_db
def test_times_with_a_utc_offset_are_stored_as_athens_wall_clock_time(tmp_path: Path) -> None:
    schedule = {"id": "a1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a10", "byday": "MO", "valid_from": "2025-01-15",
                "opens_at": "07:00Z", "closes_at": "15:30+02:00"}  # fmt: skip
    path = write_json(tmp_path / "utc.json", [minimal_service(schedules=[schedule])])

    assert hsds_import(path=path).ok

    stored = Schedule.objects.get(pk=schedule["id"])
    assert (stored.opens_at, stored.closes_at) == (time(9), time(15, 30))  # January: Athens is UTC+2


@pytest.mark.django_db
def test_the_same_id_with_different_content_is_an_error(tmp_path: Path) -> None:
    first = minimal_service()
    second = minimal_service(id="f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a21", service_at_locations=[])
    second["organization"] = {**first["organization"], "name": "Άλλο όνομα"}

    report = hsds_import(path=write_json(tmp_path / "twice.json", [first, second]))

    assert issues(report) == {(2, "organization.name")}
    assert "appears again (row 1" in report.errors[0].message


# ----------------------------------------------------------------------------------------------- re-import
@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing() -> None:
    hsds_import(path=FULL, language="en")
    hsds_import(path=PAGE)
    first = table_ids()

    again = hsds_import(path=FULL, language="en")

    assert again.ok, again.errors
    assert not again.created and not again.updated and not again.removed
    assert again.unchanged["service"] == 1 and again.unchanged["phone"] == 1
    assert table_ids() == first  # same ids in every table, metadata included: nothing was rewritten
    assert {t.code for t in Service.objects.get(pk=SERVICE_ID).categories.all()} == {"mental-health"}


@pytest.mark.django_db
def test_a_changed_file_replaces_lists_and_records_what_changed(tmp_path: Path) -> None:
    hsds_import(path=FULL, language="en", user_label="first")
    changed = load(FULL)
    changed["name"] = "Community Counselling Athens"
    changed["attributes"] = [
        {"id": "d5e6f7a8-b9c0-4d1e-8f2a-3b4c5d6e7f80", "taxonomy_term": {"code": "health", "taxonomy": "categories"}}
    ]
    # The service lists its phone itself and at its location (we keep both as the service's phones): drop both;
    # the phone stays with its other owners.
    changed["phones"] = []
    changed["service_at_locations"][0]["phones"] = []
    changed["cost_options"] = []
    path = write_json(tmp_path / "changed.json", changed)

    report = hsds_import(path=path, language="en", user_label="second")

    assert report.ok, report.errors
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.name_en == "Community Counselling Athens"
    assert {t.code for t in service.categories.all()} == {"health"}  # replaced, not appended
    assert not service.audiences.exists() and not service.eligibility.exists()
    assert not service.cost_options.exists()
    assert report.removed == {"cost_option": 1}
    phone = Phone.objects.get(pk=PHONE_ID)
    assert phone.service_id is None and phone.location_id is not None
    updates = set(
        Metadata.objects.filter(updated_by="second").values_list("resource_type", "last_action_type", "field_name")
    )
    assert ("service", "update", "name_en") in updates
    assert ("service", "update", "categories") in updates
    assert ("service", "update", "free_of_charge") in updates  # no cost options left
    assert not any(kind == "location" for kind, _action, _field in updates)


# ----------------------------------------------------------------------------------------------- dry run
@pytest.mark.django_db
def test_a_dry_run_reports_and_writes_nothing() -> None:
    before = table_ids()

    report = hsds_import(path=PAGE, dry_run=True)

    assert report.ok, report.errors
    assert report.created["service"] == 2 and report.created["location"] == 2
    assert report.geocode_pending == [KYPSELI_LOCATION_ID]  # would be geocoded; the geocoder was not asked
    assert table_ids() == before


@pytest.mark.django_db
def test_the_command_dry_run_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    before = table_ids()

    call_command("import_hsds", str(FULL), "--dry-run", "--language", "en")

    out = capsys.readouterr().out
    assert "created: " in out and "service 1" in out
    assert "dry run: nothing was written" in out
    assert table_ids() == before


@pytest.mark.django_db
def test_the_command_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_hsds", str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_a_file_that_is_not_hsds_json_is_one_file_level_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")

    report = hsds_import(path=broken)

    assert [(issue.row, issue.field) for issue in report.errors] == [(0, "")]
    assert "not valid JSON" in report.errors[0].message


# ----------------------------------------------------------------------------------------------- geocoding
@pytest.mark.django_db
def test_when_the_geocoder_is_down_the_location_is_saved_and_queued(settings) -> None:  # noqa: ANN001
    settings.GEOCODER = {
        "PROVIDER": "nominatim", "DOMAIN": "127.0.0.1:9", "SCHEME": "http", "USER_AGENT": "geo_accmr-tests",
        "TIMEOUT": 1, "MIN_DELAY_SECONDS": 0, "CACHE_DAYS": 90,
    }  # fmt: skip

    report = hsds_import(path=PAGE)

    assert report.ok, report.errors
    queued = Location.objects.get(pk=KYPSELI_LOCATION_ID)
    assert (queued.point, queued.geocode_status) == (None, "pending")
    assert queued.addresses.get().address_1 == "Φωκίωνος Νέγρη 20"  # kept for geocode_pending
    assert report.geocode_pending == [KYPSELI_LOCATION_ID]
    assert any("geocoder is unreachable" in w.message for w in report.warnings)
    assert Location.objects.get(pk=OMONIA_LOCATION_ID).geocode_status == "source"


@pytest.mark.django_db
def test_when_the_geocoder_answers_the_point_and_its_neighbourhood_are_set(fake_nominatim) -> None:  # noqa: ANN001, F811
    query = address_query(address_1="Φωκίωνος Νέγρη 20", city="Αθήνα", postal_code="11361")
    # A point inside Agios Georgios Kypselis: ST_PointOnSurface of athens-n-85, rounded.
    fake_nominatim.answers[query] = [
        nominatim_result(lat=37.99777, lon=23.7350263, display_name="Φωκίωνος Νέγρη 20, Κυψέλη, Αθήνα")
    ]

    report = hsds_import(path=PAGE)

    assert report.ok, report.errors
    assert report.geocoded == [KYPSELI_LOCATION_ID]
    location = Location.objects.get(pk=KYPSELI_LOCATION_ID)
    assert location.geocode_status == "geocoded"
    assert (round(location.point.x, 7), round(location.point.y, 7)) == (23.7350263, 37.99777)
    assert location.neighbourhood.code == "athens-n-85"
    assert location.municipality.code == "gr-9186"
    assert fake_nominatim.queries == [query]

    again = hsds_import(path=PAGE)  # the address did not change: the point is kept, not looked up again

    assert again.ok and again.geocoded == [] and again.unchanged["location"] == 2
    assert Location.objects.get(pk=KYPSELI_LOCATION_ID).geocode_status == "geocoded"


@pytest.mark.django_db
def test_an_address_the_geocoder_cannot_find_is_marked_failed_with_a_warning(fake_nominatim) -> None:  # noqa: ANN001, F811
    report = hsds_import(path=PAGE)  # the fake knows no address

    assert report.ok, report.errors
    location = Location.objects.get(pk=KYPSELI_LOCATION_ID)
    assert (location.point, location.geocode_status) == (None, "failed")
    assert report.geocode_failed == [KYPSELI_LOCATION_ID]
    assert any("address not found" in w.message and w.hsds_id == KYPSELI_LOCATION_ID for w in report.warnings)


@pytest.mark.django_db
def test_coordinates_in_a_later_file_replace_a_queued_geocode(tmp_path: Path) -> None:
    hsds_import(path=PAGE)  # test settings: no geocoder, so the Kypseli office waits
    assert Location.objects.get(pk=KYPSELI_LOCATION_ID).geocode_status == "pending"
    page = copy.deepcopy(load(PAGE))
    page["contents"][0]["service_at_locations"][0]["location"].update({"latitude": 37.99777, "longitude": 23.73502})

    report = hsds_import(path=write_json(tmp_path / "with_point.json", page))

    assert report.ok, report.errors
    location = Location.objects.get(pk=KYPSELI_LOCATION_ID)
    assert location.geocode_status == "source" and location.neighbourhood.code == "athens-n-85"
    assert Metadata.objects.filter(resource_id=location.pk, last_action_type="update", field_name="point").exists()
