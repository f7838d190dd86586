"""People, organisations and services for the freshness tests (the editing tests' helpers, reused)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from tests.editing.conftest import (  # noqa: F401 - fixtures re-exported
    caseworker,
    coordinator,
    editor_a,
    make_user,
    org_a,
    org_b,
    published_service,
)

ATHENS = ZoneInfo("Europe/Athens")


def athens(year: int, month: int, day: int) -> datetime:
    """Noon in Athens on that day (a frozen clock for time_machine)."""
    return datetime(year, month, day, 12, tzinfo=ATHENS)


@pytest.fixture
def editor_b(org_b) -> User:  # noqa: ANN001, F811
    return make_user("editor_b", Role.EDITOR, [org_b])


def en_url(name: str, *args: object) -> str:
    """The English page's path (reverse follows the active language, which an /en/ request leaves behind)."""
    with translation.override("el"):
        return "/en" + reverse(name, args=args)
