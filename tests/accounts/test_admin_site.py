"""The admin admits active coordinators only: 403 for anyone else signed in, its login page for anonymous visitors."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.conftest import PASSWORD
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

ADMIN = "/" + settings.ADMIN_URL


def admin_urls(service_a: Any, service_b: Any) -> list[str]:
    return [
        ADMIN,
        f"{ADMIN}services/service/",
        f"{ADMIN}services/service/{service_b.pk}/change/",
        f"{ADMIN}services/service/{service_a.pk}/change/",
        f"{ADMIN}services/service/{service_a.pk}/delete/",
        f"{ADMIN}services/service/add/",
        f"{ADMIN}auth/user/",
        f"{ADMIN}accounts/profile/",
        f"{ADMIN}login/",
        f"{ADMIN}password_change/",
        f"{ADMIN}jsi18n/",
        f"{ADMIN}no-such-page/",
    ]


def test_an_editor_gets_403_on_every_admin_url_their_organisations_services_included(
    client: Client, org_a: Any, org_b: Any, editor_a: Any
) -> None:
    service_a, service_b = ServiceFactory(organization=org_a), ServiceFactory(organization=org_b)
    client.force_login(editor_a)
    for url in admin_urls(service_a, service_b):
        assert client.get(url).status_code == 403, url
    assert "Χωρίς πρόσβαση" in client.get(ADMIN).content.decode()  # our translated 403 page
    response = client.post(f"{ADMIN}services/service/{service_a.pk}/change/", {"name": "changed"})
    assert response.status_code == 403
    service_a.refresh_from_db()
    assert service_a.name != "changed"


def test_an_editor_with_is_staff_is_still_refused(client: Client, org_a: Any, editor_a: Any) -> None:
    editor_a.is_staff = True
    editor_a.save()
    client.force_login(editor_a)
    assert client.get(f"{ADMIN}services/service/").status_code == 403


def test_caseworkers_get_403_and_anonymous_visitors_the_admin_login(
    client: Client, caseworker: Any, org_a: Any
) -> None:
    service = ServiceFactory(organization=org_a)
    response = client.get(f"{ADMIN}services/service/{service.pk}/change/")
    assert response.status_code == 302 and response["Location"].startswith(f"{ADMIN}login/")
    assert client.get(f"{ADMIN}login/").status_code == 200
    client.force_login(caseworker)
    assert client.get(ADMIN).status_code == 403


def test_a_coordinator_without_is_staff_signs_in_and_uses_the_admin(client: Client, coordinator: Any) -> None:
    service = ServiceFactory()
    assert not coordinator.is_staff
    response = client.post(f"{ADMIN}login/", {"username": "coord", "password": PASSWORD, "next": ADMIN})
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert client.get(f"{ADMIN}services/service/").status_code == 200
    page = client.get(f"{ADMIN}services/service/{service.pk}/change/")
    assert page.status_code == 200 and b'name="name_el"' in page.content  # a change form, not read-only
    home = client.get("/").content.decode()
    assert f'href="{ADMIN}"' in home  # the Administration link shows for coordinators


def test_others_cannot_sign_in_through_the_admin_login(
    client: Client, editor_a: Any, coordinator: Any, caseworker: Any
) -> None:
    coordinator.is_active = False
    coordinator.save()
    for name in ("editor_a", "casey", "coord"):
        response = client.post(f"{ADMIN}login/", {"username": name, "password": PASSWORD, "next": ADMIN})
        assert response.status_code == 200, name  # the form again, with an error
        assert "_auth_user_id" not in client.session


def test_the_administration_link_is_hidden_from_editors(client: Client, editor_a: Any) -> None:
    client.force_login(editor_a)
    assert f'href="{ADMIN}"' not in client.get("/").content.decode()
