"""The organisation form: imported organisations (no kind) can be edited; a model error on a field the form does not
carry shows as a message on top of the form, never as a server error."""

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from editing.models import ResourceType, Version
from hsds.importer import hsds_import
from services.models import Organization
from tests.editing.conftest import make_user
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

IMPORTED_ID = "0b3c1a52-6f0e-4b8e-9d47-2f1c9e7a5d01"


def imported_organization(tmp_path: Path) -> Organization:
    """An organisation as the HSDS importer makes it: HSDS has no kind, so the importer leaves it blank (and warns)."""
    row = {
        "id": "0b3c1a52-6f0e-4b8e-9d47-2f1c9e7a5d02",
        "name": "Εισαγόμενη υπηρεσία",
        "status": "active",
        "organization": {"id": IMPORTED_ID, "name": "Εισαγόμενη οργάνωση", "description": "Από το HSDS"},
    }
    path = tmp_path / "imported.json"
    path.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    with translation.override("en"):
        report = hsds_import(path=path, user_label="test import")
    assert report.ok and "organization.kind" in " | ".join(str(w) for w in report.warnings)
    organization = Organization.objects.get(pk=IMPORTED_ID)
    assert organization.kind == ""
    return organization


def form_data(organization: Organization, **changes: str) -> dict[str, str]:
    data = {
        "name_el": organization.name_el or "",
        "name_en": organization.name_en or "",
        "description_el": organization.description_el or "",
        "description_en": organization.description_en or "",
        "email": organization.email,
        "website": organization.website,
    }
    return {**data, **changes}


def test_an_editor_edits_an_imported_organisation_without_a_kind(client: Client, tmp_path: Path) -> None:
    organization = imported_organization(tmp_path)
    editor = make_user("editor_imported", Role.EDITOR, [organization])
    client.force_login(editor)
    url = reverse("editing:organization_edit", args=[organization.pk])
    assert client.get(url).status_code == 200
    data = form_data(organization, description_el="Νέα περιγραφή", email="info@example.org")
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("editing:manage")
    organization.refresh_from_db()
    assert (organization.description_el, organization.email, organization.kind) == (
        "Νέα περιγραφή",
        "info@example.org",
        "",
    )
    versions = Version.objects.filter(resource_type=ResourceType.ORGANIZATION, resource_id=organization.pk)
    assert versions.order_by("-number").first().state["description_el"] == "Νέα περιγραφή"


def test_a_model_error_on_a_field_not_on_the_form_is_a_message(client: Client) -> None:
    # A year the model refuses (before 1800), kept from older data; the organisation form does not show the year.
    organization = OrganizationFactory(name="Παλιά οργάνωση", name_el="Παλιά οργάνωση", year_incorporated=1700)
    editor = make_user("editor_old", Role.EDITOR, [organization])
    client.force_login(editor)
    with translation.override("en"):
        url = reverse("editing:organization_edit", args=[organization.pk])
        response = client.post(url, form_data(organization, description_el="Αλλαγή"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith("Year incorporated: ") and "a coordinator can correct it" in errors[0]
    page = response.content.decode()
    assert "Year incorporated: " in page and 'class="error-summary"' in page
    organization.refresh_from_db()
    assert organization.description_el != "Αλλαγή"  # nothing was saved


def test_the_message_is_in_greek_for_greek_pages(client: Client) -> None:
    organization = OrganizationFactory(year_incorporated=1700)
    client.force_login(make_user("editor_gr", Role.EDITOR, [organization]))
    response = client.post(
        reverse("editing:organization_edit", args=[organization.pk]), form_data(organization, description_el="Χ")
    )
    assert response.status_code == 200
    assert "δεν υπάρχει σε αυτή τη φόρμα" in response.content.decode()


def test_a_coordinator_reverting_to_a_state_the_model_refuses_gets_a_message(client: Client) -> None:
    organization = OrganizationFactory(year_incorporated=1700, description_el="Τωρινή")
    coordinator = make_user("coord_revert", Role.COORDINATOR)
    version = Version.objects.create(
        resource_type=ResourceType.ORGANIZATION,
        resource_id=organization.pk,
        number=1,
        state=form_data(organization, description_el="Παλιά"),
    )
    client.force_login(coordinator)
    response = client.post(reverse("editing:organization_revert", args=[organization.pk, version.pk]), follow=True)
    assert response.redirect_chain == [(reverse("editing:organization_history", args=[organization.pk]), 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    organization.refresh_from_db()
    assert organization.description_el == "Τωρινή"
