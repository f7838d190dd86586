"""Area API: GeoJSON areas by level."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from .models import Area, AreaLevel
from .selectors import area_list


class AreaListApi(APIView):
    """Areas of one level as a GeoJSON FeatureCollection."""

    class FilterSerializer(serializers.Serializer):
        level = serializers.ChoiceField(choices=AreaLevel.choices, default=AreaLevel.MUNICIPALITY)
        parent = serializers.SlugField(required=False, help_text="Only areas inside this area (code).")  # type: ignore[assignment]  # a declared field, moved off the class by DRF's SerializerMetaclass
        cni_member = serializers.BooleanField(required=False, allow_null=True, default=None)
        simplify = serializers.FloatField(
            required=False, min_value=0, max_value=0.1, help_text="Simplification tolerance in degrees (display)."
        )

    class OutputSerializer(GeoFeatureModelSerializer):
        parent = serializers.CharField(source="parent.code", default=None)
        geom = serializers.SerializerMethodField()

        class Meta:
            model = Area
            geo_field = "geom"
            id_field = False
            fields = ["code", "level", "name", "name_el", "name_en", "population", "population_year", "parent",
                      "cni_member", "area_km2", "geom"]  # fmt: skip

        def get_geom(self, obj: Area) -> dict:
            geom = getattr(obj, "display_geom", None) or obj.geom
            return {"type": geom.geom_type, "coordinates": geom.coords}

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        areas = area_list(**params.validated_data)
        return Response(self.OutputSerializer(areas, many=True).data)
