"""/api/schema/ documents every JSON endpoint with its parameters and answer shapes; /ogc/api only /ogc/."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def _api_routes() -> set[str]:
    """Every routed path under /api/, /ogc/ and /export/, in OpenAPI spelling (without the catch-all and docs)."""
    routes: set[str] = set()

    def walk(patterns: list, prefix: str) -> None:
        for pattern in patterns:
            text = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + text)
            elif isinstance(pattern, URLPattern) and "(?P<rest>" not in text:
                routes.add("/" + (prefix + text).replace("<str:feature_id>", "{feature_id}"))

    walk(get_resolver().url_patterns, "")
    return {r for r in routes if r.startswith(("/api/", "/ogc/", "/export/"))} - {"/api/docs/", "/ogc/api"}


def test_schema_covers_every_endpoint_with_parameters_and_shapes(client) -> None:  # noqa: ANN001
    GENERATOR_STATS.reset()
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    document = response.json()
    validate_schema(document)  # the OpenAPI 3.0 meta-schema
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache  # no clashes, no guesses
    assert _api_routes() <= set(document["paths"])
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for operation in operations.values():
            ok = operation["responses"].get("200") or operation["responses"]["201"]  # 201: a POST that records
            content = next(iter(ok["content"].values()))["schema"]
            assert content != {"type": "object", "additionalProperties": {}} or path == "/api/schema/", path
            if any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Errors"
                }
    nearby = {p["name"] for p in document["paths"]["/api/nearby/"]["get"]["parameters"]}
    assert {"lat", "lon", "radius_m", "category", "language", "open_now", "free", "area", "q", "limit"} <= nearby
    export = {p["name"] for p in document["paths"]["/export/services.csv"]["get"]["parameters"]}
    assert export == nearby - {"lat", "lon", "radius_m", "limit", "lang"}  # exports carry both languages
    assert "AreaListOutput" in schemas and "Output" not in schemas  # nested serializers named after their view
    feature = schemas["NearbyFeature"]["properties"]["properties"]["properties"]
    assert {"service_id", "name", "distance_m", "open_now"} <= set(feature)
