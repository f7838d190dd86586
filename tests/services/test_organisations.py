"""The member directory (/organisations/) and each organisation's page with its services on a small map."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.gis.geos import Point
from django.test import Client
from django.utils import timezone

from services.models import Organization
from tests.factories import OrganizationFactory, ServiceAtLocationFactory, ServiceFactory, term

pytestmark = pytest.mark.django_db


def names(response: Any) -> set[str]:
    return {org.name for org in response.context["page"].object_list}


@pytest.fixture
def directory() -> dict[str, Organization]:
    """A municipal health service, an NGO teaching Greek (a subcategory of education), an idle forum."""
    clinic = OrganizationFactory(
        name="Δημοτικό Ιατρείο Κυψέλης", name_en="Kypseli Municipal Clinic", kind="municipal_service"
    )
    school = OrganizationFactory(name="Σχολείο Ελληνικών", name_en="Greek School", kind="local_ngo", accmr_member=True)
    forum = OrganizationFactory(name="Φόρουμ Μεταναστών", name_en="Migrants Forum", kind="migrant_forum")
    ServiceFactory(organization=clinic, categories=[term("health")])
    ServiceFactory(organization=school, categories=[term("greek-language")])
    ServiceFactory(organization=school, categories=[term("greek-language")])
    # an ended service does not put the forum in a committee nor count
    ServiceFactory(organization=forum, categories=[term("health")], valid_to=timezone.localdate() - timedelta(days=1))
    return {"clinic": clinic, "school": school, "forum": forum}


def test_the_directory_lists_everyone_with_counts_of_current_services(client: Client, directory: dict) -> None:
    response = client.get("/organisations/")
    assert names(response) >= {o.name for o in directory.values()}
    counts = {org.name: org.service_count for org in response.context["page"].object_list}
    assert counts["Σχολείο Ελληνικών"] == 2 and counts["Φόρουμ Μεταναστών"] == 0
    page = response.content.decode()
    assert "2 τρέχουσες υπηρεσίες" in page and "μέλος του ACCMR" in page


def test_filter_by_kind(client: Client, directory: dict) -> None:
    assert names(client.get("/organisations/?kind=municipal_service")) == {"Δημοτικό Ιατρείο Κυψέλης"}


def test_filter_by_committee_counts_subcategories_and_only_current_services(client: Client, directory: dict) -> None:
    assert names(client.get("/organisations/?committee=education")) == {"Σχολείο Ελληνικών"}
    assert names(client.get("/organisations/?committee=health")) == {"Δημοτικό Ιατρείο Κυψέλης"}
    page = client.get("/en/organisations/").content.decode()
    assert ">Health (1)</option>" in page and ">Education (1)</option>" in page


def test_search_by_name_in_either_language_without_accents(client: Client, directory: dict) -> None:
    assert names(client.get("/organisations/?q=κυψελης")) == {"Δημοτικό Ιατρείο Κυψέλης"}
    assert names(client.get("/organisations/?q=greek school")) == {"Σχολείο Ελληνικών"}
    assert names(client.get("/organisations/?q=nothing-like-this")) == set()


def test_unknown_filter_values_are_ignored_not_errors(client: Client, directory: dict) -> None:
    response = client.get("/organisations/?kind=spaceship&committee=nope&page=999")
    assert response.status_code == 200 and response.context["page"].number >= 1


def test_pages_of_twenty_in_a_fixed_number_of_queries(client: Client, django_assert_max_num_queries: Any) -> None:
    for n in range(45):
        ServiceFactory(organization=OrganizationFactory(name=f"Οργάνωση σελίδας {n:02d}"))
    with django_assert_max_num_queries(8):
        first = client.get("/organisations/?q=σελιδας")
    assert first.context["total"] == 45 and len(first.context["page"].object_list) == 20
    third = client.get("/organisations/?q=σελιδας&page=3")
    assert names(third) == {f"Οργάνωση σελίδας {n:02d}" for n in range(40, 45)}
    assert "q=%CF%83%CE%B5%CE%BB%CE%B9%CE%B4%CE%B1%CF%82&amp;page=2" in third.content.decode()


def test_the_organisation_page_shows_current_services_and_never_a_shelters_point(client: Client) -> None:
    org = OrganizationFactory(name="Στέγη και Φροντίδα")
    office = ServiceAtLocationFactory(
        service__organization=org, service__name="Συμβουλευτική", location__point=Point(23.7301, 37.9871, srid=4326)
    )
    shelter = ServiceAtLocationFactory(
        service__organization=org,
        service__name="Ξενώνας",
        location__point=Point(23.7411, 37.9999, srid=4326),
        location__redacted=True,
    )
    ServiceFactory(organization=org, name="Παλιό πρόγραμμα", status="inactive")
    response = client.get(f"/organisations/{org.pk}/")
    page = response.content.decode()
    assert {s.name for s in response.context["services"]} == {"Συμβουλευτική", "Ξενώνας"}
    assert "Παλιό πρόγραμμα" not in page
    config = json.loads(page.split('id="map-config" type="application/json">')[1].split("</script>")[0])
    assert config["points"] == [{"lat": 37.9871, "lon": 23.7301, "name": "Συμβουλευτική"}]
    assert "37.9999" not in page and "23.7411" not in page
    assert shelter.location.redacted and office.location.point


def test_an_unknown_organisation_is_404(client: Client) -> None:
    assert client.get("/organisations/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_heading_counts_what_search_shows_and_editors_see_the_hidden_apart(client: Client) -> None:
    """A service hidden from search until confirmed is neither counted nor listed for the public (the directory's
    count agrees); its organisation's editors see it in a list of its own."""
    from accounts.models import Role
    from tests.editing.conftest import make_user

    org = OrganizationFactory(name="Μετρήσιμη")
    for name in ("Α", "Β", "Γ"):
        ServiceFactory(organization=org, name=name, name_en=name)
    ServiceFactory(
        organization=org, name="Ξεχασμένη", name_en="Ξεχασμένη", assured_date=timezone.localdate() - timedelta(days=800)
    )
    ServiceFactory(organization=org, name="Τελειωμένη", status="inactive")
    listed = {o.name: o.service_count for o in client.get("/organisations/?q=Μετρήσιμη").context["page"].object_list}
    response = client.get(f"/en/organisations/{org.pk}/")
    page = response.content.decode()
    assert listed == {"Μετρήσιμη": 3}
    assert [s.name for s in response.context["services"]] == ["Α", "Β", "Γ"]
    assert ">3 current services</h2>" in page
    assert "Ξεχασμένη" not in page and "org-hidden-services" not in page
    client.force_login(make_user("editor", Role.EDITOR, [org]))
    page = client.get(f"/en/organisations/{org.pk}/").content.decode()
    assert ">3 current services</h2>" in page
    hidden = page.split('id="org-hidden-services"')[1].split("</ul>")[0]
    assert "Ξεχασμένη" in hidden and ">1 service hidden from search until confirmed</h2>" in page
    client.force_login(make_user("other", Role.EDITOR, [OrganizationFactory()]))
    assert "Ξεχασμένη" not in client.get(f"/en/organisations/{org.pk}/").content.decode()


