"""People's rights: download one's own data (complete, nobody else's), erase one's account, a coordinator erases
someone's; and the privacy page, written from the retention settings."""

import json
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import Invitation, Profile, Role, SavedSearch
from editing.models import ChangeRequest, Version
from feedback.models import ProblemKind, ProblemReport, ReportStatus
from tests.accounts.conftest import PASSWORD, person
from tests.factories import OrganizationFactory, ServiceAtLocationFactory

from .test_purge import edit_as

pytestmark = pytest.mark.django_db


def test_my_data_has_every_kind_and_nobody_elses(client: Any, coordinator: Any, editor: Any, org: Any) -> None:
    other = person("zoe", Role.EDITOR, (OrganizationFactory(name="Ξένη"),), email="zoe@example.org")
    service = ServiceAtLocationFactory(service__organization=org, location__organization=org).service
    edit_as(editor, service, "Edited by Eleni Papadopoulou")
    edit_as(other, service, "Edited by zoe")
    SavedSearch.objects.create(user=editor, name="Κυψέλη υγεία", query="place=Κυψέλη&category=health")
    SavedSearch.objects.create(user=other, name="zoe-search", query="place=Πατήσια")
    Invitation.objects.create(
        email="invitee@example.org", role=Role.CASEWORKER, invited_by=editor, sent_at="2026-01-01T00:00Z"
    )
    Invitation.objects.create(
        email="notmine@example.org", role=Role.CASEWORKER, invited_by=other, sent_at="2026-01-01T00:00Z"
    )
    ChangeRequest.objects.create(
        organization=org, service=service, service_name="S", proposed={}, note="my note", submitted_by=editor
    )
    ChangeRequest.objects.create(
        organization=org, service=service, service_name="S", proposed={}, note="their note", submitted_by=other
    )
    ProblemReport.objects.create(service=service, kind=ProblemKind.OTHER, contact_email=editor.email, text="my report")
    ProblemReport.objects.create(
        service=service, kind=ProblemKind.OTHER, contact_email="x@example.org", text="not mine"
    )

    client.force_login(editor)
    response = client.get(reverse("privacy:my_data"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "eleni" and data["account"]["email"] == "eleni@example.org"
    assert data["account"]["last_name"] == "Papadopoulou"
    assert data["role"] == Role.EDITOR
    assert [o["name_el"] for o in data["organisations"]] == ["Άλφα Αλληλεγγύη"]
    assert [s["name"] for s in data["saved_searches"]] == ["Κυψέλη υγεία"]
    assert [i["email"] for i in data["invitations_sent"]] == ["invitee@example.org"]
    assert [v["comment"] for v in data["changes"]["versions"]] == ["Edited by Eleni Papadopoulou"]
    assert {m["updated_by"] for m in data["changes"]["metadata"]} == {"Eleni Papadopoulou"}
    assert [c["note"] for c in data["changes"]["change_requests_submitted"]] == ["my note"]
    assert [r["text"] for r in data["problem_reports_sent"]] == ["my report"]
    text = response.content.decode()
    for trace in ("zoe", "notmine", "Ξένη", "their note", "not mine", "x@example.org", "coord"):
        assert trace not in text, trace


def test_my_data_needs_sign_in(client: Any) -> None:
    assert client.get(reverse("privacy:my_data"))["Location"].startswith("/accounts/login/")
    assert client.post(reverse("privacy:erase_me"))["Location"].startswith("/accounts/login/")


def test_a_person_erases_their_own_account_with_their_password(client: Any, editor: Any, org: Any) -> None:
    service = ServiceAtLocationFactory(service__organization=org, location__organization=org).service
    edit_as(editor, service, "Edited by Eleni Papadopoulou")
    client.force_login(editor)
    assert client.post(reverse("privacy:erase_me"), {"password": "wrong"}).status_code == 400
    editor.refresh_from_db()
    assert editor.username == "eleni"
    response = client.post(reverse("privacy:erase_me"), {"password": PASSWORD})
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.username == f"former-{editor.pk}" and not editor.is_active and editor.email == ""
    assert Profile.objects.get(user=editor).anonymised_at is not None
    assert client.get(reverse("accounts:account")).status_code == 302  # signed out
    assert Version.objects.filter(resource_id=service.pk).count() == 2  # history intact
    assert "Eleni" not in Version.objects.get(resource_id=service.pk, number=2).comment


def test_only_coordinators_erase_someone(client: Any, coordinator: Any, editor: Any, org: Any) -> None:
    url = reverse("privacy:person_erase", args=[editor.pk])
    assert client.post(url)["Location"].startswith("/accounts/login/")
    for role in (Role.CASEWORKER, Role.EDITOR):
        client.force_login(person(f"p-{role}", role, (org,)))
        assert client.post(url).status_code == 403
    editor.refresh_from_db()
    assert editor.username == "eleni"
    client.force_login(coordinator)
    page = client.get(reverse("accounts:person_edit", args=[editor.pk])).content.decode()
    assert url in page
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    editor.refresh_from_db()
    assert editor.username == f"former-{editor.pk}"
    # a coordinator cannot erase themselves from the people page
    client.post(reverse("privacy:person_erase", args=[coordinator.pk]))
    coordinator.refresh_from_db()
    assert coordinator.username == "coord"


@override_settings(PRIVACY_REPORT_EMAIL_DAYS=45, PRIVACY_INACTIVE_ACCOUNT_MONTHS=18, SESSION_COOKIE_AGE=4 * 3600)
def test_privacy_page_states_the_settings_in_both_languages(client: Any) -> None:
    greek = client.get("/privacy/")
    assert greek.status_code == 200
    text = greek.content.decode()
    assert "45 ημέρες μετά την επίλυση" in text and "18 μήνες" in text and "4 ώρες" in text
    english = client.get("/en/privacy/").content.decode()
    assert "Deleted 45 days after the report is resolved" in english and "18 months" in english
    assert 'href="/en/privacy/"' in english  # the footer link


@pytest.mark.parametrize(
    "url",
    ["/accounts/password/reset/", "/accounts/people/"],
)
def test_forms_taking_an_email_link_to_the_privacy_page(client: Any, coordinator: Any, url: str) -> None:
    client.force_login(coordinator)
    assert client.get(url).content.decode().count('href="/privacy/"') >= 2  # the form's own link and the footer


def test_report_form_links_to_the_privacy_page(client: Any) -> None:
    service = ServiceAtLocationFactory().service
    page = client.get(reverse("services:detail", args=[service.pk])).content.decode()
    assert page.count('href="/privacy/"') >= 2
    assert ReportStatus.OPEN  # the form is the one on the service page
