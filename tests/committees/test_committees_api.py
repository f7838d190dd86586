"""/api/committees/: the counts equal an independent count over the directory (Python over the records, not the
search index): services in one, two and no committee, inactive, expired, not yet started, stale, without a place,
at two places, a shelter; attached organisations; unmet need in and outside the last four weeks."""

from datetime import date, timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from boundaries.models import Area
from committees.models import CommitteeOrganization
from coverage.actions import week_start
from coverage.models import UnmetNeed, UnmetNeedReason
from freshness.policy import freshness_cutoffs
from services.models import Location, Service, ServiceAtLocation, TaxonomyTerm
from services.rules import service_day
from tests.factories import LocationFactory, OrganizationFactory, ServiceAtLocationFactory, ServiceFactory, term

pytestmark = pytest.mark.django_db

COMMITTEES = ["skills-employment", "urban-coexistence", "education", "gender", "rights-legal", "health"]


def located(name: str, codes: list[str], organization=None, **service) -> Service:  # noqa: ANN001
    org = organization or OrganizationFactory()
    sal = ServiceAtLocationFactory(
        service__name=name, service__name_el=name, service__organization=org,
        service__categories=[term(c) for c in codes], location__organization=org, **{
            f"service__{key}": value for key, value in service.items()
        },
    )  # fmt: skip
    return sal.service


@pytest.fixture
def directory() -> dict[str, object]:
    today = service_day()
    legal, health = OrganizationFactory(name="Νομική"), OrganizationFactory(name="Υγεία")
    both = OrganizationFactory(name="Και τα δύο")
    services = {
        "one": located("one", ["legal-aid"], legal),
        "top": located("top", ["rights-legal"], legal),  # the committee's own term
        "two": located("two", ["legal-aid", "primary-health"], both),  # in two committees
        "none": located("none", [], legal),  # in no committee
        "inactive": located("inactive", ["legal-aid"], legal, status="inactive"),
        "expired": located("expired", ["legal-aid"], legal, valid_to=today - timedelta(days=1)),
        "future": located("future", ["legal-aid"], legal, valid_from=today + timedelta(days=1)),
        "stale": located("stale", ["legal-aid"], legal, assured_date=date(2000, 1, 1)),
        "ending": located("ending", ["primary-health"], health, valid_to=today + timedelta(days=10)),
        "ending-60": located("ending-60", ["primary-health"], health, valid_to=today + timedelta(days=60)),
        "later": located("later", ["primary-health"], health, valid_to=today + timedelta(days=61)),
        "shelter": located("shelter", ["legal-aid"], legal, valid_to=today),
    }
    Location.objects.filter(service_at_locations__service=services["shelter"]).update(redacted=True)
    # one service at two places counts once
    ServiceAtLocation.objects.create(
        service=services["one"], location=LocationFactory(organization=legal, point=Point(23.74, 37.99, srid=4326))
    )
    # a service without a located place is not in search
    services["unlocated"] = ServiceFactory(name="unlocated", organization=legal, categories=[term("legal-aid")])
    ServiceAtLocation.objects.create(
        service=services["unlocated"],
        location=LocationFactory(organization=legal, point=None, geocode_status="pending"),
    )
    # attached: one organisation with no services there, one that has services there anyway
    outsider = OrganizationFactory(name="Μέλος χωρίς υπηρεσίες")
    rights = term("rights-legal")
    CommitteeOrganization.objects.create(committee=rights, organization=outsider)
    CommitteeOrganization.objects.create(committee=rights, organization=legal)
    CommitteeOrganization.objects.create(committee=term("gender"), organization=outsider)
    athens = Area.objects.get(code="gr-9186")
    this_week = week_start(today)
    for weeks_ago, category, count in [
        (0, "legal-aid", 3), (3, "rights-legal", 2), (4, "legal-aid", 7), (0, "primary-health", 1), (1, "", 5),
        (0, "greek-language", 4),
    ]:  # fmt: skip
        UnmetNeed.objects.create(
            week=this_week - timedelta(weeks=weeks_ago), municipality=athens, category=category,
            reason=UnmetNeedReason.NO_RESULTS, count=count,
        )  # fmt: skip
    return services


