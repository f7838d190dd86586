"""Fixtures for the report-a-problem tests: the editing tests' people and services, an empty rate-limit cache."""

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from accounts.models import Role
from tests.editing.conftest import (  # noqa: F401 - fixtures re-exported
    caseworker,
    coordinator,
    editor_a,
    make_user,
    org_a,
    org_b,
    published_service,
    service_a,
    service_b,
)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """The rate limit counts in the default cache (locmem in tests): every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor_b(org_b) -> User:  # noqa: ANN001, F811
    return make_user("editor_b", Role.EDITOR, [org_b])
