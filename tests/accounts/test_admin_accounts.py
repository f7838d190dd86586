"""Coordinators use the admin for the directory, never for accounts: no admin path changes a password, a role, a flag,
a group or a permission (a coordinator could otherwise take over a superuser). Superusers keep those pages."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Profile, Role
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Taken-over-by-coord-42"


def refused(response: Any) -> bool:
    """403, or a redirect to the admin's sign-in page (the admin's answer when a page is not one's to see)."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.fixture
def superuser() -> Any:
    return get_user_model().objects.create_superuser(username="root", email="root@example.org", password=PASSWORD)


@pytest.fixture
def group() -> Group:
    return Group.objects.create(name="directory")


def account_snapshot(user: Any) -> tuple:
    user.refresh_from_db()
    profile = Profile.objects.filter(user=user).first()
    return (
        user.password,
        user.username,
        user.email,
        user.is_superuser,
        user.is_staff,
        user.is_active,
        sorted(user.groups.values_list("pk", flat=True)),
        sorted(user.user_permissions.values_list("pk", flat=True)),
        profile.role if profile else None,
    )


def attempts(target: Any, group: Group, coordinator: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every admin page that writes accounts, with the form a coordinator would send to take `target` over."""
    permission = Permission.objects.get(codename="change_user")
    user_change = {
        "username": target.username,
        "email": "coord@example.org",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [group.pk],
        "user_permissions": [permission.pk],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
    }
    profile = Profile.objects.get(user=coordinator)
    return [
        (reverse("admin:auth_user_change", args=[target.pk]), user_change),
        (
            reverse("admin:auth_user_password_change", args=[target.pk]),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        ),
        (reverse("admin:auth_user_delete", args=[target.pk]), {"post": "yes"}),
        (reverse("admin:auth_user_changelist"), {"action": "delete_selected", "_selected_action": [target.pk]}),
        (
            reverse("admin:auth_user_add"),
            {"username": "mole", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        ),
        (reverse("admin:auth_group_add"), {"name": "admins", "permissions": [permission.pk]}),
        (reverse("admin:auth_group_change", args=[group.pk]), {"name": "directory", "permissions": [permission.pk]}),
        (reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}),
        (reverse("admin:accounts_profile_change", args=[profile.pk]), {"user": coordinator.pk, "role": Role.EDITOR}),
        (reverse("admin:accounts_profile_add"), {"user": target.pk, "role": Role.EDITOR}),
        (reverse("admin:accounts_profile_delete", args=[profile.pk]), {"post": "yes"}),
    ]


def test_a_coordinator_cannot_take_over_a_superuser_through_the_admin(
    client: Client, coordinator: Any, superuser: Any, group: Group
) -> None:
    client.force_login(coordinator)
    before = account_snapshot(superuser), account_snapshot(coordinator), Group.objects.get(pk=group.pk)
    for url, data in attempts(superuser, group, coordinator):
        assert refused(client.get(url)), url
        assert refused(client.post(url, data)), url
    assert (account_snapshot(superuser), account_snapshot(coordinator), Group.objects.get(pk=group.pk)) == before
    assert not group.permissions.exists()
    assert not get_user_model().objects.filter(username="mole").exists()
    assert Group.objects.count() == 1 and Profile.objects.count() == 1
    assert Client().login(username="root", password=PASSWORD)  # the superuser's own password still works


def test_a_coordinator_cannot_change_another_persons_account_either(
    client: Client, coordinator: Any, editor_a: Any, group: Group
) -> None:
    client.force_login(coordinator)
    before = account_snapshot(editor_a)
    for url, data in attempts(editor_a, group, coordinator)[:4]:
        assert refused(client.post(url, data)), url
    assert account_snapshot(editor_a) == before


def test_the_admin_does_not_list_accounts_to_coordinators_but_keeps_the_directory(
    client: Client, coordinator: Any
) -> None:
    client.force_login(coordinator)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:services_service_changelist") in index.content.decode()
    for name in ("admin:auth_user_changelist", "admin:auth_group_changelist", "admin:accounts_profile_changelist"):
        assert reverse(name) not in index.content.decode(), name
        assert refused(client.get(reverse(name))), name
    assert client.get(reverse("admin:app_list", args=["auth"])).status_code == 404  # the admin's answer: no such app
    invitation = Invitation.objects.create(
        email="new@example.org", role=Role.EDITOR, invited_by=coordinator, sent_at=timezone.now(), nonce="n"
    )
    assert client.get(reverse("admin:accounts_invitation_change", args=[invitation.pk])).status_code == 200  # view
    response = client.post(reverse("admin:accounts_invitation_delete", args=[invitation.pk]), {"post": "yes"})
    assert refused(response) and Invitation.objects.filter(pk=invitation.pk).exists()


def test_a_superuser_still_manages_accounts_in_the_admin(client: Client, superuser: Any, editor_a: Any) -> None:
    client.force_login(superuser)
    assert client.get(reverse("admin:auth_user_change", args=[editor_a.pk])).status_code == 200
    url = reverse("admin:auth_user_password_change", args=[editor_a.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    editor_a.refresh_from_db()
    assert editor_a.check_password(NEW_PASSWORD)
