"""/hsds/: every answer validates against the official HSDS 3.0 schemas; filters, paging, proximity, redaction."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from services.models import Service, ServiceAtLocation, TaxonomyTerm
from tests.factories import OrganizationFactory, ServiceAtLocationFactory, analyze, term

from .conftest import Directory, Schemas

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, status: int = 200, **headers: Any) -> Any:
    response = client.get(url, **headers)
    assert response.status_code == status, response.content[:500]
    return response.json()


def ids(page: dict[str, Any]) -> set[str]:
    return {item["id"] for item in page["contents"]}


def walk(data: Any) -> Any:
    """Every dict inside `data`."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from walk(value)


# ----------------------------------------------------------------------------------------------- schemas
def test_root_names_the_version_profile_and_openapi(client: Client) -> None:
    root = get(client, "/hsds/")
    assert root["version"] == "3.0"
    assert root["profile"].endswith("/hsds/profile")
    assert "openapi.json" in root["openapi_url"]
    assert "location.redacted" in get(client, "/hsds/profile")["extensions"]


@pytest.mark.parametrize("mode", ["", "&minimal=true", "&full=true"])
def test_service_pages_validate(client: Client, directory: Directory, hsds_schemas: Schemas, mode: str) -> None:
    page = get(client, f"/hsds/services?per_page=2{mode}")
    assert (page["total_items"], page["total_pages"], page["size"]) == (3, 2, 2)
    assert (page["first_page"], page["last_page"], page["empty"]) == (True, False, False)
    second = get(client, f"/hsds/services?per_page=2&page=2{mode}")
    assert (second["page_number"], second["size"], second["last_page"]) == (2, 1, True)
    assert ids(page) | ids(second) == {str(s.id) for s in (directory.legal, directory.closed, directory.clinic)}
    for item in page["contents"] + second["contents"]:
        hsds_schemas.check("service" if "full" in mode else "service_list", item)


def test_a_full_service_nests_everything_and_validates(
    client: Client, directory: Directory, hsds_schemas: Schemas
) -> None:
    service = get(client, f"/hsds/services/{directory.legal.id}")
    hsds_schemas.check("service", service)
    assert service["organization"]["id"] == str(directory.ngo.id)
    assert {sal["id"] for sal in service["service_at_locations"]} == {
        str(directory.legal_at_omonia.id),
        str(directory.legal_at_shelter.id),
    }
    assert {lang["code"] for lang in service["languages"]} == {"el", "ar"}
    assert {a["taxonomy_term"]["code"] for a in service["attributes"]} == {"legal-aid", "women", "asylum-seekers"}
    assert service["schedules"][0]["byday"] == "MO,WE" and service["schedules"][0]["opens_at"] == "09:00:00"
    assert service["required_documents"][0]["document"] == "Διαβατήριο"
    assert service["service_areas"][0]["extent_type"] == "geojson"
    assert json.loads(service["service_areas"][0]["extent"])["type"] == "MultiPolygon"
    assert service["phones"][0]["number"] == "+30 210 1111111"
    assert service["contacts"][0]["name"] == "Γιώργος Κ."
    assert service["minimum_age"] == 18 and service["free_of_charge"] is True
    clinic = get(client, f"/hsds/services/{directory.clinic.id}")
    hsds_schemas.check("service", clinic)
    assert clinic["cost_options"][0]["amount"] == 5.0
    assert (clinic["valid_from"], clinic["valid_to"]) == ("2026-01-01", "2030-12-31")


@pytest.mark.parametrize("mode", ["", "&full=true", "&full_service=true"])
def test_organization_pages_and_items_validate(
    client: Client, directory: Directory, hsds_schemas: Schemas, mode: str
) -> None:
    page = get(client, f"/hsds/organizations?per_page=10{mode}")
    assert ids(page) == {str(directory.ngo.id), str(directory.municipal.id)}
    for item in page["contents"]:
        hsds_schemas.check("organization" if mode else "organization_list", item)
    ngo = get(client, f"/hsds/organizations/{directory.ngo.id}?{mode.lstrip('&')}")
    hsds_schemas.check("organization", ngo)
    assert ngo["organization_identifiers"][0]["identifier"] == "123456789"
    assert {s["id"] for s in ngo["services"]} == {str(directory.legal.id), str(directory.closed.id)}
    assert ngo["contacts"][0]["phones"][0]["number"] == "+30 210 0000001"
    assert [p["number"] for p in ngo["phones"]] == ["+30 210 0000000"]  # the contact's phone is under the contact
    assert ngo["phones"][0]["extension"] == 12
    assert (ngo["kind"], ngo["accmr_member"]) == ("local_ngo", True)


