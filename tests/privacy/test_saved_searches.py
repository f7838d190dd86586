"""Saved searches: saving warns not to keep a client's address; precise ones are deleted after 30 days, named
places and areas are kept."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.gis.geos import Point
from django.test import override_settings

from accounts.models import Role, SavedSearch
from boundaries.models import Place, PlaceKind
from privacy.actions import personal_data_purge
from privacy.selectors import saved_search_is_precise
from tests.accounts.conftest import person

from .conftest import NOW, at

pytestmark = pytest.mark.django_db
KYPSELI = (38.0036, 23.7382)  # the gazetteer's point for Κυψέλη


@pytest.fixture
def kypseli() -> Place:
    return Place.objects.create(
        kind=PlaceKind.AREA, name="Κυψέλη", point=Point(KYPSELI[1], KYPSELI[0], srid=4326), search_text="kipseli"
    )


@pytest.mark.parametrize(
    ("query", "precise"),
    [
        ("place=Κυψέλη", False),  # a neighbourhood by name
        ("place=kypseli&category=health", False),  # Greeklish folds to the same name
        (f"place=Κυψέλη, Αθήνα&lat={KYPSELI[0]}&lon={KYPSELI[1]}", False),  # the place with its own point
        ("lat=38.004&lon=23.738", False),  # 3 decimals: ~100 m
        ("category=health&language=ar", False),  # no place at all
        ("place=Σοφοκλέους 17", True),  # a street address
        ("lat=38.00412&lon=23.73899", True),  # a point picked on the map
        ("place=Κυψέλη&lat=37.98123&lon=23.72654", True),  # a named place with somebody's point elsewhere
    ],
)
def test_which_searches_are_precise(kypseli: Place, query: str, precise: bool) -> None:
    assert saved_search_is_precise(query=query) is precise


@override_settings(PRIVACY_PRECISE_SEARCH_DAYS=30)
def test_precise_searches_go_after_30_days_named_places_stay(kypseli: Place) -> None:
    caseworker = person("casey", Role.CASEWORKER)

    def saved(name: str, query: str, days_ago: int) -> int:
        with at(NOW - timedelta(days=days_ago)):
            return SavedSearch.objects.create(user=caseworker, name=name, query=query).pk

    old_address = saved("address", "place=Σοφοκλέους 17", 31)
    old_point = saved("point", "lat=38.00412&lon=23.73899", 31)
    kept = {
        saved("recent address", "place=Σοφοκλέους 17", 29),
        saved("area", "place=Κυψέλη&category=health", 400),
        saved("coarse point", "lat=38.004&lon=23.738", 400),
    }
    counts = personal_data_purge(now=NOW)
    assert counts.saved_searches_deleted == 2
    assert set(SavedSearch.objects.values_list("pk", flat=True)) == kept
    assert old_address not in kept and old_point not in kept
    assert personal_data_purge(now=NOW).total == 0


def test_saving_warns_in_greek_and_english(client: Any) -> None:
    client.force_login(person("casey", Role.CASEWORKER))
    greek = client.get("/?lat=38.004&lon=23.738").content.decode()
    assert "Μην αποθηκεύετε τη διεύθυνση" in greek and "30 ημέρες" in greek
    english = client.get("/en/?lat=38.004&lon=23.738").content.decode()
    assert "Do not save a client" in english and "30 days" in english
