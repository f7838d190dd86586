"""People and a published service for the editing tests; POST data for the service form."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from accounts.models import Profile, Role
from tests.factories import AddressFactory, OrganizationFactory, ScheduleFactory, ServiceAtLocationFactory, term


def make_user(username: str, role: str | None, organizations: list[Any] = ()) -> User:  # type: ignore[assignment]
    """A person with a profile of `role` (None: no profile, a plain account)."""
    user = User.objects.create_user(username=username, password="pw-" + username, first_name=username.title())
    if role is not None:
        profile = Profile.objects.create(user=user, role=role)
        profile.organizations.set(organizations)
    return user


@pytest.fixture
def org_a():  # noqa: ANN201
    return OrganizationFactory(name="Οργάνωση Α", name_el="Οργάνωση Α", name_en="Organisation A")


@pytest.fixture
def org_b():  # noqa: ANN201
    return OrganizationFactory(name="Οργάνωση Β", name_el="Οργάνωση Β", name_en="Organisation B")


@pytest.fixture
def editor_a(org_a) -> User:  # noqa: ANN001
    return make_user("editor_a", Role.EDITOR, [org_a])


@pytest.fixture
def coordinator() -> User:
    return make_user("coord", Role.COORDINATOR)


@pytest.fixture
def caseworker() -> User:
    return make_user("caseworker", Role.CASEWORKER)


def published_service(organization: Any, **kwargs: Any) -> Any:
    """A published service with one location (address, point), weekday hours, a language and a category."""
    sal = ServiceAtLocationFactory(
        service__organization=organization,
        service__name_el=kwargs.pop("name_el", "Νομική βοήθεια"),
        service__name_en="Legal aid",
        service__description_el="Παλιά περιγραφή",
        location__organization=organization,
        **kwargs,
    )
    AddressFactory(location=sal.location, address_1="Πανεπιστημίου 10", city="Αθήνα", postal_code="10671")
    ScheduleFactory(service=sal.service)
    sal.service.languages.create(code="el")
    sal.service.categories.set([term("rights-legal")])
    return sal.service


@pytest.fixture
def service_a(org_a):  # noqa: ANN001, ANN201
    return published_service(org_a)


@pytest.fixture
def service_b(org_b):  # noqa: ANN001, ANN201
    return published_service(org_b, name_el="Υπηρεσία Β")


def form_data(service: Any | None = None, *, organization: Any, **overrides: Any) -> dict[str, Any]:
    """POST data of the service form: the published state of `service` (or a small new one), then `overrides`."""
    from editing.state import service_state

    state = service_state(service) if service else None
    data: dict[str, Any] = {
        "organization": str(organization.pk),
        "name_el": state["name_el"] if state else "Νέα υπηρεσία",
        "name_en": state["name_en"] if state else "New service",
        "description_el": state["description_el"] if state else "",
        "capacity_status": state["capacity_status"] if state else "accepting",
        "free_of_charge": "on" if (state["free_of_charge"] if state else True) else "",
        "categories": state["categories"] if state else ["rights-legal"],
        "languages": state["languages"] if state else ["el", "ar"],
    }
    hours = state["hours"] if state else [{"byday": "MO,TU", "opens_at": "09:00", "closes_at": "15:00"}]
    data.update({"hours-TOTAL_FORMS": str(len(hours)), "hours-INITIAL_FORMS": str(len(hours))})
    for i, row in enumerate(hours):
        data[f"hours-{i}-days"] = row["byday"].split(",")
        data[f"hours-{i}-opens_at"] = row["opens_at"]
        data[f"hours-{i}-closes_at"] = row["closes_at"]
    locations = (
        list(state["locations"].items())
        if state
        else [
            (
                "",
                {
                    "address_1": "Αχαρνών 50",
                    "postal_code": "10433",
                    "city": "Αθήνα",
                    "lat": 37.99,
                    "lon": 23.73,
                    "name_el": "",
                    "name_en": "",
                    "redacted": False,
                },
            )
        ]
    )
    data.update(
        {"locations-TOTAL_FORMS": str(len(locations)), "locations-INITIAL_FORMS": str(len(locations) if state else 0)}
    )
    for i, (key, loc) in enumerate(locations):
        data[f"locations-{i}-key"] = key
        for field in ("name_el", "name_en", "address_1", "postal_code", "city", "lat", "lon"):
            data[f"locations-{i}-{field}"] = "" if loc[field] is None else loc[field]
        if loc["redacted"]:
            data[f"locations-{i}-redacted"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