@pytest.mark.parametrize("mode", ["", "&full=true"])
def test_service_at_location_pages_and_items_validate(
    client: Client, directory: Directory, hsds_schemas: Schemas, mode: str
) -> None:
    page = get(client, f"/hsds/service_at_locations?per_page=50{mode}")
    assert page["total_items"] == 4
    for item in page["contents"]:
        hsds_schemas.check("service_at_location" if mode else "service_at_location_list", item)
    item = get(client, f"/hsds/service_at_locations/{directory.legal_at_omonia.id}")
    hsds_schemas.check("service_at_location", item)
    assert item["location"]["addresses"][0]["address_1"] == "Πειραιώς 2"
    assert item["schedules"][0]["byday"] == "TU"
    assert item["service"]["id"] == str(directory.legal.id)
    assert item["location"]["area_code"]  # the neighbourhood (or municipality) of Omonia


def test_taxonomies_and_terms_validate(client: Client, hsds_schemas: Schemas) -> None:
    taxonomies = get(client, "/hsds/taxonomies")
    assert {t["code"] for t in taxonomies["contents"]} == {"categories", "audience", "eligibility"}
    for item in taxonomies["contents"]:
        hsds_schemas.check("taxonomy", item)
        hsds_schemas.check("taxonomy", get(client, f"/hsds/taxonomies/{item['id']}"))
    categories = next(t for t in taxonomies["contents"] if t["code"] == "categories")
    top = get(client, f"/hsds/taxonomy_terms?taxonomy_id={categories['id']}&top_only=true")
    assert {t["code"] for t in top["contents"]} == {
        "skills-employment", "urban-coexistence", "education", "gender", "rights-legal", "health",
    }  # fmt: skip
    health = term("health")
    children = get(client, f"/hsds/taxonomy_terms?parent_id={health.id}&per_page=100")
    assert {t["code"] for t in children["contents"]} == set(health.children.values_list("code", flat=True))
    for item in children["contents"]:
        hsds_schemas.check("taxonomy_term", item)
    hsds_schemas.check("taxonomy_term", get(client, f"/hsds/taxonomy_terms/{health.id}"))


# ----------------------------------------------------------------------------------------------- filters
def test_filters_combine(client: Client, directory: Directory) -> None:
    assert ids(get(client, f"/hsds/services?organization_id={directory.municipal.id}")) == {str(directory.clinic.id)}
    # a committee includes its subcategories
    rights = term("rights-legal")
    assert ids(get(client, f"/hsds/services?taxonomy_term_id={rights.id}")) == {str(directory.legal.id)}
    assert ids(get(client, f"/hsds/services?taxonomy_term_id={term('women', 'audience').id}")) == {
        str(directory.legal.id)
    }
    audience = term("women", "audience").taxonomy_id
    assert ids(get(client, f"/hsds/services?taxonomy_id={audience}")) == {str(directory.legal.id)}
    assert (
        ids(get(client, f"/hsds/services?taxonomy_term_id={rights.id}&organization_id={directory.municipal.id}"))
        == set()
    )
    # free text: accents and Greeklish as in the caseworker search
    assert ids(get(client, "/hsds/services?search=asylo nomiki")) == {str(directory.legal.id)}
    assert ids(get(client, "/hsds/services?search=Νομικής")) == {str(directory.legal.id), str(directory.closed.id)}
    assert ids(get(client, "/hsds/services?search=ΙΑΤΡΕΙΟ")) == {str(directory.clinic.id)}
    later = timezone.now() + timedelta(seconds=1)
    assert get(client, f"/hsds/services?modified_after={later.isoformat().replace('+', '%2B')}")["empty"] is True
    Service.objects.filter(pk=directory.clinic.pk).update(last_modified=later + timedelta(seconds=1))
    page = get(client, f"/hsds/services?modified_after={later.isoformat().replace('+', '%2B')}")
    assert ids(page) == {str(directory.clinic.id)}
    assert ids(get(client, f"/hsds/service_at_locations?organization_id={directory.municipal.id}")) == {
        str(directory.clinic_at_piraeus.id)
    }
    assert ids(get(client, "/hsds/service_at_locations?postcode=185 35")) == {str(directory.clinic_at_piraeus.id)}
    assert ids(get(client, "/hsds/organizations?search=Πειραιά")) == {str(directory.municipal.id)}


