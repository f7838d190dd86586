"""The OpenAPI document (/api/schema/, /ogc/api): unique component names, GeoJSON response shapes, error answers.

- Serializers nested in a view (`AreaListApi.OutputSerializer`) are named after the view (`AreaListOutput`), so
  two views' `OutputSerializer`s never collide into one component.
- The GeoJSON answers, which views build as plain dicts, get their shapes as named components here.
- Every operation with query parameters documents the 400 error envelope; every one that reads the database, 503.
"""

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema with component names that are unique per view."""

    def get_serializer_name(self, serializer: Any, direction: Literal["request", "response"]) -> str:
        qualname = type(serializer).__qualname__
        if "." in qualname:
            outer, inner = qualname.split(".")[-2:]
            return outer.removesuffix("Api") + inner
        return super().get_serializer_name(serializer, direction)


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


STRING = {"type": "string"}
DATE = {"type": "string", "format": "date"}
UUID = {"type": "string", "format": "uuid"}
CODES = {"type": "array", "items": STRING}
POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2,
                        "description": "longitude, latitude (WGS84)"},
    },
}  # fmt: skip
MULTIPOLYGON = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["MultiPolygon"]},
        "coordinates": {"type": "array", "items": {"type": "array", "items": {"type": "array", "items": {
            "type": "array", "items": {"type": "number"}}}}},
    },
}  # fmt: skip
LINK = {
    "type": "object",
    "required": ["href", "rel"],
    "properties": {"href": {"type": "string", "format": "uri"}, "rel": STRING, "type": STRING, "title": STRING},
}
AREA_REF = _nullable({"type": "object", "properties": {"code": STRING, "name": STRING}})


def _feature(properties: dict[str, Any], geometry: dict[str, Any], *, id_schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": id_schema,
            "geometry": geometry,
            "properties": {"type": "object", "properties": properties},
            "links": {"type": "array", "items": ref("Link")},
        },
    }


def _collection(feature: str, *, paged: bool = False) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": ref(feature)},
    }
    if paged:
        properties.update(
            numberMatched={"type": "integer", "minimum": 0},
            numberReturned={"type": "integer", "minimum": 0},
            timeStamp={"type": "string", "format": "date-time"},
            links={"type": "array", "items": ref("Link")},
        )
    return {"type": "object", "required": ["type", "features"], "properties": properties}


SERVICE_LOCATION_PROPERTIES = {
    "service_id": UUID, "location_id": UUID, "redacted": {"type": "boolean"},
    "name_el": STRING, "name_en": STRING, "organization_el": STRING, "organization_en": STRING,
    "categories": CODES, "languages": CODES,
    "address": _nullable({**STRING, "description": "null for a redacted location"}),
    "municipality": _nullable(STRING), "community": _nullable(STRING), "neighbourhood": _nullable(STRING),
    "free_of_charge": {"type": "boolean"}, "capacity_status": STRING, "assured_date": _nullable(DATE),
    "valid_from": _nullable(DATE), "valid_to": _nullable(DATE), "url": STRING, "email": STRING,
}  # fmt: skip
NEARBY_PROPERTIES = {
    "service_id": UUID, "name": STRING, "organization": STRING, "categories": CODES, "languages": CODES,
    "distance_m": {"type": "number", "description": "WGS84 spheroid metres; rounded to 500 m when redacted"},
    "address": _nullable(STRING), "area": AREA_REF, "redacted": {"type": "boolean"},
    "open_now": _nullable({"type": "boolean"}), "free_of_charge": {"type": "boolean"}, "capacity_status": STRING,
    "assured_date": _nullable(DATE),
}  # fmt: skip
MAP_PROPERTIES = {
    "service_id": UUID, "name": STRING, "organization": STRING,
    "cluster": {"type": "boolean", "description": "true for a cluster of several locations"},
    "count": {"type": "integer", "description": "locations in the cluster"},
}  # fmt: skip
AREA_PROPERTIES = {
    "code": STRING, "level": {"type": "string", "enum": ["municipality", "community", "neighbourhood"]},
    "name_el": STRING, "name_en": STRING, "population": _nullable({"type": "integer"}),
    "population_year": _nullable({"type": "integer"}), "parent": _nullable(STRING), "cni_member": {"type": "boolean"},
    "area_km2": _nullable({"type": "number"}),
}  # fmt: skip

COMPONENTS: dict[str, dict[str, Any]] = {
    "Errors": {
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": STRING},
                "description": "Messages per parameter name.",
            },
            "code": {**STRING, "description": "OGC exception code (/ogc/ only)."},
            "description": {**STRING, "description": "OGC exception text (/ogc/ only)."},
        },
    },  # fmt: skip
    "Link": LINK,
    "NearbyFeature": _feature(NEARBY_PROPERTIES, _nullable(POINT), id_schema=UUID),
    "NearbyFeatureCollection": _collection("NearbyFeature"),
    "MapFeature": _feature(MAP_PROPERTIES, POINT, id_schema=UUID),
    "MapFeatureCollection": {
        **_collection("MapFeature"),
        "properties": {
            **_collection("MapFeature")["properties"],
            "clustered": {"type": "boolean"},
            "count": {"type": "integer", "description": "matching locations in the viewport"},
        },
    },
    "ServiceLocationFeature": _feature(SERVICE_LOCATION_PROPERTIES, _nullable(POINT), id_schema=UUID),
    "ServiceLocationFeatureCollection": _collection("ServiceLocationFeature"),
    "ServiceLocationPage": _collection("ServiceLocationFeature", paged=True),
    "AreaFeature": _feature(AREA_PROPERTIES, MULTIPOLYGON, id_schema=STRING),
    "AreaPage": _collection("AreaFeature", paged=True),
    "OgcLanding": {
        "type": "object",
        "required": ["links"],
        "properties": {"title": STRING, "description": STRING, "links": {"type": "array", "items": ref("Link")}},
    },
    "OgcConformance": {
        "type": "object",
        "required": ["conformsTo"],
        "properties": {"conformsTo": {"type": "array", "items": {"type": "string", "format": "uri"}}},
    },
    "OgcCollection": {
        "type": "object",
        "required": ["id", "links"],
        "properties": {
            "id": STRING,
            "title": STRING,
            "description": STRING,
            "itemType": STRING,
            "crs": {"type": "array", "items": STRING},
            "extent": {
                "type": "object",
                "properties": {
                    "spatial": {
                        "type": "object",
                        "properties": {
                            "bbox": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}},
                            "crs": STRING,
                        },
                    }
                },
            },
            "links": {"type": "array", "items": ref("Link")},
        },
    },  # fmt: skip
    "OgcCollections": {
        "type": "object",
        "required": ["links", "collections"],
        "properties": {
            "links": {"type": "array", "items": ref("Link")},
            "collections": {"type": "array", "items": ref("OgcCollection")},
        },
    },
}

# Answers that views build as dicts, by operation id: status → (media type, component).
RESPONSE_SHAPES = {
    "api_nearby_retrieve": ("application/geo+json", "NearbyFeatureCollection"),
    "api_map_retrieve": ("application/geo+json", "MapFeatureCollection"),
}


def _reads_database(path: str) -> bool:
    return path not in ("/api/schema/", "/ogc/", "/ogc/conformance", "/ogc/api")


def postprocess(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Add the components, the GeoJSON shapes of dict-built answers and the error answers to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in COMPONENTS.items():
        schemas.setdefault(name, schema)
    errors = {"application/json": {"schema": ref("Errors")}}
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            shape = RESPONSE_SHAPES.get(operation.get("operationId", ""))
            if shape:
                media_type, component = shape
                responses["200"] = {"content": {media_type: {"schema": ref(component)}}, "description": ""}
            query = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
            if query:
                bad = responses.setdefault("400", {"description": "A parameter is invalid."})
                bad.setdefault("content", errors)
            if _reads_database(path):
                responses.setdefault("503", {"description": "The database is unavailable.", "content": errors})
            if any(p.get("in") == "path" for p in operation.get("parameters", [])):
                missing = responses.setdefault("404", {"description": "Not found."})
                missing.setdefault("content", errors)
    return result
