"""/api/nearby/'s parameters: a plain search (a point, a radius, a limit, a language, each once, as plain decimals)
is checked without running every field of the serializer; what it gives is what the serializer gives, and everything
else, errors included, goes through the serializer."""

import itertools
import random

import pytest
from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from services.apis import ServiceNearbyApi
from services.serializers import SearchFilterSerializer

Params = ServiceNearbyApi.FilterSerializer


def serializer_says(query: QueryDict) -> dict | str:
    try:
        return dict(SearchFilterSerializer.validate_params.__func__(Params, query))  # type: ignore[attr-defined]
    except ValidationError as exc:
        return f"400 {sorted(exc.detail)}"


def api_says(query: QueryDict) -> dict | str:
    try:
        return dict(Params.validate_params(query))
    except ValidationError as exc:
        return f"400 {sorted(exc.detail)}"


NUMBERS = ["0", "-0", "1", "37.98", "-37.98", "90", "90.0", "90.0000001", "-90", "-90.5", "180", "180.00", "-181",
           "200", "201", "1.5", "5000", "50000", "50000.01", "0.5", "007", "1e3", "nan", "inf", " 12", "12 ", "",
           "+5", "1_000", "١٢", "23.7275", "0.00000000000000000001", "123456789012", "10.0", ".5", "5."]  # fmt: skip
KEYS = ["lat", "lon", "radius_m", "limit", "lang"]


def test_plain_searches_get_what_the_serializer_gives() -> None:
    rng = random.Random(17)
    plain = 0
    for _ in range(3000):
        pairs = [("lat", rng.choice(NUMBERS)), ("lon", rng.choice(NUMBERS))]
        for key in rng.sample(KEYS, rng.randint(0, 3)):
            value = rng.choice(["el", "en", "ar", "", "EN"]) if key == "lang" else rng.choice(NUMBERS)
            pairs.append((key, value))
        if rng.random() < 0.1:
            pairs.append(rng.choice([("lat", "1"), ("category", "health"), ("q", ""), ("open_now", "true")]))
        query = QueryDict(mutable=True)
        for key, value in pairs:
            query.appendlist(key, value)
        assert api_says(query) == serializer_says(query), pairs
        plain += Params._plain(query) is not None
    assert plain > 100  # the plain path was taken often, and gave the same


@pytest.mark.parametrize(("lat", "lon"), list(itertools.product(["37.9838", "-90", "90"], ["23.7275", "-180", "180"])))
def test_the_plain_path_is_taken_for_a_plain_search(lat: str, lon: str) -> None:
    query = QueryDict(f"lat={lat}&lon={lon}&limit=10&radius_m=2500&lang=en")
    assert Params._plain(query) == serializer_says(query)
    assert Params._plain(QueryDict(f"lat={lat}&lon={lon}&category=health")) is None