def test_an_empty_result_and_a_page_past_the_end(client: Client, directory: Directory) -> None:
    page = get(client, "/hsds/services?search=zzzz")
    assert (page["total_items"], page["total_pages"], page["empty"], page["contents"]) == (0, 0, True, [])
    past = get(client, "/hsds/services?page=9")
    assert (past["size"], past["last_page"], past["empty"]) == (0, True, False)


def test_ndjson_streams_every_record_without_pages(client: Client, directory: Directory, hsds_schemas: Schemas) -> None:
    response = client.get("/hsds/services?format=ndjson&per_page=1&full=true")
    assert response.status_code == 200 and response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 3
    for line in lines:
        hsds_schemas.check("service", json.loads(line))
    response = client.get("/hsds/service_at_locations?format=ndjson")
    assert len(b"".join(response.streaming_content).splitlines()) == 4


# ----------------------------------------------------------------------------------------------- proximity
def test_proximity_lists_current_services_nearest_first_within_the_distance(
    client: Client, directory: Directory, hsds_schemas: Schemas
) -> None:
    # Omonia is ~0.1 km from the centre point, the Kypseli shelter ~2.2 km, Piraeus ~7.5 km
    url = "/hsds/service_at_locations?proximity=3000&lat=37.9838&lon=23.7275"
    page = get(client, url)
    assert [item["id"] for item in page["contents"]] == [
        str(directory.legal_at_omonia.id),
        str(directory.legal_at_shelter.id),
    ]  # the inactive service at Omonia is not listed; Piraeus is too far
    distances = [item["distance_m"] for item in page["contents"]]
    assert distances == sorted(distances) and distances[0] < 200
    assert distances[1] % 500 == 0  # a redacted location's distance is rounded
    for item in page["contents"]:
        hsds_schemas.check("service_at_location_list", item)
    full = get(client, url + "&full=true&per_page=1&page=2")
    assert [item["id"] for item in full["contents"]] == [str(directory.legal_at_shelter.id)]
    hsds_schemas.check("service_at_location", full["contents"][0])
    assert ids(get(client, url.replace("3000", "10000") + f"&organization_id={directory.municipal.id}")) == {
        str(directory.clinic_at_piraeus.id)
    }


# ----------------------------------------------------------------------------------------------- redaction
def test_a_redacted_location_never_shows_its_point_address_or_phone(client: Client, directory: Directory) -> None:
    answers = [
        get(client, f"/hsds/services/{directory.legal.id}"),
        get(client, "/hsds/services?full=true"),
        get(client, "/hsds/service_at_locations?full=true"),
        get(client, f"/hsds/service_at_locations/{directory.legal_at_shelter.id}"),
        get(client, f"/hsds/organizations/{directory.ngo.id}?full_service=true"),
        get(client, "/hsds/organizations?full=true"),
        get(client, "/hsds/service_at_locations?proximity=3000&lat=37.9838&lon=23.7275&full=true"),
    ]
    text = json.dumps(answers, ensure_ascii=False)
    assert "Φωκίωνος" not in text and "9999999" not in text and "38.003" not in text
    shelters = [d for d in walk(answers) if d.get("id") == str(directory.shelter.id)]
    assert len(shelters) >= 6
    for shelter in shelters:
        assert shelter["redacted"] is True
        assert "latitude" not in shelter and "longitude" not in shelter
        assert not shelter.get("addresses") and not shelter.get("phones")
        assert shelter["area_code"]
    omonia = next(d for d in walk(answers) if d.get("id") == str(directory.omonia.id))
    assert (omonia["latitude"], omonia["longitude"]) == (37.9841, 23.7283)


