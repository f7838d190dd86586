"""A community activity must not tell the public where a shelter is: coordinators reviewing a new activity or a change
are warned when its place, as it would be published, lies within SHELTER_NEAR_M of a shelter's (redacted) location or
names a shelter's street address; the editor who typed the place is never told (that would let them probe)."""

from typing import Any

import pytest
from django.contrib.gis.geos import Point
from django.test import Client
from django.urls import reverse

from community.models import Activity, ModerationStatus
from community.selectors import activity_review_queue, activity_shelter_warnings
from services.redaction import SHELTER_NEAR_M
from tests.factories import AddressFactory, LocationFactory

from .conftest import activity_post, make_activity

pytestmark = pytest.mark.django_db

SHELTER = (23.7500, 37.9900)  # lon, lat
METRE_LAT = 1 / 111_000  # degrees of latitude per metre, near enough here


def _north(metres: float, of: tuple[float, float] = SHELTER) -> tuple[str, str]:
    return f"{of[1] + metres * METRE_LAT:.6f}", f"{of[0]:.6f}"


@pytest.fixture
def shelter(org_b: Any) -> Any:
    place = LocationFactory(organization=org_b, redacted=True, point=Point(*SHELTER, srid=4326))
    AddressFactory(location=place, address_1="Αχαρνών 150", city="Αθήνα", postal_code="10439")
    unnumbered = LocationFactory(organization=org_b, redacted=True, point=Point(23.80, 38.05, srid=4326))
    AddressFactory(location=unnumbered, address_1="Πατησίων")  # a street alone names no one place
    public = LocationFactory(organization=org_b, point=Point(23.7600, 37.9900, srid=4326))
    AddressFactory(location=public, address_1="Σόλωνος 20")
    return place


def _submit(client: Client, org: Any, title: str, place: str, at: tuple[str, str]) -> Activity:
    data = activity_post(org, title_el=title, place=place, latitude=at[0], longitude=at[1])
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Activity.objects.get(title_el=title)


def test_coordinators_are_warned_of_places_that_could_reveal_a_shelter(
    client: Client, editor_a: Any, coordinator: Any, org_a: Any, shelter: Any
) -> None:
    assert SHELTER_NEAR_M == 250
    client.force_login(editor_a)
    near = _submit(client, org_a, "Κοντά", "Κυψέλη", _north(SHELTER_NEAR_M - 40))
    outside = _submit(client, org_a, "Έξω", "Κυψέλη", _north(SHELTER_NEAR_M + 40))
    named = _submit(client, org_a, "Διεύθυνση", "Acharnon 150, Athina", _north(3000))
    other_number = _submit(client, org_a, "Άλλος αριθμός", "Αχαρνών 15", _north(3000))
    street = _submit(client, org_a, "Οδός", "Πατησίων 200", _north(3000))
    by_public = _submit(client, org_a, "Δημόσιο", "Σόλωνος 20", _north(20, of=(23.7600, 37.9900)))
    published = make_activity(org_a, title_el="Δημοσιευμένη", point=Point(23.70, 37.95, srid=4326))
    change = activity_post(org_a, title_el="Δημοσιευμένη", place="Κυψέλη", latitude=_north(100)[0],
                           longitude=_north(100)[1])  # fmt: skip
    assert client.post(reverse("activities:edit", args=[published.pk]), change).status_code == 302
    # the editor sees nothing of it: not on the activity they submitted, not in their list
    for activity in (near, named):
        page = client.get(f"/en/activities/{activity.pk}/")
        assert page.status_code == 200 and "Waiting for review" in page.content.decode()
        assert "shelter" not in page.content.decode()

    published.refresh_from_db()
    assert published.status == ModerationStatus.PUBLISHED and published.proposed is not None
    warned = activity_shelter_warnings(list(activity_review_queue()))
    assert warned == {near.pk, named.pk, published.pk}
    assert not warned & {outside.pk, other_number.pk, street.pk, by_public.pk}

    client.force_login(coordinator)
    english = client.get("/en/activities/review/").content.decode()
    assert english.count("This place could reveal a shelter.") == 3
    for activity in (near, named, published):
        section = english.split(f'id="review-{activity.pk}"')[1].split("</section>")[0]
        assert f"within {SHELTER_NEAR_M} m of a confidential shelter" in section
    for activity in (outside, other_number, street, by_public):
        assert "could reveal" not in english.split(f'id="review-{activity.pk}"')[1].split("</section>")[0]
    greek = client.get("/activities/review/").content.decode()
    assert greek.count("Αυτό το σημείο μπορεί να αποκαλύψει δομή φιλοξενίας.") == 3
    assert f"λιγότερο από {SHELTER_NEAR_M} μ." in greek


def test_an_approved_warning_is_gone_and_a_rejected_change_keeps_none(
    client: Client, editor_a: Any, coordinator: Any, org_a: Any, shelter: Any
) -> None:
    client.force_login(editor_a)
    near = _submit(client, org_a, "Κοντά", "Κυψέλη", _north(10))
    client.force_login(coordinator)
    assert client.post(reverse("activities:review", args=[near.pk]), {"decision": "approve"}).status_code == 302
    assert "could reveal" not in client.get("/en/activities/review/").content.decode()
