"""The bulk upload over HTTP: who may use it, good CSV and XLSX files end to end, templates, apply semantics."""

import csv
import io
import uuid
from datetime import date, datetime
from typing import Any

import pytest
from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from accounts.models import Role
from bulkupload.models import Upload
from bulkupload.sheet import COLUMNS
from search.models import SearchEntry
from services.models import GeocodeStatus, Metadata, Organization, Service, ServiceAtLocation
from tests.factories import ServiceFactory
from tests.fake_nominatim import fake_nominatim, nominatim_down, nominatim_result  # noqa: F401 - the fixtures
from tests.search.test_search_index import index_differences

from .conftest import csv_bytes, directory_snapshot, make_user, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADER = [
    "organization", "name_el", "name_en", "categories", "audience", "eligibility", "languages", "free_of_charge",
    "address", "city", "postal_code", "latitude", "longitude", "phone", "email", "website", "hours", "valid_from",
    "valid_to",
]  # fmt: skip
UPLOAD = "/en/upload/"


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    with translation.override("en"):
        yield


def good_rows(organization: Organization) -> list[list[Any]]:
    return [
        HEADER,
        [
            organization.name_el, "Νομική βοήθεια", "Legal aid", "rights-legal/legal-aid, asylum-procedure",
            "families", "asylum-seekers", "el, en, ar", "yes", "Σοφοκλέους 15", "Αθήνα", "10552", "37.9807",
            "23.7274", "+30 210 1234567", "legal@example.org", "https://example.org/legal",
            "MO-FR 09:00-15:00; WE 17:00-20:00", "", "",
        ],
        # a second place of the same service (same organisation and Greek name), service columns left empty
        [
            organization.name_en, "Νομική βοήθεια", "", "", "", "", "", "", "Κυψέλη", "", "", "", "", "", "", "",
            "ΤΡ 10:00-13:00", "", "",
        ],
        [
            organization.name_el, "Ιατρείο", "Clinic", "health", "", "", "fa", "no", "Πατησίων 100", "Αθήνα",
            "10434", "", "", "", "", "", "", "2026-01-01", "31/12/2027",
        ],
    ]  # fmt: skip


def upload(client: Client, name: str, content: bytes) -> Any:
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def last_upload() -> Upload:
    return Upload.objects.order_by("-created_at").first()


# ------------------------------------------------------------------------------------------------ permissions
def test_anonymous_visitors_are_sent_to_sign_in_and_other_roles_get_403(organization: Organization) -> None:
    urls = [UPLOAD, "/en/upload/template.csv", "/en/upload/template.xlsx", f"/en/upload/{uuid.uuid4()}/"]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert Client().post(UPLOAD, {}).status_code == 302
    for role in (Role.EDITOR, Role.CASEWORKER, None):
        client = Client()
        client.force_login(make_user(f"user-{role}", role))
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)
        before = Upload.objects.count()
        assert upload(client, "x.csv", csv_bytes(good_rows(organization))).status_code == 403
        assert Upload.objects.count() == before


def test_a_coordinator_cannot_see_or_apply_another_coordinators_upload(
    coordinator_client: Client, organization: Organization
) -> None:
    upload(coordinator_client, "services.csv", csv_bytes(good_rows(organization)))
    theirs = last_upload()
    other = Client()
    other.force_login(make_user("other", Role.COORDINATOR))
    before = directory_snapshot()
    assert other.get(f"/en/upload/{theirs.pk}/").status_code == 404
    assert other.get(f"/en/upload/{theirs.pk}/errors.csv").status_code == 404
    assert other.post(f"/en/upload/{theirs.pk}/apply/").status_code == 404
    assert directory_snapshot() == before
    superuser = Client()
    superuser.force_login(make_user("root", None, is_superuser=True))
    assert superuser.get(UPLOAD).status_code == 200


