"""People, organisations and one of each record for the community tests."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from accounts.models import Role
from community.models import Activity, ModerationStatus, OpenCall, ToolkitEntry
from tests.editing.conftest import make_user
from tests.factories import OrganizationFactory, term

ATHENS_TZ = timezone.get_fixed_timezone(120)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def org_a():  # noqa: ANN201
    return OrganizationFactory(name="Οργάνωση Α", name_el="Οργάνωση Α", name_en="Organisation A")


@pytest.fixture
def org_b():  # noqa: ANN201
    return OrganizationFactory(name="Οργάνωση Β", name_el="Οργάνωση Β", name_en="Organisation B")


@pytest.fixture
def editor_a(org_a):  # noqa: ANN001, ANN201
    return make_user("editor_a", Role.EDITOR, [org_a])


@pytest.fixture
def coordinator():  # noqa: ANN201
    return make_user("coord", Role.COORDINATOR)


@pytest.fixture
def caseworker():  # noqa: ANN201
    return make_user("caseworker", Role.CASEWORKER)


def make_activity(organization: Any, *, committee: str = "health", days: int = 3, **kwargs: Any) -> Activity:
    starts = kwargs.pop("starts_at", timezone.now().replace(microsecond=0) + timedelta(days=days))
    values: dict[str, Any] = {
        "organization": organization,
        "committee": term(committee),
        "title_el": f"Ενημέρωση {committee}",
        "title_en": f"Information {committee}",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "Κυψέλη",
        "point": Point(23.7431, 37.9995, srid=4326),
        "languages": ["el", "ar"],
        "status": ModerationStatus.PUBLISHED,
    }
    values.update(kwargs)
    return Activity.objects.create(**values)


def make_call(organization: Any, *, hours: int = 48, **kwargs: Any) -> OpenCall:
    values: dict[str, Any] = {
        "organization": organization,
        "committee": term("education"),
        "kind": "need",
        "title": "Διερμηνείς Νταρί την Τρίτη",
        "contact": "Ελένη, 210 0000000",
        "expires_at": timezone.now() + timedelta(hours=hours),
    }
    values.update(kwargs)
    return OpenCall.objects.create(**values)


def make_entry(organization: Any, **kwargs: Any) -> ToolkitEntry:
    from community.actions import toolkit_search_text

    values: dict[str, Any] = {
        "organization": organization,
        "committee": term("rights-legal"),
        "title": "Οδηγός ασύλου",
        "language": "el",
        "published_on": datetime(2026, 3, 1).date(),
        "link": "https://example.org/guide.pdf",
    }
    values.update(kwargs)
    entry = ToolkitEntry(**values)
    entry.search_text = toolkit_search_text(entry)
    entry.save()
    return entry


def activity_post(organization: Any, **overrides: Any) -> dict[str, Any]:
    """POST data of the activity form."""
    starts = (timezone.localtime() + timedelta(days=5)).replace(hour=10, minute=0, second=0, microsecond=0)
    data: dict[str, Any] = {
        "organization": str(organization.pk),
        "committee": str(term("health").pk),
        "kind": "information",
        "title_el": "Ενημέρωση για την υγεία",
        "title_en": "Health information session",
        "description_el": "",
        "description_en": "",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Πανεπιστημίου 10, Αθήνα",
        "latitude": "37.98",
        "longitude": "23.73",
        "online_url": "",
        "languages": ["el", "fa"],
        "registration_url": "https://example.org/register",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
