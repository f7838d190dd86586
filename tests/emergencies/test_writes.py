"""Every write path: who may use it (anonymous → sign in, caseworker → 403, editors only for their own
organisations), what coordinators and editors get (published at once / the fast review lane), and bad input that
gets a clear message and changes nothing."""

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from boundaries.models import Area
from emergencies.models import Emergency, EmergencyOffer, OfferKind, OfferStatus

from .conftest import DURING, END, inside, offer

pytestmark = pytest.mark.django_db


def declare_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "flood",
        "title_el": "Πλημμύρα στην Κυψέλη",
        "title_en": "Flood in Kypseli",
        "areas": [str(Area.objects.get(code="athens-dk-6").pk), str(Area.objects.get(code="athens-dk-5").pk)],
        "starts_at": "2026-07-11T08:00",
        "ends_at": "2026-07-12T20:00",
    }
    data.update(overrides)
    return data


def offer_data(organization: Any, **overrides: Any) -> dict[str, Any]:
    point = inside("athens-dk-1")
    data = {
        "organization": str(organization.pk),
        "kind": OfferKind.FOOD_WATER,
        "name_el": "Διανομή νερού",
        "name_en": "Water distribution",
        "lat": f"{point.y:.6f}",
        "lon": f"{point.x:.6f}",
        "address": "Πλατεία Κλαυθμώνος",
        "hours": "09:00–21:00",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def write_urls(emergency: Emergency, an_offer: EmergencyOffer) -> dict[str, str]:
    return {
        "create": reverse("emergencies:create"),
        "edit": reverse("emergencies:edit", args=[emergency.pk]),
        "end": reverse("emergencies:end", args=[emergency.pk]),
        "review": reverse("emergencies:review"),
        "offer_review": reverse("emergencies:offer_review", args=[an_offer.pk]),
    }


@pytest.mark.parametrize("name", ["create", "edit", "end", "review", "offer_review"])
def test_coordinator_paths_refuse_everyone_else(
    client: Any, heatwave: Emergency, org_a: Any, caseworker: Any, editor_a: Any, name: str
) -> None:
    pending = offer(heatwave, org_a, status=OfferStatus.PENDING)
    url = write_urls(heatwave, pending)[name]
    before = (list(Emergency.objects.values()), list(EmergencyOffer.objects.values()))
    with time_machine.travel(DURING, tick=False):
        anonymous = client.post(url, {"decision": "publish", **declare_data()})
        assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
        for person in (caseworker, editor_a):
            client.force_login(person)
            assert client.post(url, {"decision": "publish", **declare_data()}).status_code == 403
            if name not in ("end", "offer_review"):
                assert client.get(url).status_code == 403
    assert (list(Emergency.objects.values()), list(EmergencyOffer.objects.values())) == before


def test_coordinator_declares_changes_and_ends(client: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    with time_machine.travel(DURING, tick=False):
        response = client.post(reverse("emergencies:create"), declare_data())
        emergency = Emergency.objects.get(title_el="Πλημμύρα στην Κυψέλη")
        assert response.status_code == 302 and response["Location"] == reverse(
            "emergencies:detail", args=[emergency.pk]
        )
        assert sorted(emergency.areas.values_list("code", flat=True)) == ["athens-dk-5", "athens-dk-6"]
        assert emergency.created_by == coordinator and emergency.is_active()
        client.post(
            reverse("emergencies:edit", args=[emergency.pk]), declare_data(title_en="Flood in Kypseli, Patisia")
        )
        emergency.refresh_from_db()
        assert emergency.title_en == "Flood in Kypseli, Patisia"
        assert client.post(reverse("emergencies:end", args=[emergency.pk])).status_code == 302
        emergency.refresh_from_db()
        assert emergency.ends_at == DURING and not emergency.is_active()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2026-07-11T07:00"}, "Η αναμενόμενη λήξη πρέπει να είναι μετά την έναρξη."),
        ({"ends_at": "2026-07-11T08:00"}, "Η αναμενόμενη λήξη πρέπει να είναι μετά την έναρξη."),
        ({"areas": []}, "Επιλέξτε τουλάχιστον μία περιοχή που πλήττεται."),
        ({"starts_at": "tomorrow"}, "Εισάγετε μια έγκυρη ημερομηνία/ώρα."),
    ],
)
def test_bad_declarations_change_nothing(client: Any, coordinator: Any, overrides: Any, message: str) -> None:
    client.force_login(coordinator)
    response = client.post(reverse("emergencies:create"), declare_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Emergency.objects.exists()


def test_bad_change_keeps_the_emergency(client: Any, coordinator: Any, heatwave: Emergency) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("emergencies:edit", args=[heatwave.pk]),
        declare_data(starts_at="2026-07-20T08:00", ends_at="2026-07-19T08:00"),
    )
    assert "Η αναμενόμενη λήξη πρέπει να είναι μετά την έναρξη." in response.content.decode()
    heatwave.refresh_from_db()
    assert heatwave.title_el == "Καύσωνας Ιουλίου" and heatwave.ends_at == END
    assert heatwave.areas.count() == 2


