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
from boundaries.models import AreaLevel
from geo_accmr.geo import GREECE_BBOX
from services.apis import MultiValueField
from services.models import TaxonomyTerm
from services.selectors import SearchFilters, UnknownFilterValue

from .actions import unmet_need_record
from .models import UnmetNeedReason
from .selectors import (
    DEFAULT_BEYOND_M,
    DEFAULT_HORIZON_DAYS,
    DEFAULT_UNMET_WEEKS,
    CoverageQuery,
    coverage_cells,
    coverage_table,
    default_city,
    unmet_need_list,
)


class CoverageFilterSerializer(serializers.Serializer):
    """Which areas, which services (the filters of /api/nearby/ that make sense for planning) and thresholds."""

    level = serializers.ChoiceField(choices=AreaLevel.choices, default=AreaLevel.MUNICIPALITY)
    city = serializers.SlugField(
        required=False, max_length=64,
        help_text="Municipality code: its own row (level=municipality) or its communities/neighbourhoods. "
        "Communities and neighbourhoods default to Athens (gr-9186).",
    )  # fmt: skip
    cni_member = serializers.BooleanField(required=False, default=False, help_text="Cities Network members only.")
    category = MultiValueField(
        child=serializers.SlugField(max_length=80), required=False, default=list, max_length=20,
        help_text="Taxonomy term code; includes its subcategories. Repeatable.",
    )  # fmt: skip
    language = MultiValueField(
        child=serializers.RegexField(r"^[a-z]{2,3}$", error_messages={"invalid": _("Use an ISO 639-1 code, e.g. ar.")}),
        required=False, default=list, max_length=20,
    )  # fmt: skip
    audience = MultiValueField(child=serializers.SlugField(max_length=80), required=False, default=list, max_length=20)
    free = serializers.BooleanField(required=False, default=False)
    beyond_m = serializers.IntegerField(
        required=False, default=int(DEFAULT_BEYOND_M), min_value=100, max_value=50000,
        help_text="Distance for `share_beyond` and the grid-cell layer (metres).",
    )  # fmt: skip
    horizon_days = serializers.IntegerField(
        required=False, default=DEFAULT_HORIZON_DAYS, min_value=1, max_value=730,
        help_text="Service cliffs: services whose valid_to falls within this many days count in `ending_soon`.",
    )  # fmt: skip
    unmet_weeks = serializers.IntegerField(required=False, default=DEFAULT_UNMET_WEEKS, min_value=1, max_value=260)

    def query(self) -> CoverageQuery:
        data = self.validated_data
        filters = SearchFilters.from_params(
            {"category": data["category"], "language": data["language"], "audience": data["audience"],
             "free": data["free"]}
        )  # fmt: skip
        return CoverageQuery(
            level=data["level"],
            city=data.get("city") or default_city(data["level"]),
            cni_only=data["cni_member"],
            filters=filters,
            horizon_days=data["horizon_days"],
            beyond_m=float(data["beyond_m"]),
        )


def parse_query(params: Any) -> tuple[CoverageQuery, int]:
    """Validated query parameters → (CoverageQuery, unmet-need weeks); 400 with a message per field."""
    serializer = CoverageFilterSerializer(data=params)
    serializer.is_valid(raise_exception=True)
    return serializer.query(), serializer.validated_data["unmet_weeks"]


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
