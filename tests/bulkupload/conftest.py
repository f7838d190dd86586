"""Fixtures of the bulk upload tests: people of each role, an organisation, and a snapshot of the directory tables."""

import csv
import io
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Profile, Role
from services.models import Organization
from tests.factories import OrganizationFactory

PASSWORD = "x-Long-enough-9"


def make_user(name: str, role: str | None, **extra: Any) -> Any:
    user = get_user_model().objects.create_user(username=name, password=PASSWORD, **extra)
    if role:
        Profile.objects.create(user=user, role=role)
    return user


@pytest.fixture
def coordinator() -> Any:
    return make_user("coordinator", Role.COORDINATOR)


@pytest.fixture
def coordinator_client(coordinator: Any) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.fixture
def organization() -> Organization:
    return OrganizationFactory(name="Ελληνικό Συμβούλιο για τους Πρόσφυγες", name_en="Greek Council for Refugees")


def directory_snapshot() -> dict[str, set[Any]]:
    """The ids in every table of the service directory (counts and ids together)."""
    return {
        model.__name__: set(model.objects.values_list("pk", flat=True))
        for model in apps.get_app_config("services").get_models()
    }


def csv_bytes(rows: list[list[Any]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