def test_offer_paths_refuse_anonymous_and_caseworkers(client: Any, heatwave: Emergency, org_a: Any, caseworker: Any):
    published = offer(heatwave, org_a)
    urls = [
        reverse("emergencies:offer_create", args=[heatwave.pk]),
        reverse("emergencies:offer_end", args=[published.pk]),
    ]
    with time_machine.travel(DURING, tick=False):
        for url in urls:
            assert reverse("accounts:login") in client.post(url, offer_data(org_a))["Location"]
        client.force_login(caseworker)
        for url in urls:
            assert client.post(url, offer_data(org_a)).status_code == 403
    assert EmergencyOffer.objects.count() == 1 and EmergencyOffer.objects.get().ends_at is None


def test_editor_offers_go_to_the_fast_review_lane(
    client: Any, heatwave: Emergency, org_a: Any, editor_a: Any, coordinator
):
    client.force_login(editor_a)
    with time_machine.travel(DURING, tick=False):
        response = client.post(reverse("emergencies:offer_create", args=[heatwave.pk]), offer_data(org_a))
        assert response.status_code == 302
        created = EmergencyOffer.objects.get()
        assert created.status == OfferStatus.PENDING and created.submitted_by == editor_a
        assert created.area.code == "athens-dk-1"  # found from the point
        detail = client.get(reverse("emergencies:detail", args=[heatwave.pk])).content.decode()
        assert "Σε αναμονή ελέγχου" in detail  # the editor sees it waiting
        assert (
            "Διανομή νερού"
            not in client.get(
                reverse("services:home"), {"lat": 37.97748, "lon": 23.74047, "emergency": "1"}
            ).content.decode()
        )
        client.force_login(coordinator)
        assert "Διανομή νερού" in client.get(reverse("emergencies:review")).content.decode()
        bad = client.post(reverse("emergencies:offer_review", args=[created.pk]), {"decision": "maybe"})
        assert bad.status_code == 400 and "δημοσίευση ή απόρριψη" in bad.content.decode()
        created.refresh_from_db()
        assert created.status == OfferStatus.PENDING
        client.post(reverse("emergencies:offer_review", args=[created.pk]), {"decision": "publish", "note": "ok"})
        created.refresh_from_db()
        assert created.status == OfferStatus.PUBLISHED and created.reviewed_by == coordinator and created.is_active()
        point = created.point
        page = client.get(reverse("services:home"), {"lat": point.y, "lon": point.x, "emergency": "1"}).content.decode()
        assert "Διανομή νερού" in page


def test_coordinator_offers_are_published_at_once(client: Any, heatwave: Emergency, org_a: Any, coordinator: Any):
    client.force_login(coordinator)
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("emergencies:offer_create", args=[heatwave.pk]), offer_data(org_a))
    created = EmergencyOffer.objects.get()
    assert created.status == OfferStatus.PUBLISHED and created.reviewed_by == coordinator


