"""People and a frozen clock for the privacy tests."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Role
from tests.accounts.conftest import person
from tests.factories import OrganizationFactory

ATHENS = ZoneInfo("Europe/Athens")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=ATHENS)


def at(moment: datetime) -> Any:
    """A frozen clock at `moment` (records made inside get their auto_now_add dates from it)."""
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    with at(NOW):
        yield NOW


@pytest.fixture
def org() -> Any:
    return OrganizationFactory(name="Άλφα Αλληλεγγύη", name_el="Άλφα Αλληλεγγύη", name_en="Alpha Solidarity")


@pytest.fixture
def coordinator() -> Any:
    return person("coord", Role.COORDINATOR)


@pytest.fixture
def editor(org: Any) -> Any:
    return person("eleni", Role.EDITOR, (org,), first_name="Eleni", last_name="Papadopoulou", email="eleni@example.org")
