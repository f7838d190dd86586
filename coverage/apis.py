"""Coverage APIs for planners: /api/coverage/ (rows per area), its grid cells, and unmet need."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import can_record_unmet_need
from geo_accmr.geo import GREECE_BBOX
from services.models import TaxonomyTerm
from services.selectors import UnknownFilterValue
from services.serializers import MultiValueField

from .actions import unmet_need_record
from .models import UnmetNeedReason
from .selectors import (
    coverage_cells,
    coverage_table,
    unmet_need_list,
)
from .serializers import CoverageFilterSerializer, parse_query

_ROW = inline_serializer(
    "CoverageRow",
    {
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "name_el": serializers.CharField(),
        "name_en": serializers.CharField(),
        "population": serializers.IntegerField(allow_null=True),
        "services": serializers.IntegerField(),
        "per_10k": serializers.FloatField(allow_null=True, help_text="Services per 10,000 residents."),
        "per_km2": serializers.FloatField(allow_null=True),
        "median_nearest_m": serializers.FloatField(allow_null=True),
        "share_beyond_1km": serializers.FloatField(allow_null=True),
        "share_beyond": serializers.FloatField(allow_null=True, help_text="Share of the surface beyond beyond_m."),
        "ending_soon": serializers.IntegerField(),
        "unmet_need": serializers.IntegerField(),
        "area_km2": serializers.FloatField(),
        "sample_points": serializers.IntegerField(),
        "spacing_m": serializers.FloatField(),
    },
    many=True,
)
COVERAGE_ANSWER = inline_serializer(
    "CoverageAnswer",
    {
        "rows": _ROW,
        "totals": serializers.DictField(),
        "population_known": serializers.BooleanField(),
        "cached": serializers.BooleanField(),
    },
)
CELLS_ANSWER = inline_serializer(
    "CoverageCells",
    {"type": serializers.ChoiceField(choices=["FeatureCollection"]), "features": serializers.ListField(
        child=serializers.DictField(), help_text="Square cells (Polygon) with distance_m, farthest first.")},
)  # fmt: skip
UNMET_NEED_ANSWER = inline_serializer(
    "UnmetNeedList",
    {"level": serializers.CharField(), "city": serializers.CharField(allow_null=True),
     "weeks": serializers.IntegerField(), "rows": serializers.ListField(child=serializers.DictField())},
)  # fmt: skip
RECORDED = inline_serializer("UnmetNeedRecorded", {"recorded": serializers.IntegerField()})


def _known(error: UnknownFilterValue) -> ValidationError:
    return ValidationError({error.field_name: [str(error)]})


class CoverageApi(APIView):
    """One row per area: services (exact covers), per 10,000 residents, distance to the nearest matching service."""

    @extend_schema(parameters=[CoverageFilterSerializer], responses={200: COVERAGE_ANSWER})
    def get(self, request: Request) -> Response:
        query, weeks = parse_query(request.query_params)
        try:
            table = coverage_table(query=query, unmet_weeks=weeks)
        except UnknownFilterValue as error:
            raise _known(error) from error
        return Response(table)


class CoverageCellsApi(APIView):
    """Grid cells (squares of the sample grid) whose centre is farther than `beyond_m` from a matching service."""

    @extend_schema(parameters=[CoverageFilterSerializer], responses={(200, "application/geo+json"): CELLS_ANSWER})
    def get(self, request: Request) -> Response:
        query, _weeks = parse_query(request.query_params)
        try:
            cells = coverage_cells(query=query)
        except UnknownFilterValue as error:
            raise _known(error) from error
        return Response(cells, content_type="application/geo+json")


class ReadOrRecordUnmetNeed(BasePermission):
    """Anyone reads the counts; only signed-in people (accounts.permissions.can_record_unmet_need) add to them."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS or can_record_unmet_need(request.user):
            return True
        raise PermissionDenied(_("Sign in to count unmet need: only caseworkers, editors and coordinators may."))


class UnmetNeedApi(APIView):
    """GET: unmet need per area and need; POST (signed in): count one search that found no fitting service (no point
    kept)."""

    permission_classes = [ReadOrRecordUnmetNeed]

    class InputSerializer(serializers.Serializer):
        lat = serializers.FloatField(min_value=GREECE_BBOX[1], max_value=GREECE_BBOX[3])
        lon = serializers.FloatField(min_value=GREECE_BBOX[0], max_value=GREECE_BBOX[2])
        reason = serializers.ChoiceField(choices=UnmetNeedReason.choices)
        category = MultiValueField(child=serializers.SlugField(max_length=80), required=False, default=list,
                                   max_length=10)  # fmt: skip
        language = MultiValueField(
            child=serializers.RegexField(r"^[a-z]{2,3}$"), required=False, default=list, max_length=10
        )
        audience = MultiValueField(child=serializers.SlugField(max_length=80), required=False, default=list,
                                   max_length=10)  # fmt: skip

        def validate(self, data: dict[str, Any]) -> dict[str, Any]:
            errors = {}
            for field_name, taxonomy in (("category", "categories"), ("audience", "audience")):
                codes = set(data[field_name])
                known = set(
                    TaxonomyTerm.objects.filter(taxonomy__code=taxonomy, code__in=codes).values_list("code", flat=True)
                )
                if codes - known:
                    errors[field_name] = [f"Unknown {field_name}: {', '.join(sorted(codes - known))}"]
            if errors:
                raise ValidationError(errors)
            return data

    @extend_schema(parameters=[CoverageFilterSerializer], responses={200: UNMET_NEED_ANSWER})
    def get(self, request: Request) -> Response:
        query, weeks = parse_query(request.query_params)
        try:
            return Response(unmet_need_list(query=query, weeks=weeks))
        except UnknownFilterValue as error:
            raise _known(error) from error

    @extend_schema(request=InputSerializer, responses={201: RECORDED, 403: None})
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        from django.utils import timezone

        touched = unmet_need_record(
            lat=data["lat"],
            lon=data["lon"],
            day=timezone.localdate(),
            reason=data["reason"],
            categories=data["category"],
            languages=data["language"],
            audiences=data["audience"],
        )
        return Response({"recorded": touched}, status=status.HTTP_201_CREATED)
