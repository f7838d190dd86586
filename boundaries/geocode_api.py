"""Geocoding API: place and address candidates for the search box."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .geocoding import gazetteer_search, geocode

QUERY_MIN_LENGTH = 2
QUERY_MAX_LENGTH = 200
NOTHING_MATCHED = _("Nothing matched “%(query)s”. Try a street and number, a neighbourhood or a municipality.")
NOTHING_MATCHED_PROVIDER_DOWN = _(
    "Nothing matched “%(query)s” in our own list of places, and the address search service is unreachable right "
    "now. Try again later, or search for a neighbourhood or a municipality."
)


class GeocodeCandidateSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, moved off the class by DRF's SerializerMetaclass
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    source = serializers.CharField(help_text="`gazetteer` (our own places) or the provider's name (`nominatim`).")  # type: ignore[assignment]  # a declared field, moved off the class by DRF's SerializerMetaclass
    kind = serializers.CharField(
        help_text="municipality, community, neighbourhood, hospital, landmark; or the provider's type (road, ...)."
    )
    area_code = serializers.CharField(allow_null=True, help_text="The area's code when the candidate is an area.")


class GeocodeApi(APIView):
    """Candidates for a place name or address: our gazetteer first (Greek, English, Greeklish), then the provider."""

    authentication_classes: list = []

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(
            min_length=QUERY_MIN_LENGTH,
            max_length=QUERY_MAX_LENGTH,
            help_text="A place, neighbourhood, municipality or street address; Greek, English or Greeklish.",
            error_messages={
                "required": _("Type a place or an address to search for."),
                "blank": _("Type a place or an address to search for."),
                "min_length": _("Type at least {min_length} characters."),
                "max_length": _("Type at most {max_length} characters."),
            },
        )
        limit = serializers.IntegerField(min_value=1, max_value=20, default=10)
        suggest = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Suggestions while typing: our gazetteer only, never the external provider (whose usage "
            "policy forbids autocomplete).",
        )
        lang = serializers.ChoiceField(
            choices=[code for code, _name in settings.LANGUAGES],
            required=False,
            help_text="Language of labels and messages; defaults to the request's language (Greek).",
        )

    @extend_schema_serializer(component_name="GeocodeAnswer")  # "Output" alone collides with other views' schemas
    class OutputSerializer(serializers.Serializer):
        results = GeocodeCandidateSerializer(many=True)
        message = serializers.CharField(
            allow_blank=True, help_text="Empty, or why there are few or no results (nothing matched, provider down)."
        )

    @extend_schema(
        parameters=[FilterSerializer],
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(description='`{"errors": {"q": ["..."]}}`: q missing, too short or too long.'),
        },
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.validated_data["q"]
        with translation.override(params.validated_data.get("lang") or translation.get_language()):
            if params.validated_data["suggest"]:
                candidates, warning = gazetteer_search(query=query, limit=params.validated_data["limit"]), None
            else:
                candidates, warning = geocode(query=query, limit=params.validated_data["limit"])
            if not candidates:
                message = (NOTHING_MATCHED_PROVIDER_DOWN if warning else NOTHING_MATCHED) % {"query": query}
            else:
                message = warning or ""
            return Response(self.OutputSerializer({"results": candidates, "message": str(message)}).data)
