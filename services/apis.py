"""Search APIs for caseworkers: /api/nearby/ (GeoJSON, nearest first) and /api/map/ (what a viewport shows)."""

import json

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