# ----------------------------------------------------------------------------------------------- language
def test_greek_by_default_english_on_request(client: Client, directory: Directory) -> None:
    url = f"/hsds/services/{directory.legal.id}"
    assert get(client, url)["name"] == "Νομική συμβουλευτική για αιτούντες άσυλο"
    assert get(client, url + "?lang=en")["name"] == "Legal advice for asylum seekers"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert english.json()["name"] == "Legal advice for asylum seekers" and english["Content-Language"] == "en"
    assert english.json()["organization"]["name"] == "Legal Aid Union"
    # no English text: the Greek one
    Service.objects.filter(pk=directory.legal.pk).update(alert_en="")
    assert get(client, url + "?lang=en")["alert"] == "Κλειστά τον Αύγουστο"


# ----------------------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/hsds/services?page=0&per_page=x", {"page", "per_page"}),
        ("/hsds/services?per_page=501&page=1000000000000000000000", {"per_page", "page"}),
        ("/hsds/services?organization_id=nope&modified_after=yesterday", {"organization_id", "modified_after"}),
        ("/hsds/services?format=xml", {"format"}),
        ("/hsds/services?minimal=true&full=true", {"full"}),
        ("/hsds/services?lang=fr", {"lang"}),
        ("/hsds/service_at_locations?proximity=500&lat=37.9", {"lon"}),
        ("/hsds/service_at_locations?proximity=-1&lat=95&lon=23.7", {"proximity", "lat"}),
        ("/hsds/service_at_locations?postcode=ABC", {"postcode"}),
        ("/hsds/taxonomy_terms?parent_id=1", {"parent_id"}),
    ],
)
def test_bad_parameters_are_400_with_a_message_per_field(client: Client, url: str, fields: set[str]) -> None:
    errors = get(client, url, status=400)["errors"]
    assert set(errors) == fields
    assert all(isinstance(m, str) and m for messages in errors.values() for m in messages)


def test_messages_follow_the_language(client: Client) -> None:
    url = "/hsds/service_at_locations?proximity=500"
    assert get(client, url, status=400)["errors"]["lat"] == [
        "Τα proximity, lat και lon δίνονται μαζί: δώστε και τα τρία."
    ]
    english = get(client, url, status=400, HTTP_ACCEPT_LANGUAGE="en")["errors"]["lat"]
    assert english == ["proximity, lat and lon go together: give all three."]
    assert get(client, "/hsds/services/nope?lang=en", status=404)["errors"]["detail"] == ["No service with id nope."]


@pytest.mark.parametrize("kind", ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"])
def test_unknown_or_malformed_ids_are_404_json(client: Client, kind: str) -> None:
    for raw in ("0b3a9e9e-0000-4000-8000-000000000000", "not-a-uuid"):
        assert get(client, f"/hsds/{kind}/{raw}", status=404)["errors"]["detail"]


# ----------------------------------------------------------------------------------------------- queries
@pytest.mark.parametrize(
    "url",
    [
        "/hsds/services?full=true&per_page=100",
        "/hsds/services?per_page=100",
        "/hsds/service_at_locations?full=true&per_page=100",
        "/hsds/organizations?full_service=true&per_page=100",
        "/hsds/service_at_locations?proximity=20000&lat=37.9838&lon=23.7275&full=true&per_page=100",
    ],
)
def test_a_page_costs_a_fixed_number_of_queries(
    client: Client, directory: Directory, django_assert_max_num_queries: Any, url: str
) -> None:
    client.get(url)  # warm up: content types, taxonomy caches
    with django_assert_max_num_queries(40) as small:
        before = get(client, url)["total_items"]
    for number in range(12):
        org = directory.ngo if number % 2 else OrganizationFactory()
        org.phones.create(number=f"+30 210 00000{number:02d}")
        sal = ServiceAtLocationFactory(service__organization=org, location__organization=org)
        sal.service.categories.set([term("legal-aid")])
        sal.service.languages.create(code="en")
        sal.location.addresses.create(address_1=f"Οδός {number}", city="Αθήνα")
    analyze()
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        page = get(client, url)
    assert page["total_items"] > before
    assert len(large.captured_queries) == len(small.captured_queries)


def test_only_taxonomies_we_publish(client: Client) -> None:
    assert get(client, "/hsds/taxonomy_terms?per_page=500")["total_items"] == TaxonomyTerm.objects.count()
    assert ServiceAtLocation.objects.count() == 0
