"""The role rules of accounts.permissions, on real rows."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from accounts.models import Profile, Role
from accounts.permissions import can_edit_organization, editable_organization_ids, is_coordinator, scope_to_editable
from services.models import Service
from tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def make_user(name: str, role: str | None, organizations: tuple = (), **extra: object):  # noqa: ANN201
    user = get_user_model().objects.create_user(username=name, password="x-Long-enough-9", **extra)
    if role:
        profile = Profile.objects.create(user=user, role=role)
        profile.organizations.set(organizations)
    return user


def test_editor_reaches_only_their_organisations() -> None:
    a, b = OrganizationFactory(), OrganizationFactory()
    service_a, service_b = ServiceFactory(organization=a), ServiceFactory(organization=b)
    editor = make_user("editor", Role.EDITOR, (a,))
    assert editable_organization_ids(editor) == {a.id}
    assert can_edit_organization(editor, a.id) and not can_edit_organization(editor, b.id)
    assert set(scope_to_editable(Service.objects.all(), editor)) == {service_a}
    assert service_b not in scope_to_editable(Service.objects.all(), editor)


def test_coordinators_and_superusers_reach_everything() -> None:
    a = OrganizationFactory()
    for user in (make_user("coord", Role.COORDINATOR), make_user("root", None, is_superuser=True)):
        assert is_coordinator(user)
        assert editable_organization_ids(user) is None
        assert can_edit_organization(user, a.id)


def test_caseworkers_anonymous_and_profileless_users_edit_nothing() -> None:
    a = OrganizationFactory()
    ServiceFactory(organization=a)
    for user in (make_user("cw", Role.CASEWORKER), make_user("plain", None), AnonymousUser()):
        assert not is_coordinator(user)
        assert editable_organization_ids(user) == set()
        assert not can_edit_organization(user, a.id)
        assert not scope_to_editable(Service.objects.all(), user).exists()
