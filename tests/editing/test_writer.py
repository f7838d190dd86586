"""One recorder of changes (editing.writer): every path that writes services leaves the same history and audit.

Editor forms, approvals, reverts, the admin, HSDS imports, bulk uploads and freshness confirmations all record
through `history_record`; these tests look only at the database rows each path leaves.
"""

from pathlib import Path
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils import translation

from bulkupload.actions import upload_apply, upload_create
from editing.actions import change_request_approve, service_submit
from editing.models import ResourceType, Version, VersionSource
from editing.state import service_state, service_states
from freshness.actions import service_confirm
from hsds.importer import hsds_import
from services.models import Metadata, Organization, Service
from tests.bulkupload.conftest import csv_bytes
from tests.hsds.test_import_hsds import minimal_service, write_json

from .conftest import published_service

pytestmark = pytest.mark.django_db
IMPORTED = "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a01"  # minimal_service's ids
IMPORTED_ORG = "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a02"
IMPORTED_LOCATION = "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a04"


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    with translation.override("en"):
        yield


def versions_of(pk: Any) -> list[Version]:
    return list(Version.objects.filter(resource_id=pk).order_by("number"))


def audit(**filters: Any) -> set[tuple[Any, ...]]:
    rows = Metadata.objects.filter(**filters)
    return set(
        rows.values_list(
            "resource_type",
            "resource_id",
            "last_action_type",
            "field_name",
            "previous_value",
            "replacement_value",
            "updated_by",
            "user",
        )
    )


def bulk_upload(user: Any, organization: Organization, *names: str) -> dict[str, Any]:
    header = ["organization", "name_el", "categories", "address", "city", "latitude", "longitude", "hours"]
    rows = [header] + [
        [organization.name_el, name, "health", f"Οδός {i}", "Αθήνα", f"37.98{i}", f"23.73{i}", "MO-FR 09:00-15:00"]
        for i, name in enumerate(names)
    ]
    upload = upload_create(user=user, name="services.csv", content=csv_bytes(rows))
    assert upload.report["ok"], upload.report["issues"]
    result = upload_apply(upload=upload, user=user)
    assert result["ok"], result["issues"]
    return result


# ----------------------------------------------------------------------------------------------- HSDS import
def test_an_hsds_import_versions_each_service_and_organisation_it_creates_or_changes(tmp_path: Path) -> None:
    report = hsds_import(path=write_json(tmp_path / "first.json", minimal_service()), user_label="nightly")
    assert report.ok, report.errors
    service = Service.objects.get(pk=IMPORTED)
    (version,) = versions_of(service.pk)
    assert (version.number, version.source, version.user, version.comment, version.resource_type) == (
        1,
        VersionSource.IMPORT,
        None,
        "Imported from the HSDS file first.json",
        ResourceType.SERVICE,
    )
    assert version.state == service_state(service)
    (organization_version,) = versions_of(IMPORTED_ORG)
    assert (organization_version.source, organization_version.state["name_el"]) == (
        VersionSource.IMPORT,
        "Δοκιμαστική οργάνωση",
    )
    # the metadata rows are the importer's own (one `create` per new record), written by the same recorder
    assert audit() == {
        ("organization", service.organization_id, "create", "", "", "", "nightly", None),
        ("service", service.pk, "create", "", "", "", "nightly", None),
        ("location", service.service_at_locations.get().location_id, "create", "", "", "", "nightly", None),
    }

    # the same file again changes nothing: no version, no metadata
    seen = set(Metadata.objects.values_list("id", flat=True))
    assert hsds_import(path=write_json(tmp_path / "first.json", minimal_service()), user_label="nightly").ok
    assert len(versions_of(service.pk)) == 1 and len(versions_of(IMPORTED_ORG)) == 1
    assert not Metadata.objects.exclude(id__in=seen).exists()

    # a changed name: one new version of the service (not of its organisation) and one `update` row
    changed = minimal_service(name="Άλλο όνομα")
    assert hsds_import(path=write_json(tmp_path / "second.json", changed), user_label="nightly").ok
    versions = versions_of(service.pk)
    assert [(v.number, v.source, v.state["name_el"]) for v in versions] == [
        (1, VersionSource.IMPORT, "Δοκιμαστική υπηρεσία"),
        (2, VersionSource.IMPORT, "Άλλο όνομα"),
    ]
    assert versions[1].comment == "Imported from the HSDS file second.json"
    assert len(versions_of(IMPORTED_ORG)) == 1
    assert audit(id__in=Metadata.objects.exclude(id__in=seen).values("id")) == {
        ("service", service.pk, "update", "name_el", "Δοκιμαστική υπηρεσία", "Άλλο όνομα", "nightly", None),
    }


