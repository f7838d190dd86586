"""People with each role, for the accounts tests."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Profile, Role
from tests.factories import OrganizationFactory

PASSWORD = "a-Long-enough-pass-9"


def person(name: str, role: str | None, organizations: tuple = (), **extra: Any) -> Any:
    """A user with a password of PASSWORD and, when `role` is given, a profile with that role."""
    user = get_user_model().objects.create_user(
        username=name, email=extra.pop("email", f"{name}@example.org"), password=PASSWORD, **extra
    )
    if role:
        profile = Profile.objects.create(user=user, role=role)
        profile.organizations.set(organizations)
    return user


@pytest.fixture
def make_person() -> Callable[..., Any]:
    return person


@pytest.fixture
def org_a() -> Any:
    return OrganizationFactory(name="Άλφα Αλληλεγγύη", name_el="Άλφα Αλληλεγγύη", name_en="Alpha Solidarity")


@pytest.fixture
def org_b() -> Any:
    return OrganizationFactory(name="Βήτα Βοήθεια", name_el="Βήτα Βοήθεια", name_en="Beta Help")


@pytest.fixture
def coordinator() -> Any:
    return person("coord", Role.COORDINATOR)


@pytest.fixture
def editor_a(org_a: Any) -> Any:
    return person("editor_a", Role.EDITOR, (org_a,))


@pytest.fixture
def caseworker() -> Any:
    return person("casey", Role.CASEWORKER)
