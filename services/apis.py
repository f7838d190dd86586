"""Search APIs for caseworkers: /api/nearby/ (GeoJSON, nearest first)."""

import json
from typing import Any

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from search.selectors import MapView, NearbyResult, service_list_nearby, service_map_features

from .selectors import SearchFilters, UnknownFilterValue

MAX_RADIUS_M = 50000
MAX_LIMIT = 200


class MultiValueField(serializers.ListField):
    """A repeatable query parameter (`?language=ar&language=fa`), also accepting comma-separated values."""

    def to_internal_value(self, data: Any) -> list[Any]:
        if isinstance(data, str):
            data = [data]
        values = [part.strip() for item in data for part in str(item).split(",") if part.strip()]
        return super().to_internal_value(values)


class SearchFilterSerializer(serializers.Serializer):
    """The filters shared by search, map and export endpoints."""

    category = MultiValueField(
        child=serializers.SlugField(max_length=80), required=False, default=list, max_length=20,
        help_text="Taxonomy term code; includes its subcategories. Repeatable.",
    )  # fmt: skip
    language = MultiValueField(
        child=serializers.RegexField(r"^[a-z]{2,3}$", error_messages={"invalid": _("Use an ISO 639-1 code, e.g. ar.")}),
        required=False, default=list, max_length=20, help_text="ISO 639-1 code of a language spoken. Repeatable.",
    )  # fmt: skip
    audience = MultiValueField(child=serializers.SlugField(max_length=80), required=False, default=list, max_length=20)
    eligibility = MultiValueField(
        child=serializers.SlugField(max_length=80), required=False, default=list, max_length=20
    )
    open_now = serializers.BooleanField(required=False, default=False, help_text="Open now, Europe/Athens time.")
    free = serializers.BooleanField(required=False, default=False, help_text="Only services free of charge.")
    area = serializers.SlugField(required=False, max_length=64, help_text="Area code (municipality, community…).")
    q = serializers.CharField(required=False, max_length=200, allow_blank=True, default="", trim_whitespace=True)

    def filters(self) -> SearchFilters:
        return SearchFilters.from_params(self.validated_data)

    @classmethod
    def validator(cls) -> "SearchFilterSerializer":
        """One instance per class, reused to validate every request: building a serializer's fields (deep copies
        of every declared field) costs more than the whole search query. Validation keeps no state on it."""
        if "_validator" not in cls.__dict__:
            cls._validator = cls()
        return cls._validator

    @classmethod
    def validate_params(cls, query_params: Any) -> dict[str, Any]:
        """The validated parameters, or a ValidationError (400) with a message per field."""
        return cls.validator().run_validation(query_params)


def nearby_feature_json(result: NearbyResult) -> str:
    """A search result as GeoJSON feature text; redacted locations carry no geometry and no address.

    The properties come finished from the search index as JSON text: they are spliced, not decoded and re-encoded.
    """
    geometry = (
        "null"
        if result.redacted
        else f'{{"type":"Point","coordinates":[{round(result.lon, 6)!r},{round(result.lat, 6)!r}]}}'
    )
    open_now = "null" if result.open_now is None else ("true" if result.open_now else "false")
    return (
        f'{{"type":"Feature","id":"{result.id}","geometry":{geometry},"properties":'
        f'{{"distance_m":{result.distance_m!r},"open_now":{open_now},{result.properties_json[1:]}}}'
    )


def nearby_feature(result: NearbyResult) -> dict[str, Any]:
    """A search result as a GeoJSON feature (a dict, for pages)."""
    return json.loads(nearby_feature_json(result))


def nearby_collection_json(results: list[NearbyResult]) -> str:
    return '{"type":"FeatureCollection","features":[' + ",".join(map(nearby_feature_json, results)) + "]}"


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


class BboxField(serializers.CharField):
    """`west,south,east,north` in degrees (WGS84)."""

    def to_internal_value(self, data: Any) -> tuple[float, float, float, float]:
        parts = str(data).split(",")
        if len(parts) != 4:
            raise ValidationError(_("Give four numbers: west,south,east,north."))
        try:
            west, south, east, north = (float(p) for p in parts)
        except ValueError as exc:
            raise ValidationError(_("Give four numbers: west,south,east,north.")) from exc
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise ValidationError(_("West must be less than east and south less than north, within ±180/±90."))
        return west, south, east, north


class ServiceMapApi(APIView):
    """What the map shows in a viewport: points, or clusters (`cluster`, `count`) when more than 2000 match."""

    class FilterSerializer(SearchFilterSerializer):
        bbox = BboxField(help_text="west,south,east,north in degrees")
        zoom = serializers.IntegerField(min_value=0, max_value=22)
        lang = serializers.ChoiceField(
            choices=["el", "en"], required=False, help_text="Language of names; defaults to the request's (Greek)."
        )

    @extend_schema(parameters=[FilterSerializer], responses={(200, "application/geo+json"): OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        west, south, east, north = params.validated_data["bbox"]
        view = MapView(west=west, south=south, east=east, north=north, zoom=params.validated_data["zoom"])
        try:
            with translation.override(params.validated_data.get("lang") or translation.get_language()):
                collection = service_map_features(view=view, filters=params.filters())
        except UnknownFilterValue as exc:
            raise ValidationError({exc.field_name: [str(exc)]}) from exc
        return Response(collection, content_type="application/geo+json")
