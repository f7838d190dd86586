"""One-click “still accurate”: who may press it, what it records, and that it brings a hidden service back."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from editing.models import ChangeRequest, Version
from services.models import Metadata, Service
from tests.freshness.conftest import athens, en_url, published_service

pytestmark = pytest.mark.django_db


def _confirm_url(service: Service) -> str:
    return reverse("freshness:confirm", args=[service.pk])


def _old(service: Service, days: int) -> Service:
    Service.objects.filter(pk=service.pk).update(assured_date=date.today() - timedelta(days=days))
    service.refresh_from_db()
    return service


def test_editor_confirms_own_service_sets_assured_date_and_records_metadata(client, editor_a, org_a) -> None:  # noqa: ANN001
    editor_a.email = "eleni@example.org"
    editor_a.save()
    org_a.email = "info@stegi.example.org"
    org_a.save()
    service = _old(published_service(org_a), 300)
    previous = service.assured_date
    client.force_login(editor_a)
    response = client.post(_confirm_url(service), {"next": reverse("editing:manage")})
    assert response.status_code == 302 and response["Location"] == reverse("editing:manage")
    service.refresh_from_db()
    assert service.assured_date == date.today()
    assert service.assurer_email == "info@stegi.example.org"  # published by HSDS: the organisation, not the person
    row = Metadata.objects.get(resource_id=service.pk, last_action_type="verify")
    assert (row.field_name, row.previous_value, row.replacement_value) == (
        "assured_date",
        previous.isoformat(),
        date.today().isoformat(),
    )
    assert row.user == editor_a
    # a confirmation is not a change: nothing to moderate, no new version
    assert not ChangeRequest.objects.exists()
    assert not Version.objects.filter(resource_id=service.pk).exists()


def test_confirm_refuses_foreign_redirects(client, editor_a, org_a) -> None:  # noqa: ANN001
    service = published_service(org_a)
    client.force_login(editor_a)
    response = client.post(_confirm_url(service), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("services:detail", args=[service.pk])


def test_coordinator_confirms_any_service(client, coordinator, org_b) -> None:  # noqa: ANN001
    service = _old(published_service(org_b), 400)
    client.force_login(coordinator)
    assert client.post(_confirm_url(service)).status_code == 302
    service.refresh_from_db()
    assert service.assured_date == date.today()


def test_editor_of_a_cannot_confirm_b(client, editor_a, org_b) -> None:  # noqa: ANN001
    service = _old(published_service(org_b), 300)
    client.force_login(editor_a)
    assert client.post(_confirm_url(service)).status_code == 404
    assert client.post(reverse("freshness:confirm_organization", args=[org_b.pk])).status_code == 404
    service.refresh_from_db()
    assert service.assured_date == date.today() - timedelta(days=300)


def test_anonymous_goes_to_login_and_caseworker_gets_403(client, caseworker, org_a) -> None:  # noqa: ANN001
    service = _old(published_service(org_a), 300)
    response = client.post(_confirm_url(service))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(caseworker)
    assert client.post(_confirm_url(service)).status_code == 403
    assert client.post(reverse("freshness:confirm_organization", args=[service.organization_id])).status_code == 403
    service.refresh_from_db()
    assert service.assured_date == date.today() - timedelta(days=300)


def test_confirm_is_post_only(client, editor_a, org_a) -> None:  # noqa: ANN001
    service = _old(published_service(org_a), 300)
    client.force_login(editor_a)
    assert client.get(_confirm_url(service)).status_code == 405


def test_confirm_all_of_an_organisation_touches_only_those_that_need_it(client, editor_a, org_a, org_b) -> None:  # noqa: ANN001
    stale = _old(published_service(org_a, name_el="Παλιά"), 250)
    hidden = _old(published_service(org_a, name_el="Κρυμμένη"), 500)
    fresh = _old(published_service(org_a, name_el="Φρέσκια"), 10)
    other = _old(published_service(org_b, name_el="Άλλη"), 500)
    client.force_login(editor_a)
    response = client.post(reverse("freshness:confirm_organization", args=[org_a.pk]), follow=True)
    assert "2" in response.content.decode()
    assured = dict(Service.objects.values_list("pk", "assured_date"))
    assert assured[stale.pk] == assured[hidden.pk] == date.today()
    assert assured[fresh.pk] == date.today() - timedelta(days=10)
    assert assured[other.pk] == date.today() - timedelta(days=500)
    assert set(Metadata.objects.filter(last_action_type="verify").values_list("resource_id", flat=True)) == {
        stale.pk,
        hidden.pk,
    }


def _search_ids(client) -> tuple[set[str], set[str]]:  # noqa: ANN001
    nearby = client.get("/api/nearby/", {"lat": 37.9838, "lon": 23.7275, "radius_m": 2000}).json()
    page = client.get("/en/", {"lat": 37.9838, "lon": 23.7275}).content.decode()
    return {f["id"] for f in nearby["features"]}, page


def test_hidden_service_leaves_search_and_comes_back_after_one_click(client, editor_a, org_a) -> None:  # noqa: ANN001
    with time_machine.travel(athens(2025, 1, 10), tick=False):
        service = published_service(org_a, name_el="Ξεχασμένη υπηρεσία")
        Service.objects.filter(pk=service.pk).update(name_en="Forgotten service")
    sal_id = str(service.service_at_locations.get().pk)

    # six months and a bit later: still found, but needs re-confirmation
    with time_machine.travel(athens(2025, 8, 1), tick=False):
        ids, page = _search_ids(client)
        assert sal_id in ids and "Forgotten service" in page
    # a year and a bit: hidden from / and /api/nearby/, its page still answers and says so
    with time_machine.travel(athens(2026, 1, 20), tick=False):
        ids, page = _search_ids(client)
        assert sal_id not in ids and "Forgotten service" not in page
        detail = client.get(en_url("services:detail", service.pk))
        assert detail.status_code == 200
        assert "Hidden from search until confirmed" in detail.content.decode()

        client.force_login(editor_a)
        response = client.post(_confirm_url(service))
        assert response.status_code == 302
        client.logout()
        ids, page = _search_ids(client)
        assert sal_id in ids and "Forgotten service" in page
        service.refresh_from_db()
        assert service.assured_date == date(2026, 1, 20)