def test_an_import_changing_a_place_versions_the_service_at_it(tmp_path: Path) -> None:
    assert hsds_import(path=write_json(tmp_path / "a.json", minimal_service())).ok
    moved = minimal_service()
    moved["service_at_locations"][0]["location"]["latitude"] = 37.99
    assert hsds_import(path=write_json(tmp_path / "b.json", moved)).ok
    versions = versions_of(IMPORTED)
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].state["locations"][IMPORTED_LOCATION]["lat"] == 37.99
    assert Metadata.objects.filter(
        resource_id=IMPORTED_LOCATION, last_action_type="update", field_name="point"
    ).exists()


def test_an_import_over_a_service_without_history_keeps_the_state_it_found(tmp_path: Path, org_a) -> None:  # noqa: ANN001
    service = published_service(org_a)
    found = service_state(service)
    row = {"id": str(service.pk), "organization_id": str(org_a.pk), "name": "Νέο όνομα", "status": "active"}
    report = hsds_import(path=write_json(tmp_path / "update.json", row), user_label="nightly")
    assert report.ok, report.errors
    versions = versions_of(service.pk)
    assert [(v.number, v.source, v.user) for v in versions] == [
        (1, VersionSource.FOUND, None),
        (2, VersionSource.IMPORT, None),
    ]
    assert versions[0].state == found
    assert versions[1].state == {**found, "name_el": "Νέο όνομα"}


def test_a_dry_run_import_records_nothing(tmp_path: Path) -> None:
    report = hsds_import(path=write_json(tmp_path / "dry.json", minimal_service()), dry_run=True)
    assert report.ok and not Version.objects.exists() and not Metadata.objects.exists()


# ----------------------------------------------------------------------------------------------- bulk upload
def test_a_bulk_upload_versions_each_service_it_creates_or_changes(coordinator, org_a) -> None:  # noqa: ANN001
    bulk_upload(coordinator, org_a, "Ιατρείο", "Νομική βοήθεια")
    services = {s.name_el: s for s in Service.objects.filter(organization=org_a)}
    assert set(services) == {"Ιατρείο", "Νομική βοήθεια"}
    for service in services.values():
        (version,) = versions_of(service.pk)
        assert (version.number, version.source, version.user, version.comment) == (
            1,
            VersionSource.BULK_UPLOAD,
            coordinator,
            "Bulk upload of services.csv by Coord",
        )
        assert version.state == service_state(service)
        location = service.service_at_locations.get().location_id
        label = "bulk upload services.csv by coord"
        assert audit(resource_id__in=[service.pk, location]) == {
            ("service", service.pk, "create", "", "", "", label, coordinator.pk),
            ("location", location, "create", "", "", "", label, coordinator.pk),
        }
    assert not Version.objects.filter(resource_id=org_a.pk).exists()  # the organisation was only named
    # the same sheet again with one name changed (by id): a version of that service only
    clinic = services["Ιατρείο"]
    header = ["id", "organization", "name_el", "categories", "latitude", "longitude"]
    rows = [header, [str(clinic.pk), org_a.name_el, "Ιατρείο Πειραιά", "health", "37.98", "23.73"]]
    upload = upload_create(user=coordinator, name="fix.csv", content=csv_bytes(rows))
    assert upload_apply(upload=upload, user=coordinator)["ok"]
    assert [v.state["name_el"] for v in versions_of(clinic.pk)] == ["Ιατρείο", "Ιατρείο Πειραιά"]
    assert len(versions_of(services["Νομική βοήθεια"].pk)) == 1


def test_a_bulk_upload_dry_run_records_nothing(coordinator, org_a) -> None:  # noqa: ANN001
    rows = [
        ["organization", "name_el", "categories", "latitude", "longitude"],
        [org_a.name_el, "Χ", "health", 38, 23.7],
    ]
    upload = upload_create(user=coordinator, name="dry.csv", content=csv_bytes(rows))
    assert upload.report["ok"]
    assert not Version.objects.exists() and not Metadata.objects.exists()


