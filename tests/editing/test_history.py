"""History and revert: every published change is a version with who and when; a revert is a new version."""

import pytest
from django.urls import reverse

from editing.models import Version
from editing.state import service_state
from search.models import SearchEntry
from services.models import Metadata, Organization, Service

from .conftest import form_data

pytestmark = pytest.mark.django_db


def edit(client, service, organization, **overrides) -> None:  # noqa: ANN001
    data = form_data(service, organization=organization, **overrides)
    response = client.post(reverse("editing:service_edit", args=[service.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors


def test_revert_restores_fields_hours_languages_and_location_as_a_new_version(
    client, coordinator, service_a, org_a
) -> None:  # noqa: ANN001
    original = service_state(service_a)
    client.force_login(coordinator)
    edit(
        client,
        service_a,
        org_a,
        name_el="Αλλαγμένο",
        languages=["fa"],
        **{
            "hours-0-opens_at": "10:00",
            "locations-0-lat": "38.05",
            "locations-0-lon": "23.80",
            "locations-0-redacted": "on",
        },
    )
    changed = service_state(Service.objects.get(pk=service_a.pk))
    assert changed["name_el"] == "Αλλαγμένο" and changed["languages"] == ["fa"]
    versions = list(Version.objects.filter(resource_id=service_a.pk).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].state == original and versions[1].user == coordinator

    response = client.post(reverse("editing:service_revert", args=[service_a.pk, versions[0].pk]))
    assert response.status_code == 302
    reverted = Service.objects.get(pk=service_a.pk)
    state = service_state(reverted)
    assert state == original
    assert Version.objects.filter(resource_id=service_a.pk).count() == 3
    latest = Version.objects.filter(resource_id=service_a.pk).order_by("-number").first()
    assert latest.comment.startswith("Επαναφορά στην έκδοση 1")
    assert Metadata.objects.filter(resource_id=service_a.pk, field_name="name_el", previous_value="Αλλαγμένο").exists()
    # the search index follows the revert
    entry = SearchEntry.objects.get(service=reverted)
    assert (round(entry.point.y, 4), round(entry.point.x, 4)) == (
        round(original["locations"][next(iter(original["locations"]))]["lat"], 4),
        round(original["locations"][next(iter(original["locations"]))]["lon"], 4),
    )
    assert not entry.redacted

    history = client.get(reverse("editing:service_history", args=[service_a.pk]))
    assert [e.version.number for e in history.context["entries"]] == [3, 2, 1]
    assert "Αλλαγμένο" in history.content.decode()


def test_revert_brings_back_a_removed_place(client, coordinator, service_a, org_a) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    old_location = service_a.service_at_locations.get().location
    edit(client, service_a, org_a, **{"locations-0-DELETE": "on"})
    assert not Service.objects.get(pk=service_a.pk).service_at_locations.exists()
    assert not SearchEntry.objects.filter(service=service_a).exists()
    first = Version.objects.get(resource_id=service_a.pk, number=1)
    client.post(reverse("editing:service_revert", args=[service_a.pk, first.pk]))
    location = Service.objects.get(pk=service_a.pk).service_at_locations.get().location
    assert location.pk != old_location.pk  # a new row with the old address and point
    assert location.addresses.get().address_1 == "Πανεπιστημίου 10"
    assert location.point.equals_exact(old_location.point, 1e-6)
    assert SearchEntry.objects.filter(service=service_a).count() == 1


def test_revert_is_for_coordinators_and_checks_the_record(
    client, editor_a, coordinator, service_a, service_b, org_a
) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    edit(client, service_b, service_b.organization, name_el="Β2")
    version_b = Version.objects.get(resource_id=service_b.pk, number=1)
    # a version of B cannot be applied through A's URL
    assert client.post(reverse("editing:service_revert", args=[service_a.pk, version_b.pk])).status_code == 404
    client.force_login(editor_a)
    assert client.post(reverse("editing:service_revert", args=[service_b.pk, version_b.pk])).status_code == 403
    assert Service.objects.get(pk=service_b.pk).name_el == "Β2"


def test_organisation_edit_history_and_revert(client, editor_a, coordinator, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    data = {
        "name_el": "Νέο όνομα οργάνωσης",
        "name_en": "New org name",
        "description_el": "",
        "description_en": "",
        "email": "info@example.org",
        "website": "",
    }
    assert client.post(reverse("editing:organization_edit", args=[org_a.pk]), data).status_code == 302
    assert Organization.objects.get(pk=org_a.pk).name_el == "Νέο όνομα οργάνωσης"
    assert Metadata.objects.filter(
        resource_id=org_a.pk,
        resource_type="organization",
        field_name="email",
        replacement_value="info@example.org",
        user=editor_a,
    ).exists()
    client.force_login(coordinator)
    history = client.get(reverse("editing:organization_history", args=[org_a.pk]))
    assert [e.version.number for e in history.context["entries"]] == [2, 1]
    first = Version.objects.get(resource_type="organization", resource_id=org_a.pk, number=1)
    assert client.post(reverse("editing:organization_revert", args=[org_a.pk, first.pk])).status_code == 302
    assert Organization.objects.get(pk=org_a.pk).name_el == "Οργάνωση Α"
    assert Version.objects.filter(resource_type="organization", resource_id=org_a.pk).count() == 3


def test_admin_changes_are_versioned_with_metadata(client, coordinator, service_a, org_a) -> None:  # noqa: ANN001
    """The admin logs a change after saving the record and its inlines; that log entry versions the service."""
    from django.contrib.admin.models import CHANGE, LogEntry

    client.force_login(coordinator)
    edit(client, service_a, org_a, name_el="Μέσω φόρμας")  # versions 1 (found) and 2
    service = Service.objects.get(pk=service_a.pk)
    service.capacity_status = "full"
    service.save()
    location = service.service_at_locations.get().location
    LogEntry.objects.log_actions(coordinator.pk, [service], CHANGE, "Changed capacity.", single_object=True)
    versions = Version.objects.filter(resource_id=service.pk).order_by("number")
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions.last().state["capacity_status"] == "full"
    assert versions.last().comment.startswith("Αλλαγή στη διαχείριση")
    assert Metadata.objects.filter(
        resource_id=service.pk, field_name="capacity_status", replacement_value="full"
    ).exists()
    # a place changed in the admin versions the services held there; an unchanged save adds nothing
    location.redacted = True
    location.save()
    LogEntry.objects.log_actions(coordinator.pk, [location], CHANGE, "", single_object=True)
    LogEntry.objects.log_actions(coordinator.pk, [location], CHANGE, "", single_object=True)
    assert Version.objects.filter(resource_id=service.pk).count() == 4
    assert next(iter(Version.objects.get(resource_id=service.pk, number=4).state["locations"].values()))["redacted"]
    # and the coordinator can revert the admin's change like any other
    client.post(reverse("editing:service_revert", args=[service.pk, versions.get(number=2).pk]))
    service.refresh_from_db()
    assert service.capacity_status == "accepting"
    assert not service.service_at_locations.get().location.redacted


def test_a_real_admin_save_is_versioned(client, org_a) -> None:  # noqa: ANN001
    from django.conf import settings
    from django.contrib.auth.models import User

    admin_user = User.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin_user)
    url = f"/{settings.ADMIN_URL}services/organization/{org_a.pk}/change/"
    data = {
        "name_el": "Οργάνωση Α μέσω admin",
        "name_en": "Organisation A",
        "kind": "local_ngo",
        "organization_identifiers-TOTAL_FORMS": "0",
        "organization_identifiers-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    version = Version.objects.get(resource_type="organization", resource_id=org_a.pk)
    assert version.state["name_el"] == "Οργάνωση Α μέσω admin" and version.user == admin_user
