"""Moderation through the real pages: a waiting change never touches the published record; approve applies exactly
the diff; reject leaves the record as it was; history and HSDS metadata record both."""

import pytest
from django.urls import reverse
from django.utils import timezone

from editing.models import ChangeRequest, Version
from editing.state import service_state
from search.models import SearchEntry
from services.models import Metadata, Service

from .conftest import form_data

pytestmark = pytest.mark.django_db


def submit(client, service, organization, **overrides):  # noqa: ANN001, ANN201
    response = client.post(
        reverse("editing:service_edit", args=[service.pk]), form_data(service, organization=organization, **overrides)
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ChangeRequest.objects.order_by("-id").first()


def review(client, change, decision, comment=""):  # noqa: ANN001, ANN201
    return client.post(reverse("editing:review_detail", args=[change.pk]), {"decision": decision, "comment": comment})


def test_pending_change_does_not_touch_the_published_record(client, editor_a, service_a, org_a) -> None:  # noqa: ANN001
    before = service_state(service_a)
    entry_before = SearchEntry.objects.filter(service=service_a).values_list("properties_el", flat=True).get()
    client.force_login(editor_a)
    location_key = next(iter(before["locations"]))
    change = submit(
        client,
        service_a,
        org_a,
        name_el="Νέο όνομα",
        capacity_status="full",
        **{"hours-0-closes_at": "01:30", "locations-0-lat": "38.01", "locations-0-lon": "23.70"},
    )
    assert change.status == "pending"
    service_a.refresh_from_db()
    assert service_state(service_a) == before
    assert SearchEntry.objects.filter(service=service_a).values_list("properties_el", flat=True).get() == entry_before
    assert not Metadata.objects.filter(resource_id=service_a.pk).exists()
    # what the editor proposed, field by field
    assert change.proposed["name_el"] == "Νέο όνομα"
    assert change.proposed["hours"] == [{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "01:30"}]
    assert change.proposed["locations"][location_key]["lat"] == 38.01
    assert change.base == before


def test_new_service_from_editor_is_not_published_until_approved(client, editor_a, coordinator, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    response = client.post(
        reverse("editing:service_create"), form_data(organization=org_a, name_el="Μαθήματα ελληνικών")
    )
    assert response.status_code == 302
    assert not Service.objects.filter(name_el="Μαθήματα ελληνικών").exists()
    change = ChangeRequest.objects.get()
    assert change.is_new_service
    client.force_login(coordinator)
    queue = client.get(reverse("editing:review_queue"))
    assert "Μαθήματα ελληνικών" in queue.content.decode()
    detail = client.get(reverse("editing:review_detail", args=[change.pk])).content.decode()
    assert "Μαθήματα ελληνικών" in detail and "AR" in detail
    assert review(client, change, "approve").status_code == 302
    service = Service.objects.get(name_el="Μαθήματα ελληνικών")
    assert service.assured_date == timezone.localdate()
    assert sorted(service.languages.values_list("code", flat=True)) == ["ar", "el"]
    assert SearchEntry.objects.filter(service=service).count() == 1
    location = service.service_at_locations.get().location
    assert (round(location.point.y, 2), round(location.point.x, 2)) == (37.99, 23.73)
    assert location.municipality is not None  # areas assigned from the point
    assert Metadata.objects.filter(resource_id=service.pk, last_action_type="create", field_name="name_el").exists()
    assert Metadata.objects.filter(resource_id=location.pk, resource_type="location", field_name="lat").exists()
    change.refresh_from_db()
    assert change.status == "approved" and change.service_id == service.pk


def test_approve_applies_exactly_the_diff_and_keeps_a_concurrent_change(
    client, editor_a, coordinator, service_a, org_a
) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    first = submit(client, service_a, org_a, name_el="Νέο όνομα", **{"hours-0-closes_at": "01:30"})
    second = submit(client, service_a, org_a, capacity_status="waiting_list")  # made from the same published state
    # meanwhile a coordinator edits another field directly
    client.force_login(coordinator)
    direct = form_data(service_a, organization=org_a, description_el="Νέα περιγραφή από συντονιστή")
    assert client.post(reverse("editing:service_edit", args=[service_a.pk]), direct).status_code == 302
    assert review(client, first, "approve", "ok").status_code == 302
    seen = set(Metadata.objects.values_list("id", flat=True))
    assert review(client, second, "approve").status_code == 302
    service = Service.objects.get(pk=service_a.pk)
    assert service.name_el == "Νέο όνομα"
    assert service.capacity_status == "waiting_list"  # second change applied
    assert service.description_el == "Νέα περιγραφή από συντονιστή"  # not clobbered by either change's stale base
    hours = list(service.schedules.values_list("byday", "opens_at", "closes_at"))
    assert [(d, f"{o:%H:%M}", f"{c:%H:%M}") for d, o, c in hours] == [("MO,TU,WE,TH,FR", "09:00", "01:30")]
    # the second approval recorded only the field it changed
    assert set(Metadata.objects.exclude(id__in=seen).values_list("field_name", flat=True)) == {"capacity_status"}
    versions = Version.objects.filter(resource_id=service.pk).order_by("number")
    assert [v.comment.split(":")[0] for v in versions][-2:] == [
        f"Εγκρίθηκε το αίτημα αλλαγής #{first.pk} από Editor_A",
        f"Εγκρίθηκε το αίτημα αλλαγής #{second.pk} από Editor_A",
    ]


def test_reject_leaves_the_record_untouched_and_is_shown(client, editor_a, coordinator, service_a, org_a) -> None:  # noqa: ANN001
    before = service_state(service_a)
    client.force_login(editor_a)
    change = submit(client, service_a, org_a, name_el="Λάθος όνομα")
    client.force_login(coordinator)
    response = review(client, change, "reject")  # no comment: the form again
    assert response.status_code == 200
    assert review(client, change, "reject", "Το όνομα είναι λάθος").status_code == 302
    service_a.refresh_from_db()
    assert service_state(service_a) == before
    change.refresh_from_db()
    assert (change.status, change.reviewed_by, change.review_comment) == (
        "rejected",
        coordinator,
        "Το όνομα είναι λάθος",
    )
    history = client.get(reverse("editing:service_history", args=[service_a.pk])).content.decode()
    assert "Το όνομα είναι λάθος" in history and "Λάθος όνομα" in history
    # the organisation sees the outcome
    client.force_login(editor_a)
    dashboard = client.get(reverse("editing:manage")).content.decode()
    assert "Το όνομα είναι λάθος" in dashboard
    # a reviewed change cannot be approved afterwards
    client.force_login(coordinator)
    review(client, change, "approve")
    service_a.refresh_from_db()
    assert service_a.name_el == before["name_el"]


def test_review_shows_field_by_field_diff(client, editor_a, coordinator, service_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    change = submit(
        client,
        service_a,
        org_a,
        languages=["el", "fa"],
        categories=["health"],
        **{"locations-0-lat": "38.010000", "locations-0-lon": "23.700000"},
    )
    client.force_login(coordinator)
    rows = client.get(reverse("editing:review_detail", args=[change.pk])).context["rows"]
    shown = {row.path: (row.old, row.new) for row in rows}
    assert shown["languages"] == ("EL", "EL, FA")
    assert shown["categories"][1] != shown["categories"][0]
    point = [v for k, v in shown.items() if k.endswith(".point")]
    assert point and point[0][1] == "38.010000, 23.700000"


def test_coordinator_edit_publishes_directly_with_history(client, coordinator, service_a, org_a) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    data = form_data(service_a, organization=org_a, name_el="Άμεσα", **{"locations-0-redacted": "on"})
    assert client.post(reverse("editing:service_edit", args=[service_a.pk]), data).status_code == 302
    service = Service.objects.get(pk=service_a.pk)
    assert service.name_el == "Άμεσα"
    assert service.service_at_locations.get().location.redacted
    assert not ChangeRequest.objects.exists()
    assert Version.objects.filter(resource_id=service.pk).count() == 2  # the state before, then this edit
    assert Metadata.objects.filter(resource_id=service.pk, field_name="name_el", replacement_value="Άμεσα").exists()


def test_bad_input_shows_the_form_again_and_keeps_it(client, editor_a, service_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    data = form_data(
        service_a,
        organization=org_a,
        name_el="Κρατημένο",
        valid_from="2026-05-01",
        valid_to="2026-01-01",
        other_languages="xx1",
        **{"hours-0-closes_at": "09:00", "locations-0-postal_code": "12"},
    )
    response = client.post(reverse("editing:service_edit", args=[service_a.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "valid_to" in form.errors and "other_languages" in form.errors
    assert response.context["hours"].forms[0].non_field_errors()
    assert "postal_code" in response.context["places"].forms[0].errors
    assert 'value="Κρατημένο"' in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_unknown_address_without_pin_is_an_error(client, editor_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    data = form_data(
        organization=org_a,
        **{
            "locations-0-lat": "",
            "locations-0-lon": "",
            "locations-0-address_1": "Qwxz 1",
            "locations-0-city": "Zzqqxx",
        },
    )
    response = client.post(reverse("editing:service_create"), data)
    assert response.status_code == 200
    assert response.context["places"].forms[0].non_field_errors()


def test_address_without_pin_is_geocoded_from_the_gazetteer(client, editor_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    data = form_data(
        organization=org_a,
        **{
            "locations-0-lat": "",
            "locations-0-lon": "",
            "locations-0-address_1": "Φωκίωνος Νέγρη 20",
            "locations-0-city": "Κυψέλη",
        },
    )
    assert client.post(reverse("editing:service_create"), data).status_code == 302
    location = next(iter(ChangeRequest.objects.get().proposed["locations"].values()))
    assert 37.99 < location["lat"] < 38.01 and 23.73 < location["lon"] < 23.76  # Kypseli
    answer = client.get(reverse("editing:geocode"), {"address_1": "Φωκίωνος Νέγρη 20", "city": "Κυψέλη"}).json()
    assert answer["found"] and (answer["lat"], answer["lon"]) == (location["lat"], location["lon"])


def test_metadata_names_created_and_deleted_places(client, coordinator, service_a, org_a) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    old_location = service_a.service_at_locations.get().location
    data = form_data(
        service_a,
        organization=org_a,
        **{
            "locations-0-DELETE": "on",
            "locations-TOTAL_FORMS": "2",
            "locations-1-address_1": "Αχαρνών 2",
            "locations-1-city": "Αθήνα",
            "locations-1-lat": "37.99",
            "locations-1-lon": "23.73",
        },
    )
    assert client.post(reverse("editing:service_edit", args=[service_a.pk]), data).status_code == 302
    new_location = Service.objects.get(pk=service_a.pk).service_at_locations.get().location
    assert new_location.pk != old_location.pk
    deleted = Metadata.objects.filter(resource_id=old_location.pk, resource_type="location")
    assert set(deleted.values_list("last_action_type", flat=True)) == {"delete"}
    assert deleted.get(field_name="address_1").previous_value == "Πανεπιστημίου 10"
    created = Metadata.objects.filter(resource_id=new_location.pk, resource_type="location")
    assert set(created.values_list("last_action_type", flat=True)) == {"create"}
    assert created.get(field_name="address_1").replacement_value == "Αχαρνών 2"
    assert created.get(field_name="address_1").updated_by == "Coord"


def test_a_form_left_open_does_not_undo_changes_made_meanwhile(client, editor_a, coordinator, service_a, org_a) -> None:  # noqa: ANN001
    """The form carries the state it was filled from: only fields the editor changed from it are proposed."""
    client.force_login(editor_a)
    page = client.get(reverse("editing:service_edit", args=[service_a.pk]))
    base_token = page.context["form"].initial["base"]
    stale = form_data(service_a, organization=org_a, name_el="Όνομα από τον συντάκτη", base=base_token)
    client.force_login(coordinator)  # meanwhile the coordinator changes the description and the hours
    direct = form_data(
        service_a, organization=org_a, description_el="Νεότερη περιγραφή", **{"hours-0-opens_at": "08:00"}
    )
    assert client.post(reverse("editing:service_edit", args=[service_a.pk]), direct).status_code == 302
    client.force_login(editor_a)
    change = submit_data(client, service_a, stale)
    assert set(change.proposed) == set(change.base)
    client.force_login(coordinator)
    detail = client.get(reverse("editing:review_detail", args=[change.pk]))
    assert [row.path for row in detail.context["rows"]] == ["name_el"]
    assert review(client, change, "approve").status_code == 302
    service = Service.objects.get(pk=service_a.pk)
    assert service.name_el == "Όνομα από τον συντάκτη"
    assert service.description_el == "Νεότερη περιγραφή"
    assert [f"{s.opens_at:%H:%M}" for s in service.schedules.all()] == ["08:00"]


def test_a_tampered_base_is_ignored(client, editor_a, service_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    change = submit_data(client, service_a, form_data(service_a, organization=org_a, name_el="Χ", base="forged:token"))
    assert change.base == service_state(service_a)


def submit_data(client, service, data):  # noqa: ANN001, ANN201
    response = client.post(reverse("editing:service_edit", args=[service.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return ChangeRequest.objects.order_by("-id").first()