# ------------------------------------------------------------------------------------------------ good files
def test_a_good_csv_is_previewed_without_writing_then_applied_exactly(
    coordinator_client: Client,
    coordinator: Any,
    organization: Organization,
    fake_nominatim,  # noqa: ANN001, F811
) -> None:
    fake_nominatim.answers["Πατησίων 100, 10434 Αθήνα"] = [
        nominatim_result(lat=37.9995, lon=23.7330, display_name="Πατησίων 100, Αθήνα")
    ]
    before = directory_snapshot()
    response = upload(coordinator_client, "services.csv", csv_bytes(good_rows(organization)))

    assert response.status_code == 302
    stored = last_upload()
    assert stored.report["ok"], stored.report["issues"]
    assert directory_snapshot() == before  # the dry run wrote nothing
    assert fake_nominatim.queries == []  # nor asked the geocoder
    assert (stored.report["services_new"], stored.report["services_updated"]) == (2, 0)
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Dry run: no problems" in page and "Νομική βοήθεια" in page and "Apply: write everything" in page
    assert "(gazetteer)" in page  # Κυψέλη is a place of our gazetteer

    response = coordinator_client.post(f"/en/upload/{stored.pk}/apply/")
    assert response.status_code == 302
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Applied" in page

    services = Service.objects.filter(organization=organization)
    assert set(services.values_list("name_el", flat=True)) == {"Νομική βοήθεια", "Ιατρείο"}
    legal = services.get(name_el="Νομική βοήθεια")
    assert legal.name_en == "Legal aid" and legal.free_of_charge and legal.url == "https://example.org/legal"
    assert set(legal.categories.values_list("code", flat=True)) == {"legal-aid", "asylum-procedure"}
    assert set(legal.audiences.values_list("code", flat=True)) == {"families"}
    assert set(legal.eligibility.values_list("code", flat=True)) == {"asylum-seekers"}
    assert set(legal.languages.values_list("code", flat=True)) == {"el", "en", "ar"}
    assert list(legal.phones.values_list("number", flat=True)) == ["+30 210 1234567"]
    places = list(ServiceAtLocation.objects.filter(service=legal).select_related("location").order_by("created_at"))
    assert len(places) == 2
    by_status = {place.location.geocode_status: place for place in places}
    source = by_status[GeocodeStatus.SOURCE].location
    assert source.point.distance(Point(23.7274, 37.9807, srid=4326)) < 1e-9
    assert source.addresses.get().address_1 == "Σοφοκλέους 15"
    kypseli = by_status[GeocodeStatus.GEOCODED].location
    assert kypseli.point is not None and kypseli.neighbourhood is not None
    hours = {(s.byday, s.opens_at.isoformat(), s.closes_at.isoformat()) for s in by_status["source"].schedules.all()}
    assert hours == {("MO,TU,WE,TH,FR", "09:00:00", "15:00:00"), ("WE", "17:00:00", "20:00:00")}
    clinic = services.get(name_el="Ιατρείο")
    assert (clinic.valid_from, clinic.valid_to, clinic.free_of_charge) == (date(2026, 1, 1), date(2027, 12, 31), False)
    clinic_location = clinic.service_at_locations.get().location
    assert clinic_location.geocode_status == GeocodeStatus.GEOCODED
    assert clinic_location.point.distance(Point(23.7330, 37.9995, srid=4326)) < 1e-6
    assert fake_nominatim.queries == ["Πατησίων 100, 10434 Αθήνα"]
    # the search index equals a fresh derivation (its triggers were held back, then the touched services refreshed)
    assert index_differences() == 0
    assert set(SearchEntry.objects.values_list("service_id", flat=True)) >= {legal.pk, clinic.pk}
    # HSDS metadata names the coordinator
    created = Metadata.objects.filter(last_action_type="create", resource_type="service")
    assert set(created.values_list("resource_id", flat=True)) == {legal.pk, clinic.pk}
    assert set(created.values_list("user", flat=True)) == {coordinator.pk}
    stored.refresh_from_db()
    assert stored.applied_at is not None and bytes(stored.content) == b""
    # applying twice is refused and changes nothing
    after = directory_snapshot()
    response = coordinator_client.post(f"/en/upload/{stored.pk}/apply/", follow=True)
    assert "already been applied" in response.content.decode()
    assert directory_snapshot() == after


