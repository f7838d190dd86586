"""A temporary shelter offered for an emergency publishes its area only (services/redaction.py): the table cannot
hold its point, address or phone, no emergency page, GeoJSON or search answer carries the door of a shelter linked
to it, and a shelter's service cannot be offered as a place with a point."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, Role
from emergencies.models import Emergency, EmergencyOffer, OfferKind, OfferStatus
from tests.security.test_shelter_secrecy import SECRET_TEXTS, directory, leaks  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def emergency(directory) -> dict:  # noqa: ANN001, F811
    """An active emergency over the shelters' areas; each shelter's service offered as a temporary shelter."""
    now = timezone.now()
    declared = Emergency.objects.create(
        kind="cold_spell", title_el="Κύμα ψύχους", title_en="Cold spell", starts_at=now - timedelta(hours=2),
        ends_at=now + timedelta(days=2),
    )  # fmt: skip
    offers = []
    for shelter in directory["shelters"]:
        location = shelter["sal"].location
        location.refresh_from_db()  # the fixture's refresh of the areas ran in SQL
        area = location.community or location.municipality
        declared.areas.add(area)
        offers.append(
            EmergencyOffer.objects.create(
                emergency=declared,
                organization=directory["organisation"],
                service=shelter["sal"].service,
                kind=OfferKind.SHELTER,
                name_el="Επιπλέον κρεβάτια",
                area=area,
                hours="όλο το 24ωρο",
                status=OfferStatus.PUBLISHED,
            )  # fmt: skip
        )
    return {"emergency": declared, "offers": offers}


def public_answers(client, directory, emergency) -> dict[str, str]:  # noqa: ANN001, F811
    pk = emergency["emergency"].pk
    urls = ["/emergencies/", "/en/emergencies/", f"/emergencies/{pk}/", f"/en/emergencies/{pk}/",
            f"/emergencies/{pk}.geojson"]  # fmt: skip
    for shelter in directory["shelters"]:
        area = shelter["sal"].location.community or shelter["sal"].location.municipality
        inside = area.geom.point_on_surface
        urls += [f"/?lat={inside.y}&lon={inside.x}&emergency=1", f"/en/?lat={inside.y}&lon={inside.x}&emergency=1"]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = response.content.decode()
    return answers


def test_emergency_answers_never_name_a_shelters_door(client, directory, emergency) -> None:  # noqa: ANN001, F811
    answers = public_answers(client, directory, emergency)
    found = [
        f"{label} of shelter {number} in {where}"
        for where, text in answers.items()
        for number, shelter in enumerate(directory["shelters"])
        for label in leaks(text, place=shelter)
    ]
    assert found == []
    # the shelters are offered all the same, by area
    pk = emergency["emergency"].pk
    assert answers[f"/emergencies/{pk}/"].count("Επιπλέον κρεβάτια") == len(directory["shelters"])
    features = client.get(f"/emergencies/{pk}.geojson").json()["features"]
    offered = [f for f in features if f["properties"]["feature"] == "offer"]
    assert len(offered) == 3 and all(f["geometry"] is None and f["properties"]["area"] for f in offered)
    assert any("Επιπλέον κρεβάτια" in text for url, text in answers.items() if "emergency=1" in url)


def test_the_leak_check_sees_a_place_offer(client, directory, emergency) -> None:  # noqa: ANN001, F811
    """The same check sees a point, an address and a phone when an offer that is not a shelter publishes them."""
    public = directory["public"][0].location
    public.refresh_from_db()
    EmergencyOffer.objects.create(
        emergency=emergency["emergency"], organization=directory["organisation"], kind=OfferKind.FOOD_WATER,
        name_el="Νερό", area=public.community or public.municipality, point=public.point,
        address=SECRET_TEXTS["address"], phone=SECRET_TEXTS["location phone"], hours="10-18",
        status=OfferStatus.PUBLISHED,
    )  # fmt: skip
    page = client.get(f"/emergencies/{emergency['emergency'].pk}/").content.decode()
    geojson = client.get(f"/emergencies/{emergency['emergency'].pk}.geojson").content.decode()
    as_shelter = {"real": (public.point.x, public.point.y)}
    assert {"address", "location phone"} <= set(leaks(page, place=as_shelter))
    assert "point" in leaks(geojson, place=as_shelter)


def test_the_table_cannot_hold_a_shelters_door(directory, emergency) -> None:  # noqa: ANN001, F811
    offer = emergency["offers"][0]
    for field, value in (("point", Point(23.74, 37.98, srid=4326)), ("address", "Οδός 1"), ("phone", "2101234567")):
        with pytest.raises(IntegrityError), transaction.atomic():
            EmergencyOffer.objects.filter(pk=offer.pk).update(**{field: value})


def test_a_shelters_service_is_offered_by_area_only(client, directory, emergency) -> None:  # noqa: ANN001, F811
    shelter = directory["shelters"][0]
    editor = Profile.objects.create(user=User.objects.create_user("ed", password="pw-ed"), role=Role.EDITOR)
    editor.organizations.set([directory["organisation"]])
    client.force_login(editor.user)
    real = shelter["real"]
    response = client.post(
        reverse("emergencies:offer_create", args=[emergency["emergency"].pk]),
        {"organization": str(directory["organisation"].pk), "kind": OfferKind.WARMING, "name_el": "Ζεστός χώρος",
         "service": str(shelter["sal"].service_id), "lat": f"{real[1]:.6f}", "lon": f"{real[0]:.6f}",
         "hours": "όλη μέρα"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Αυτή η υπηρεσία είναι σε καταφύγιο: προσφέρετέ την ως προσωρινή φιλοξενία" in response.content.decode()
    assert not EmergencyOffer.objects.filter(name_el="Ζεστός χώρος").exists()