# ----------------------------------------------------------------------------------------------- every path
def test_every_path_records_versions_and_metadata_of_the_same_shape(
    tmp_path: Path,
    coordinator,
    editor_a,
    org_a,
    service_a,  # noqa: ANN001
) -> None:
    """Each path leaves versions numbered from 1 with a full state, who, when, source and comment, and metadata
    rows naming the record, action, date and who; freshness leaves metadata only."""
    # editor form (coordinator publishes directly), then an editor's change approved by a coordinator
    edited = service_submit(user=coordinator, service=service_a, state={**service_state(service_a), "email": "a@b.gr"})
    request = service_submit(user=editor_a, service=edited, state={**service_state(edited), "url": "https://a.gr"})
    change_request_approve(change_request=request, user=coordinator)
    # the admin
    Service.objects.filter(pk=service_a.pk).update(capacity_status="full")
    LogEntry.objects.log_actions(coordinator.pk, [service_a], CHANGE, "", single_object=True)
    # an HSDS import and a bulk upload
    assert hsds_import(path=write_json(tmp_path / "one.json", minimal_service()), user_label="nightly").ok
    bulk_upload(coordinator, org_a, "Ιατρείο")
    # a confirmation
    service_confirm(service=service_a, user=editor_a)

    keys = set(service_state(service_a))
    sources = {}
    for version in Version.objects.filter(resource_type=ResourceType.SERVICE):
        assert set(version.state) == keys
        assert version.created_at is not None and version.comment
        sources.setdefault(version.source, set()).add(version.user)
    assert sources == {
        VersionSource.FOUND: {None},
        VersionSource.EDITOR: {coordinator},
        VersionSource.APPROVAL: {coordinator},
        VersionSource.ADMIN: {coordinator},
        VersionSource.IMPORT: {None},
        VersionSource.BULK_UPLOAD: {coordinator},
    }
    for resource_id in set(Version.objects.values_list("resource_id", flat=True)):
        numbers = [v.number for v in versions_of(resource_id)]
        assert numbers == list(range(1, len(numbers) + 1))
    assert [v.source for v in versions_of(service_a.pk)] == ["found", "editor", "approval", "admin"]

    rows = Metadata.objects.all()
    assert {row.resource_type for row in rows} == {"service", "location", "organization"}
    assert {row.last_action_type for row in rows} == {"create", "update", "verify"}
    for row in rows:
        assert row.resource_id and row.last_action_date and row.updated_by
        assert row.user in (coordinator, editor_a) or row.updated_by == "nightly"
    by_path = {
        (row.last_action_type, row.field_name, row.user_id)
        for row in rows.filter(resource_id=service_a.pk, last_action_type__in=["update", "verify"])
    }
    assert by_path == {
        ("update", "email", coordinator.pk),  # the form
        ("update", "url", coordinator.pk),  # the approval (the approver publishes)
        ("update", "capacity_status", coordinator.pk),  # the admin
        ("verify", "assured_date", editor_a.pk),  # the confirmation
    }


def test_many_states_read_at_once_equal_one_by_one(org_a, org_b, django_assert_max_num_queries) -> None:  # noqa: ANN001
    services = [published_service(org_a), published_service(org_b, name_el="Β"), published_service(org_a)]
    second = services[2].service_at_locations.get().location
    second.pk = None
    second.save()
    services[2].service_at_locations.create(location=second)
    expected = {service.pk: service_state(Service.objects.get(pk=service.pk)) for service in services}
    with django_assert_max_num_queries(10):
        states = service_states(ids=[s.pk for s in services])
    assert states == expected


def test_the_history_page_names_an_import_and_a_bulk_upload(client, coordinator, org_a, tmp_path: Path) -> None:  # noqa: ANN001
    with translation.override("el"):
        assert hsds_import(path=write_json(tmp_path / "one.json", minimal_service())).ok
        bulk_upload(coordinator, org_a, "Ιατρείο")
    client.force_login(coordinator)
    page = client.get(reverse("editing:service_history", args=[IMPORTED])).content.decode()
    assert "Εισαγωγή από το αρχείο HSDS one.json" in page
    clinic = Service.objects.get(name_el="Ιατρείο")
    page = client.get(reverse("editing:service_history", args=[clinic.pk])).content.decode()
    assert "Μαζική μεταφόρτωση του services.csv από Coord" in page