def test_rejected_offer_is_never_shown(client: Any, heatwave: Emergency, org_a: Any, coordinator: Any) -> None:
    pending = offer(heatwave, org_a, status=OfferStatus.PENDING)
    client.force_login(coordinator)
    with time_machine.travel(DURING, tick=False):
        client.post(reverse("emergencies:offer_review", args=[pending.pk]), {"decision": "reject", "note": "διπλή"})
        pending.refresh_from_db()
        assert pending.status == OfferStatus.REJECTED
        assert "Απορρίφθηκε" in client.get(reverse("emergencies:detail", args=[heatwave.pk])).content.decode()
        client.logout()
        assert (
            "Κλιματιζόμενη αίθουσα"
            not in client.get(reverse("emergencies:detail", args=[heatwave.pk])).content.decode()
        )
        # reviewed once: a second decision is not possible
        client.force_login(coordinator)
        assert (
            client.post(reverse("emergencies:offer_review", args=[pending.pk]), {"decision": "publish"}).status_code
            == 404
        )


def test_editor_writes_only_for_own_organisations(
    client: Any, heatwave: Emergency, org_a: Any, org_b: Any, editor_a: Any
):
    theirs = offer(heatwave, org_b)
    client.force_login(editor_a)
    with time_machine.travel(DURING, tick=False):
        response = client.post(reverse("emergencies:offer_create", args=[heatwave.pk]), offer_data(org_b))
        assert response.status_code == 200 and "Επιλέξτε μια έγκυρη επιλογή" in response.content.decode()
        assert client.post(reverse("emergencies:offer_end", args=[theirs.pk])).status_code == 404
        theirs.refresh_from_db()
        assert theirs.ends_at is None and EmergencyOffer.objects.count() == 1
        mine = offer(heatwave, org_a)
        assert client.post(reverse("emergencies:offer_end", args=[mine.pk])).status_code == 302
        mine.refresh_from_db()
        assert mine.ends_at == DURING and not mine.is_active()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "shelter", "area": None}, "Η προσωρινή φιλοξενία εμφανίζεται μόνο με την περιοχή της"),
        ({"lat": None, "lon": None}, "Δώστε το γεωγραφικό πλάτος και μήκος του σημείου."),
        ({"lat": "48.2", "lon": "16.37"}, "Βεβαιωθείτε ότι η τιμή είναι μικρότερη ή ίση"),  # Vienna: outside Greece
        ({"ends_at": "2026-07-11T11:00"}, "Η λήξη πρέπει να είναι στο μέλλον"),
        ({"hours": ""}, "Αυτό το πεδίο είναι απαραίτητο."),
    ],
)
def test_bad_offers_change_nothing(client: Any, heatwave: Emergency, org_a: Any, coordinator: Any, overrides, message):
    client.force_login(coordinator)
    with time_machine.travel(DURING, tick=False):
        response = client.post(reverse("emergencies:offer_create", args=[heatwave.pk]), offer_data(org_a, **overrides))
    assert response.status_code == 200 and message in response.content.decode()
    assert not EmergencyOffer.objects.exists()


def test_shelter_needs_an_area_and_keeps_only_it(
    client: Any, heatwave: Emergency, org_a: Any, coordinator: Any
) -> None:
    client.force_login(coordinator)
    shelter = {"kind": "shelter", "lat": None, "lon": None, "address": None}
    with time_machine.travel(DURING, tick=False):
        url = reverse("emergencies:offer_create", args=[heatwave.pk])
        assert (
            "Επιλέξτε την περιοχή της προσωρινής φιλοξενίας."
            in client.post(url, offer_data(org_a, **shelter)).content.decode()
        )
        area = Area.objects.get(code="athens-dk-2")
        client.post(url, offer_data(org_a, **shelter, area=str(area.pk)))
    created = EmergencyOffer.objects.get()
    assert created.kind == "shelter" and created.area == area and created.point is None and created.address == ""


def test_no_offers_for_an_ended_emergency(client: Any, heatwave: Emergency, org_a: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    with time_machine.travel(END, tick=False):
        assert (
            client.post(reverse("emergencies:offer_create", args=[heatwave.pk]), offer_data(org_a)).status_code == 404
        )
    assert not EmergencyOffer.objects.exists()


def test_an_editor_sees_only_their_organisation(client: Any, heatwave: Emergency, org_a: Any, org_b: Any, editor_a):
    client.force_login(editor_a)
    with time_machine.travel(DURING, tick=False):
        page = client.get(reverse("emergencies:offer_create", args=[heatwave.pk])).content.decode()
    assert f'<option value="{org_a.pk}" selected>' in page and str(org_b.pk) not in page
