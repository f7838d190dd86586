"""Search APIs for caseworkers: /api/nearby/ (GeoJSON, nearest first) and /api/map/ (what a viewport shows)."""

import json
import re
from typing import Any

from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from search.selectors import MapView, service_list_nearby, service_map_json

from .geojson import nearby_collection_json
from .selectors import SearchFilters, UnknownFilterValue
from .serializers import BboxField, SearchFilterSerializer

MAX_RADIUS_M = 50000
MAX_LIMIT = 200


class ServiceNearbyApi(APIView):
    """Service locations nearest first (geodesic metres on the WGS84 spheroid) as a GeoJSON FeatureCollection."""

    class FilterSerializer(SearchFilterSerializer):
        lat = serializers.FloatField(min_value=-90, max_value=90)
        lon = serializers.FloatField(min_value=-180, max_value=180)
        radius_m = serializers.FloatField(min_value=1, max_value=MAX_RADIUS_M, default=5000)
        limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=20)
        lang = serializers.ChoiceField(
            choices=["el", "en"], required=False, help_text="Language of names; defaults to the request's (Greek)."
        )

        # What most searches send: a point, perhaps a radius, a limit and a language, each once, as plain decimals.
        PLAIN_NUMBER = re.compile(r"-?[0-9]{1,9}(\.[0-9]{1,20})?")
        PLAIN_KEYS = frozenset({"lat", "lon", "radius_m", "limit", "lang"})
        _defaults: dict[str, Any]

        @classmethod
        def validate_params(cls, query_params: Any) -> dict[str, Any]:
            """The validated parameters; a plain search (PLAIN_KEYS only, valid plain numbers) is checked against the
            serializer's own fields without running all of them (the same values), anything else by the serializer."""
            plain = cls._plain(query_params)
            return plain if plain is not None else super().validate_params(query_params)

        @classmethod
        def _plain(cls, query_params: Any) -> dict[str, Any] | None:
            if not cls.PLAIN_KEYS.issuperset(query_params) or any(
                len(query_params.getlist(k)) != 1 for k in query_params
            ):
                return None
            fields = cls.validator().fields
            if "_defaults" not in cls.__dict__:  # every other field as the serializer fills it when it is absent
                cls._defaults = {
                    k: v
                    for k, v in cls.validator().run_validation({"lat": 0, "lon": 0}).items()
                    if k not in ("lat", "lon")
                }
            data: dict[str, Any] = {k: list(v) if isinstance(v, list) else v for k, v in cls._defaults.items()}
            for name, value in query_params.items():
                field: Any = fields[name]
                if name == "lang":
                    if value not in field.choices:
                        return None
                    data[name] = value
                    continue
                if not cls.PLAIN_NUMBER.fullmatch(value) or (name == "limit" and "." in value):
                    return None
                number = int(value) if name == "limit" else float(value)
                if not field.min_value <= number <= field.max_value:
                    return None
                data[name] = number
            return data if "lat" in data and "lon" in data else None

    @extend_schema(
        parameters=[FilterSerializer],
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
        description="Only active services inside their valid dates; redacted locations show only their area.",
    )
    def get(self, request: Request) -> HttpResponse:
        data = self.FilterSerializer.validate_params(request.query_params)
        try:
            results = service_list_nearby(
                lat=data["lat"],
                lon=data["lon"],
                radius_m=data["radius_m"],
                filters=SearchFilters.from_params(data),
                limit=data["limit"],
                language=data.get("lang"),
            )
        except UnknownFilterValue as exc:
            raise ValidationError({exc.field_name: [str(exc)]}) from exc
        return HttpResponse(nearby_collection_json(results), content_type="application/geo+json")


class ServiceMapApi(APIView):
    """What the map shows in a viewport: points, or clusters (`cluster`, `count`) when more than 2000 match."""

    class FilterSerializer(SearchFilterSerializer):
        bbox = BboxField(help_text="west,south,east,north in degrees")
        zoom = serializers.IntegerField(min_value=0, max_value=22)
        lang = serializers.ChoiceField(
            choices=["el", "en"], required=False, help_text="Language of names; defaults to the request's (Greek)."
        )

    @extend_schema(parameters=[FilterSerializer], responses={(200, "application/geo+json"): OpenApiTypes.OBJECT})
    def get(self, request: Request) -> HttpResponse:
        data = self.FilterSerializer.validate_params(request.query_params)  # one serializer per class, reused
        west, south, east, north = data["bbox"]
        view = MapView(west=west, south=south, east=east, north=north, zoom=data["zoom"])
        try:
            with translation.override(data.get("lang") or translation.get_language()):
                collection = service_map_json(
                    view=view,
                    filters=SearchFilters.from_params(data),
                    stamp=getattr(request, "directory_stamp", None),  # opendata.conditional's read, if it ran
                )
        except UnknownFilterValue as exc:
            raise ValidationError({exc.field_name: [str(exc)]}) from exc
        if "indent" in (request.accepted_media_type or ""):  # `Accept: application/json; indent=2`: DRF indents it
            return Response(json.loads(collection), content_type="application/geo+json")
        return HttpResponse(collection, content_type="application/geo+json")  # the text DRF's renderer would write
