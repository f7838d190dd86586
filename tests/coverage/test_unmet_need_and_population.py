"""Unmet need is counted by area and need only; populations load from a CSV, all or nothing."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.models import Profile, Role
from boundaries.models import Area
from coverage.models import UnmetNeed

pytestmark = pytest.mark.django_db
KYPSELI = {"lat": 38.0005, "lon": 23.7420}


def post(client, **body) -> object:  # noqa: ANN001
    return client.post("/api/coverage/unmet-need/", json.dumps(body), content_type="application/json")


@pytest.fixture
def signed_in(client) -> None:  # noqa: ANN001
    """Unmet need is counted for signed-in people only: the client signs in as a caseworker."""
    user = get_user_model().objects.create_user("caseworker")
    Profile.objects.create(user=user, role=Role.CASEWORKER)
    client.force_login(user)


def test_a_search_that_found_nothing_is_counted_by_area_and_need(client, signed_in) -> None:
    body = {**KYPSELI, "reason": "no_results", "category": ["legal-aid"], "language": ["fa"]}
    assert post(client, **body).status_code == 201
    assert post(client, **body).status_code == 201
    (row,) = UnmetNeed.objects.all()
    assert row.count == 2
    assert row.neighbourhood.level == "neighbourhood" and row.neighbourhood.code.startswith("athens-n-")
    assert row.community.code.startswith("athens-dk-") and row.municipality.code == "gr-9186"
    assert (row.category, row.language, row.audience, row.reason) == ("legal-aid", "fa", "", "no_results")
    assert row.week.weekday() == 0  # only the week, never the moment
    stored = {f.name for f in UnmetNeed._meta.get_fields()}
    assert not stored & {"lat", "lon", "point", "address", "created_at", "ip"}
    listed = client.get("/api/coverage/unmet-need/", {"level": "neighbourhood"}).json()["rows"]
    assert listed == [
        {"code": row.neighbourhood.code, "name": row.neighbourhood.name_el, "name_el": row.neighbourhood.name_el,
         "name_en": row.neighbourhood.name_en, "category": "legal-aid", "language": "fa", "audience": "",
         "count": 2}
    ]  # fmt: skip
    table = client.get("/api/coverage/", {"level": "neighbourhood", "category": "legal-aid"}).json()
    assert {r["code"]: r["unmet_need"] for r in table["rows"] if r["unmet_need"]} == {row.neighbourhood.code: 2}


def test_marked_not_suitable_with_two_categories_counts_under_each(client, signed_in) -> None:
    assert post(client, **KYPSELI, reason="not_suitable", category=["legal-aid", "food"]).status_code == 201
    assert set(UnmetNeed.objects.values_list("category", "count")) == {("legal-aid", 1), ("food", 1)}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"lat": 91, "lon": 23.7, "reason": "no_results"}, "lat"),
        ({"lat": 38.0, "reason": "no_results"}, "lon"),
        ({**KYPSELI, "reason": "bored"}, "reason"),
        ({**KYPSELI, "reason": "no_results", "category": ["no-such"]}, "category"),
        ({**KYPSELI, "reason": "no_results", "audience": ["martians"]}, "audience"),
    ],
)
def test_bad_unmet_need_input_gets_400(client, signed_in, body, field) -> None:
    response = post(client, **body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not UnmetNeed.objects.exists()


def test_anonymous_visitors_cannot_count_unmet_need_and_nothing_is_recorded(client) -> None:
    response = post(client, **KYPSELI, reason="no_results", category=["legal-aid"])
    assert response.status_code == 403
    assert response.json() == {
        "errors": {"detail": ["Συνδεθείτε για να καταγράψετε ανεκπλήρωτη ανάγκη: μπορούν μόνο επαγγελματίες πεδίου, "
                              "συντάκτες και συντονιστές."]}
    }  # fmt: skip
    assert not UnmetNeed.objects.exists()
    # planners still read the list without signing in
    assert client.get("/api/coverage/unmet-need/", {"level": "neighbourhood"}).json()["rows"] == []


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.EDITOR, Role.COORDINATOR, None])
def test_every_signed_in_role_counts_unmet_need(client, role) -> None:  # noqa: ANN001
    user = get_user_model().objects.create_user(f"person-{role}", is_superuser=role is None)
    if role:
        Profile.objects.create(user=user, role=role)
    client.force_login(user)
    assert post(client, **KYPSELI, reason="no_results", category=["food"]).status_code == 201
    assert set(UnmetNeed.objects.values_list("category", "count")) == {("food", 1)}


def test_the_search_page_offers_no_suitable_service_only_when_signed_in(client) -> None:
    search = {**KYPSELI, "category": "greek-language", "radius_m": 500}
    anonymous = client.get("/", search).content.decode()
    assert 'id="result-list"' in anonymous  # the search ran
    assert 'id="unmet-need"' not in anonymous and "Καμία κατάλληλη υπηρεσία" not in anonymous
    client.force_login(get_user_model().objects.create_user("caseworker"))
    signed_in = client.get("/", search).content.decode()
    assert 'id="unmet-need"' in signed_in and "Καμία κατάλληλη υπηρεσία" in signed_in


def test_import_population_sets_figures_and_per_10k(client, tmp_path: Path) -> None:
    codes = list(Area.objects.filter(level="community").order_by("code").values_list("code", flat=True)[:2])
    path = tmp_path / "population.csv"
    path.write_text(f"code,population,year\n{codes[0]},40000,2024\n{codes[1]},\n", encoding="utf-8")
    call_command("import_population", str(path), source="Municipality of Athens")
    first = Area.objects.get(code=codes[0])
    assert (first.population, first.population_year, first.population_source) == (40000, 2024, "Municipality of Athens")
    assert Area.objects.get(code=codes[1]).population is None
    rows = {r["code"]: r for r in client.get("/api/coverage/", {"level": "community"}).json()["rows"]}
    assert rows[codes[0]]["per_10k"] == round(rows[codes[0]]["services"] / 4, 2)


def test_import_population_is_all_or_nothing(tmp_path: Path) -> None:
    code = Area.objects.filter(level="community").order_by("code").values_list("code", flat=True).first()
    path = tmp_path / "population.csv"
    path.write_text(f"code,population\n{code},1234\nnowhere,5\n{code},-3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2 errors"):
        call_command("import_population", str(path))
    assert Area.objects.get(code=code).population is None