def test_uploading_the_same_sheet_again_updates_the_same_records_and_changes_nothing(
    coordinator_client: Client, organization: Organization
) -> None:
    rows = good_rows(organization)
    for row in rows[1:]:
        row[11:13] = ["37.98", "23.73"]  # no geocoding
    rows[2][9], rows[2][11:13] = "Αθήνα", ["37.99", "23.74"]
    upload(coordinator_client, "services.csv", csv_bytes(rows))
    coordinator_client.post(f"/en/upload/{last_upload().pk}/apply/")
    after_first = directory_snapshot()

    upload(coordinator_client, "services.csv", csv_bytes(rows))
    second = last_upload()
    assert second.report["ok"], second.report["issues"]
    assert (second.report["services_new"], second.report["services_updated"]) == (0, 2)
    coordinator_client.post(f"/en/upload/{second.pk}/apply/")
    second.refresh_from_db()
    assert second.result["ok"] and not second.result["created"] and not second.result["updated"]
    assert directory_snapshot() == after_first


def test_an_existing_service_is_updated_by_its_id_and_keeps_what_the_sheet_leaves_out(
    coordinator_client: Client, organization: Organization
) -> None:
    service = ServiceFactory(organization=organization, name="Παλιό όνομα", name_el="Παλιό όνομα")
    service.audiences.set([])
    rows = [
        ["id", "organization", "name_el", "categories", "latitude", "longitude"],
        [str(service.pk), organization.name_el, "Νέο όνομα", "health", "37.98", "23.73"],
    ]
    upload(coordinator_client, "update.csv", csv_bytes(rows))
    stored = last_upload()
    assert stored.report["ok"] and stored.report["services_updated"] == 1
    coordinator_client.post(f"/en/upload/{stored.pk}/apply/")
    service.refresh_from_db()
    assert service.name_el == "Νέο όνομα" and service.name_en.startswith("Service")  # name_en column absent: kept
    assert index_differences() == 0
    assert Metadata.objects.filter(resource_id=service.pk, field_name="name_el", replacement_value="Νέο όνομα").exists()


def test_a_good_xlsx_with_number_and_date_cells_creates_the_services(
    coordinator_client: Client, organization: Organization
) -> None:
    rows = [
        ["organization", "name_el", "categories", "latitude", "longitude", "address", "city", "postal_code", "valid_to",
         "hours"],
        [organization.name_el, "Μαθήματα ελληνικών", "greek-language", 37.9838, 23.7275, "Ερμού 1", "Αθήνα", 10431,
         datetime(2027, 6, 30), "ΔΕ-ΠΑ 18:00-20:00"],
    ]  # fmt: skip
    response = upload(coordinator_client, "services.xlsx", xlsx_bytes(rows))
    stored = last_upload()
    assert response.status_code == 302 and stored.kind == "xlsx" and stored.report["ok"], stored.report
    coordinator_client.post(f"/en/upload/{stored.pk}/apply/")
    service = Service.objects.get(name_el="Μαθήματα ελληνικών")
    assert service.valid_to == date(2027, 6, 30)
    location = service.service_at_locations.get().location
    assert (round(location.point.y, 4), round(location.point.x, 4)) == (37.9838, 23.7275)
    assert location.addresses.get().postal_code == "10431"
    assert {s.byday for s in location.service_at_locations.get().schedules.all()} == {"MO,TU,WE,TH,FR"}


