"""Coordinators invite people by email and manage their roles; the emailed link works once and expires."""

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings

from accounts.models import Invitation, Role
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PEOPLE = "/accounts/people/"
NEW_PASSWORD = "Kalimera-Athina-2026"


def invite(client: Client, **data: Any) -> Any:
    return client.post(PEOPLE, {"role": Role.EDITOR, **data})


def link_in(message: Any) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_anonymous_visitors_go_to_sign_in_and_others_get_403(
    client: Client, editor_a: Any, caseworker: Any, coordinator: Any
) -> None:
    for url in (PEOPLE, f"/accounts/people/{editor_a.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert client.post(PEOPLE, {"email": "x@example.org", "role": Role.COORDINATOR}).status_code == 302
    for user in (editor_a, caseworker):
        client.force_login(user)
        assert client.get(PEOPLE).status_code == 403
        assert client.post(PEOPLE, {"email": "x@example.org", "role": Role.COORDINATOR}).status_code == 403
        assert client.get(f"/accounts/people/{coordinator.pk}/").status_code == 403
    assert not Invitation.objects.exists() and not mail.outbox


def test_an_invited_editor_activates_once_and_signs_in_as_editor_of_their_organisation(
    client: Client, coordinator: Any, org_a: Any, org_b: Any
) -> None:
    client.force_login(coordinator)
    response = invite(client, email="new.editor@example.org", organizations=[str(org_a.pk)])
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["new.editor@example.org"]]
    link = link_in(mail.outbox[0])
    assert org_a.name in mail.outbox[0].body
    page = client.get(PEOPLE).content.decode()
    assert "new.editor@example.org" in page  # listed as pending

    visitor = Client()
    assert visitor.get(link).status_code == 200
    weak = visitor.post(link, {"username": "neweditor", "password1": "123", "password2": "123"})
    assert weak.status_code == 400 and not get_user_model().objects.filter(username="neweditor").exists()
    done = visitor.post(link, {"username": "neweditor", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/"  # signed in straight away
    user = get_user_model().objects.get(username="neweditor")
    assert visitor.get("/accounts/").context["user"] == user
    assert user.email == "new.editor@example.org" and user.is_active
    assert user.profile.role == Role.EDITOR
    assert set(user.profile.organizations.all()) == {org_a}

    # the link is spent
    assert visitor.get(link).status_code == 404
    again = visitor.post(link, {"username": "second", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert again.status_code == 404 and not get_user_model().objects.filter(username="second").exists()

    # they sign in (by email) and see their organisation
    assert visitor.post("/accounts/login/", {"username": user.email, "password": NEW_PASSWORD}).status_code == 302
    home = visitor.get("/accounts/").content.decode()
    assert org_a.name in home and org_b.name not in home


def test_links_expire_after_the_configured_days(client: Client, coordinator: Any) -> None:
    client.force_login(coordinator)
    invite(client, email="late@example.org", role=Role.CASEWORKER)
    link = link_in(mail.outbox[0])
    with override_settings(ACCOUNTS_INVITATION_DAYS=-1):  # as if the days had passed
        assert Client().get(link).status_code == 404
    assert Client().get(link).status_code == 200


def test_resending_replaces_the_link_and_withdrawing_kills_it(client: Client, coordinator: Any) -> None:
    client.force_login(coordinator)
    invite(client, email="cw@example.org", role=Role.CASEWORKER)
    first = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    assert client.post(f"/accounts/invitations/{invitation.pk}/resend/").status_code == 302
    second = link_in(mail.outbox[1])
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert client.post(f"/accounts/invitations/{invitation.pk}/revoke/").status_code == 302
    assert Client().get(second).status_code == 404


def test_a_forged_or_tampered_link_is_refused(client: Client, coordinator: Any) -> None:
    client.force_login(coordinator)
    invite(client, email="cw@example.org", role=Role.CASEWORKER)
    link = link_in(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert Client().get(tampered).status_code == 404
    assert Client().get("/accounts/invitation/not-a-token/").status_code == 404


def test_invitation_form_errors(client: Client, coordinator: Any, editor_a: Any) -> None:
    client.force_login(coordinator)
    no_org = invite(client, email="x@example.org")
    assert no_org.status_code == 400 and "Επιλέξτε τουλάχιστον μία οργάνωση" in no_org.content.decode()
    taken = invite(client, email=editor_a.email.upper(), role=Role.CASEWORKER)
    assert taken.status_code == 400
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_coordinator_changes_a_role_and_deactivates_someone(
    client: Client, coordinator: Any, caseworker: Any, org_b: Any
) -> None:
    client.force_login(coordinator)
    url = f"/accounts/people/{caseworker.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"role": Role.EDITOR, "organizations": [str(org_b.pk)], "is_active": "on"})
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.profile.role == Role.EDITOR and set(caseworker.profile.organizations.all()) == {org_b}
    people = client.get(PEOPLE).content.decode()
    assert org_b.name in people

    signed_in = Client()
    signed_in.force_login(caseworker)
    assert signed_in.get("/accounts/").status_code == 200
    client.post(url, {"role": Role.EDITOR, "organizations": [str(org_b.pk)]})  # is_active unticked
    caseworker.refresh_from_db()
    assert not caseworker.is_active
    assert signed_in.get("/accounts/").status_code == 302  # their session no longer counts
    assert Client().post("/accounts/login/", {"username": "casey", "password": PASSWORD}).status_code == 200


def test_coordinators_cannot_lock_themselves_out_nor_edit_superusers(client: Client, coordinator: Any) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(coordinator)
    response = client.post(f"/accounts/people/{coordinator.pk}/", {"role": Role.CASEWORKER, "is_active": "on"})
    assert response.status_code == 400
    coordinator.refresh_from_db()
    assert coordinator.profile.role == Role.COORDINATOR
    assert client.get(f"/accounts/people/{root.pk}/").status_code == 404


def test_the_people_page_reads_in_a_fixed_number_of_queries(
    client: Client, coordinator: Any, make_person: Any, org_a: Any, org_b: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        make_person(f"editor{n}", Role.EDITOR, (org_a, org_b))
    client.force_login(coordinator)
    for n in range(5):
        invite(client, email=f"new{n}@example.org", organizations=[str(org_a.pk)])
    with django_assert_max_num_queries(12):
        page = client.get(PEOPLE)
    assert page.status_code == 200 and page.content.decode().count(org_b.name) >= 15


def test_anonymous_visitors_and_editors_cannot_resend_or_withdraw_invitations(
    client: Client, coordinator: Any, editor_a: Any
) -> None:
    client.force_login(coordinator)
    invite(client, email="cw@example.org", role=Role.CASEWORKER)
    invitation = Invitation.objects.get()
    link = link_in(mail.outbox[0])
    for user in (None, editor_a):
        other = Client()
        if user:
            other.force_login(user)
        for action in ("resend", "revoke"):
            response = other.post(f"/accounts/invitations/{invitation.pk}/{action}/")
            assert response.status_code == (403 if user else 302), (user, action)
    assert len(mail.outbox) == 1 and Client().get(link).status_code == 200  # nothing resent or withdrawn
