"""The search page's features (services.geojson.nearby_feature, built around the parsed properties) are what parsing
the nearby API's feature text gives, value for value and as the page's JSON writes them."""

import json
from uuid import uuid4

import pytest
from django.contrib.gis.geos import Point
from django.utils import translation

from search.selectors import NearbyResult, service_list_nearby
from services.geojson import nearby_feature, nearby_feature_json
from tests.factories import AddressFactory, LanguageFactory, ServiceAtLocationFactory


def same(result: NearbyResult) -> None:
    reference = json.loads(nearby_feature_json(result))
    feature = nearby_feature(result)
    assert feature == reference
    assert json.dumps(feature) == json.dumps(reference)  # the same types too (an int stays an int, 1.0 a float)


def test_envelopes_with_every_kind_of_number_and_text() -> None:
    properties = json.dumps({"name": "Κέντρο «Ελπίδα» \u2028 </script> & \"x\" \\ \x01", "area": {"code": "a"},
                             "languages": ["ar", "fa"], "redacted": False, "n": 1, "f": 0.1})  # fmt: skip
    points = [(23.727512345678, 37.98381234567, 137.4), (-0.0000004, 0.0, 0), (180.0, -89.9999995, 5e-7),
              (23.7, 37.9, 12345.678901234)]  # fmt: skip
    for lon, lat, distance in points:
        for open_now in (True, False, None):
            same(NearbyResult(id=uuid4(), distance_m=distance, redacted=False, lon=lon, lat=lat, open_now=open_now,
                              properties_json=properties))  # fmt: skip
    same(NearbyResult(id=uuid4(), distance_m=1500, redacted=True, lon=None, lat=None, open_now=None,
                      properties_json=json.dumps({"redacted": True}, ensure_ascii=False)))  # fmt: skip


@pytest.mark.django_db
def test_the_search_indexs_own_results() -> None:
    shop = ServiceAtLocationFactory(
        service__name_el="Νομική <βοήθεια> & «συμβουλές»", location__point=Point(23.7281, 37.9841, srid=4326)
    )
    AddressFactory(location=shop.location)
    LanguageFactory(service=shop.service, code="ar")
    ServiceAtLocationFactory(location__redacted=True, location__point=Point(23.7301, 37.9851, srid=4326))
    for language in ("el", "en"):
        with translation.override(language):
            results = service_list_nearby(lat=37.9838, lon=23.7275, radius_m=5000, limit=10, hours_today=True)
            assert {r.redacted for r in results} == {True, False}
            for result in results:
                same(result)