def test_when_the_geocoder_is_down_the_address_is_queued_not_lost(
    coordinator_client: Client,
    organization: Organization,
    nominatim_down: None,  # noqa: F811
) -> None:
    rows = [
        ["organization", "name_el", "categories", "address", "city"],
        [organization.name_el, "Α", "food", "Αχαρνών 50", "Αθήνα"],
    ]
    upload(coordinator_client, "s.csv", csv_bytes(rows))
    coordinator_client.post(f"/en/upload/{last_upload().pk}/apply/")
    location = Service.objects.get(name_el="Α").service_at_locations.get().location
    assert location.geocode_status == GeocodeStatus.PENDING and location.point is None
    assert last_upload().result["geocode_pending"] == 1


# ------------------------------------------------------------------------------------------------ templates
def test_the_templates_have_the_columns_an_example_and_notes(
    coordinator_client: Client, organization: Organization
) -> None:
    response = coordinator_client.get("/en/upload/template.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [column.name for column in COLUMNS]
    assert rows[1][1] == organization.name_el
    assert any(row and row[0].startswith("# categories") and "rights-legal/legal-aid" in row[0] for row in rows)

    from openpyxl import load_workbook

    response = coordinator_client.get("/en/upload/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["services", "notes"]
    header = [cell.value for cell in next(workbook["services"].iter_rows())]
    assert header == [column.name for column in COLUMNS]


@pytest.mark.parametrize("name", ["template.csv", "template.xlsx"])
def test_the_template_itself_passes_the_dry_run(
    coordinator_client: Client, organization: Organization, name: str
) -> None:
    content = coordinator_client.get(f"/en/upload/{name}").content
    before = directory_snapshot()
    upload(coordinator_client, name, content)
    report = last_upload().report
    assert report["ok"], report["issues"]
    assert report["services_new"] == 1
    assert directory_snapshot() == before


# ------------------------------------------------------------------------------------------------ apply re-checks
def simple_rows(organization: Organization) -> list[list[str]]:
    return [
        ["organization", "name_el", "categories", "latitude", "longitude"],
        [organization.name_el, "Συσσίτιο", "food", "37.98", "23.73"],
    ]


def test_apply_checks_the_file_again_against_the_directory_as_it_is_now(
    coordinator_client: Client, organization: Organization
) -> None:
    upload(coordinator_client, "s.csv", csv_bytes(simple_rows(organization)))
    stored = last_upload()
    assert stored.report["ok"]
    organization.delete()  # meanwhile, someone removed the organisation
    before = directory_snapshot()
    response = coordinator_client.post(f"/en/upload/{stored.pk}/apply/", follow=True)
    page = response.content.decode()
    assert "Nothing was written" in page and "no organisation of the directory" in page
    stored.refresh_from_db()
    assert stored.applied_at is None and not stored.result["ok"]
    assert directory_snapshot() == before


def test_an_expired_or_altered_upload_is_not_applied(coordinator_client: Client, organization: Organization) -> None:
    from datetime import timedelta

    from django.utils import timezone

    upload(coordinator_client, "s.csv", csv_bytes(simple_rows(organization)))
    stored = last_upload()
    before = directory_snapshot()
    Upload.objects.filter(pk=stored.pk).update(content=b"organization,name_el,categories\nx,y,health\n")
    response = coordinator_client.post(f"/en/upload/{stored.pk}/apply/", follow=True)
    assert "does not match its checksum" in response.content.decode()
    Upload.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = coordinator_client.post(f"/en/upload/{stored.pk}/apply/", follow=True)
    assert "has expired" in response.content.decode()
    assert directory_snapshot() == before
    # the next upload clears expired ones away
    upload(coordinator_client, "s.csv", csv_bytes(simple_rows(organization)))
    assert not Upload.objects.filter(pk=stored.pk).exists()


def test_apply_needs_post(coordinator_client: Client, organization: Organization) -> None:
    upload(coordinator_client, "s.csv", csv_bytes(simple_rows(organization)))
    assert coordinator_client.get(f"/en/upload/{last_upload().pk}/apply/").status_code == 405
    assert not Service.objects.filter(name_el="Συσσίτιο").exists()