def test_place_lines_name_the_municipality_once(client: Client) -> None:
    """A place named after its municipality ("Δήμος Πειραιώς · Δήμος Πειραιώς"), and two places in one area."""
    from django.contrib.gis.geos import MultiPolygon, Polygon

    from boundaries.models import Area

    square = MultiPolygon(Polygon.from_bbox((23.6, 37.9, 23.7, 38.0)), srid=4326)
    piraeus = Area.objects.create(code="t-piraeus", level="municipality", name="Δήμος Πειραιώς", geom=square)
    org = OrganizationFactory(name="Λιμάνι")
    town_hall = ServiceAtLocationFactory(service__organization=org, location__name="Δήμος Πειραιώς")
    clinic = ServiceAtLocationFactory(service__organization=org, location__name="Ιατρείο")
    second = ServiceAtLocationFactory(service=clinic.service, location__name="Ιατρείο")
    for sal in (town_hall, clinic, second):
        type(sal.location).objects.filter(pk=sal.location.pk).update(municipality=piraeus)
    page = client.get(f"/organisations/{org.pk}/").content.decode()
    lines = [line.split("</div>")[0] for line in page.split('<div class="result__where">')[1:]]
    assert sorted(lines) == ["Δήμος Πειραιώς", "Ιατρείο · Δήμος Πειραιώς"]
