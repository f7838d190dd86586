"""Every page and write path of /manage/: anonymous → login, caseworker → 403, editor of A on B's records → 404."""

import pytest
from django.urls import reverse

from editing.models import ChangeRequest, Version
from services.models import Service

from .conftest import form_data, make_user

pytestmark = pytest.mark.django_db


def urls_for(service, organization) -> dict[str, str]:  # noqa: ANN001
    return {
        "manage": reverse("editing:manage"),
        "create": reverse("editing:service_create"),
        "edit": reverse("editing:service_edit", args=[service.pk]),
        "org_edit": reverse("editing:organization_edit", args=[organization.pk]),
        "geocode": reverse("editing:geocode") + "?address_1=Πατησίων&city=Αθήνα",
        "review": reverse("editing:review_queue"),
        "history": reverse("editing:service_history", args=[service.pk]),
        "org_history": reverse("editing:organization_history", args=[organization.pk]),
    }


def test_anonymous_is_sent_to_login_everywhere(client, service_a, org_a) -> None:  # noqa: ANN001
    for name, url in urls_for(service_a, org_a).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert reverse("accounts:login") in response["Location"], name
    response = client.post(reverse("editing:service_create"), form_data(organization=org_a))
    assert response.status_code == 302
    assert not ChangeRequest.objects.exists()


def test_caseworker_gets_403_everywhere(client, caseworker, service_a, org_a) -> None:  # noqa: ANN001
    client.force_login(caseworker)
    for name, url in urls_for(service_a, org_a).items():
        assert client.get(url).status_code == 403, name
    assert client.post(reverse("editing:service_create"), form_data(organization=org_a)).status_code == 403
    assert (
        client.post(
            reverse("editing:service_edit", args=[service_a.pk]), form_data(service_a, organization=org_a)
        ).status_code
        == 403
    )
    assert not ChangeRequest.objects.exists()


def test_account_without_profile_gets_403(client, service_a, org_a) -> None:  # noqa: ANN001
    client.force_login(make_user("plain", None))
    assert client.get(reverse("editing:service_edit", args=[service_a.pk])).status_code == 403


def test_editor_of_a_gets_404_on_b(client, editor_a, service_b, org_b) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    before = Service.objects.get(pk=service_b.pk).name_el
    assert client.get(reverse("editing:service_edit", args=[service_b.pk])).status_code == 404
    data = form_data(service_b, organization=org_b, name_el="Κλεμμένο")
    assert client.post(reverse("editing:service_edit", args=[service_b.pk]), data).status_code == 404
    assert client.get(reverse("editing:organization_edit", args=[org_b.pk])).status_code == 404
    assert client.post(reverse("editing:organization_edit", args=[org_b.pk]), {"name_el": "Χ"}).status_code == 404
    assert Service.objects.get(pk=service_b.pk).name_el == before
    assert not ChangeRequest.objects.exists()


def test_editor_cannot_create_for_another_organisation(client, editor_a, org_b) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    response = client.post(reverse("editing:service_create"), form_data(organization=org_b))
    assert response.status_code == 200  # the form again: B is not a choice
    assert "organization" in response.context["form"].errors
    assert not ChangeRequest.objects.exists()