def independent_counts(*, on: date) -> dict[str, dict[str, int]]:
    """What each committee should say, computed from the records in Python (no search index, no SQL rules)."""
    hidden_before = freshness_cutoffs(today=on).hidden_before
    counts: dict[str, dict[str, object]] = {
        code: {"services": set(), "orgs": set(), "ending": set()} for code in COMMITTEES
    }
    for service in Service.objects.prefetch_related("categories__parent", "service_at_locations__location"):
        verified = service.assured_date or timezone.localtime(service.created_at).date()
        shown = (
            service.status == "active"
            and (service.valid_from is None or service.valid_from <= on)
            and (service.valid_to is None or service.valid_to >= on)
            and verified >= hidden_before
            and any(sal.location.point is not None for sal in service.service_at_locations.all())
        )
        if not shown:
            continue
        tops = {(t.parent or t).code for t in service.categories.all()}
        for code in tops:
            counts[code]["services"].add(service.id)
            counts[code]["orgs"].add(service.organization_id)
            if service.valid_to is not None and service.valid_to <= on + timedelta(days=60):
                counts[code]["ending"].add(service.id)
    for attachment in CommitteeOrganization.objects.select_related("committee"):
        counts[attachment.committee.code]["orgs"].add(attachment.organization_id)
    since = week_start(on) - timedelta(weeks=3)
    unmet = dict.fromkeys(COMMITTEES, 0)
    for need in UnmetNeed.objects.filter(week__gte=since).exclude(category=""):
        t = TaxonomyTerm.objects.get(taxonomy__code="categories", code=need.category)
        unmet[(t.parent or t).code] += need.count
    return {
        code: {
            "services": len(c["services"]), "organisations": len(c["orgs"]), "ending_soon": len(c["ending"]),
            "unmet_need_4w": unmet[code],
        }
        for code, c in counts.items()
    }  # fmt: skip


def test_counts_equal_an_independent_count(client, directory, django_assert_max_num_queries) -> None:  # noqa: ANN001
    with django_assert_max_num_queries(20):
        response = client.get("/api/committees/")
    assert response.status_code == 200
    data = response.json()
    assert data["on"] == service_day().isoformat()
    got = {c["code"]: {k: c[k] for k in ("services", "organisations", "ending_soon", "unmet_need_4w")}
           for c in data["committees"]}  # fmt: skip
    assert [c["code"] for c in data["committees"]] == COMMITTEES
    assert got == independent_counts(on=service_day())


def test_the_independent_count_sees_what_the_fixture_means(directory) -> None:  # noqa: ANN001
    """The reference itself, spelled out: which services count where (so it cannot agree with the API by accident)."""
    expected = independent_counts(on=service_day())
    # rights-legal: one (at two places, once), top, two, shelter; not none/inactive/expired/future/stale/unlocated
    assert expected["rights-legal"] == {"services": 4, "organisations": 3, "ending_soon": 1, "unmet_need_4w": 5}
    # health: two, ending, ending-60, later; two of them end within 60 days
    assert expected["health"] == {"services": 4, "organisations": 2, "ending_soon": 2, "unmet_need_4w": 1}
    assert expected["gender"] == {"services": 0, "organisations": 1, "ending_soon": 0, "unmet_need_4w": 0}
    assert expected["education"]["unmet_need_4w"] == 4  # greek-language sits under education


def test_names_follow_the_language(client, directory) -> None:  # noqa: ANN001
    greek = client.get("/api/committees/").json()["committees"]
    english = client.get("/api/committees/", HTTP_ACCEPT_LANGUAGE="en").json()["committees"]
    assert greek[4]["name"] == greek[4]["name_el"] == term("rights-legal").name_el
    assert english[4]["name_en"] == term("rights-legal").name_en


def test_counts_follow_an_edit(client, directory) -> None:  # noqa: ANN001
    """The search index's triggers keep the counts current: deactivating a service drops it at once."""
    before = {c["code"]: c for c in client.get("/api/committees/").json()["committees"]}
    Service.objects.filter(name="two").update(status="inactive")
    after = {c["code"]: c for c in client.get("/api/committees/").json()["committees"]}
    assert after["rights-legal"]["services"] == before["rights-legal"]["services"] - 1
    assert after["health"]["services"] == before["health"]["services"] - 1
    assert after["health"]["organisations"] == before["health"]["organisations"] - 1


def test_in_the_openapi_document(client) -> None:  # noqa: ANN001
    document = client.get("/api/schema/", {"format": "json"}).json()
    operation = document["paths"]["/api/committees/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    output = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    item = document["components"]["schemas"][output["properties"]["committees"]["items"]["$ref"].rsplit("/", 1)[1]]
    assert {"code", "name", "services", "organisations", "ending_soon", "unmet_need_4w"} <= set(item["properties"])