def test_editor_cannot_move_a_service_to_another_organisation(client, editor_a, service_a, org_b) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    response = client.post(
        reverse("editing:service_edit", args=[service_a.pk]), form_data(service_a, organization=org_b)
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not ChangeRequest.objects.exists()


def test_editor_cannot_take_over_b_location_by_forging_its_key(client, editor_a, service_a, service_b, org_a) -> None:  # noqa: ANN001
    """A location id of another service sent as a key is treated as a new place; B's location is untouched."""
    client.force_login(editor_a)
    b_location = service_b.service_at_locations.get().location
    data = form_data(service_a, organization=org_a)
    data.update(
        {
            "locations-TOTAL_FORMS": "2",
            "locations-1-key": str(b_location.pk),
            "locations-1-address_1": "Οδός 1",
            "locations-1-city": "Αθήνα",
            "locations-1-lat": "38.0",
            "locations-1-lon": "23.7",
        }
    )
    assert client.post(reverse("editing:service_edit", args=[service_a.pk]), data).status_code == 302
    change = ChangeRequest.objects.get()
    assert str(b_location.pk) not in change.proposed["locations"]


def test_editor_may_not_review_history_or_revert(client, editor_a, service_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    assert client.get(reverse("editing:review_queue")).status_code == 403
    assert client.get(reverse("editing:service_history", args=[service_a.pk])).status_code == 403
    version = Version.objects.create(resource_type="service", resource_id=service_a.pk, number=1, state={})
    assert client.post(reverse("editing:service_revert", args=[service_a.pk, version.pk])).status_code == 403
    change = ChangeRequest.objects.create(
        organization=service_a.organization,
        service=service_a,
        service_name="x",
        proposed={},
        base={},
        submitted_by=editor_a,
    )
    response = client.post(reverse("editing:review_detail", args=[change.pk]), {"decision": "approve"})
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == "pending"


def test_editor_dashboard_lists_only_own(client, editor_a, service_a, service_b) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    response = client.get(reverse("editing:manage"))
    assert response.status_code == 200
    assert {s.pk for s in response.context["services"]} == {service_a.pk}
    assert {o.pk for o in response.context["organizations"]} == {service_a.organization_id}
    assert "Υπηρεσία Β" not in response.content.decode()


def test_coordinator_dashboard_search(client, coordinator, service_a, service_b) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    response = client.get(reverse("editing:manage"), {"q": "Οργάνωση Β"})
    assert {o.pk for o in response.context["organizations"]} == {service_b.organization_id}
    assert client.get(reverse("editing:review_queue")).status_code == 200


def test_edit_link_on_service_page_only_for_editors(client, editor_a, caseworker, service_a, service_b) -> None:  # noqa: ANN001
    edit_a = reverse("editing:service_edit", args=[service_a.pk])
    assert edit_a not in client.get(reverse("services:detail", args=[service_a.pk])).content.decode()
    client.force_login(caseworker)
    assert edit_a not in client.get(reverse("services:detail", args=[service_a.pk])).content.decode()
    client.force_login(editor_a)
    assert edit_a in client.get(reverse("services:detail", args=[service_a.pk])).content.decode()
    edit_b = reverse("editing:service_edit", args=[service_b.pk])
    assert edit_b not in client.get(reverse("services:detail", args=[service_b.pk])).content.decode()


def test_pages_in_greek_and_english(client, editor_a, service_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    greek = client.get(reverse("editing:service_edit", args=[service_a.pk])).content.decode()
    assert "Αποστολή για έλεγχο" in greek and "Όνομα (Ελληνικά)" in greek
    english = client.get("/en" + reverse("editing:service_edit", args=[service_a.pk])).content.decode()
    assert "Send for review" in english and "Name (Greek)" in english


def test_editor_sees_own_change_but_not_another_organisations(client, editor_a, org_a, org_b, service_b) -> None:  # noqa: ANN001
    own = ChangeRequest.objects.create(
        organization=org_a, service_name="Α", proposed={"name_el": "Α"}, submitted_by=editor_a
    )
    other = ChangeRequest.objects.create(organization=org_b, service=service_b, service_name="Β", proposed={}, base={})
    client.force_login(editor_a)
    response = client.get(reverse("editing:change_detail", args=[own.pk]))
    assert response.status_code == 200
    assert "Approve" not in response.content.decode() and "Έγκριση" not in response.content.decode()
    assert client.get(reverse("editing:change_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("editing:review_detail", args=[own.pk])).status_code == 403


def test_dashboard_and_queue_queries_do_not_grow_with_rows(
    client, editor_a, coordinator, org_a, django_assert_max_num_queries
) -> None:  # noqa: ANN001
    from .conftest import published_service

    for i in range(6):
        service = published_service(org_a, name_el=f"Υπηρεσία {i}")
        ChangeRequest.objects.create(
            organization=org_a, service=service, service_name=service.name, proposed={}, base={}, submitted_by=editor_a
        )
    client.force_login(editor_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("editing:manage")).status_code == 200
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("editing:review_queue"))
    assert len(response.context["groups"]) == 6
