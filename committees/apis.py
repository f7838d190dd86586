"""/api/committees/: each working committee with its counts."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from services.rules import service_day

from .selectors import HORIZON_DAYS, UNMET_WEEKS, committee_figures


class CommitteeSerializer(serializers.Serializer):
    code = serializers.SlugField(help_text="The committee's taxonomy code, e.g. rights-legal.")
    name = serializers.CharField(help_text="In the request's language.")
    name_el = serializers.CharField()
    name_en = serializers.CharField()
    services = serializers.IntegerField(
        help_text="Distinct current services in its categories (subcategories included), as search counts them."
    )
    organisations = serializers.IntegerField(
        help_text="Organisations of those services, together with those coordinators attached to the committee."
    )
    ending_soon = serializers.IntegerField(
        help_text=f"Of those services, the ones whose valid_to falls within {HORIZON_DAYS} days."
    )
    unmet_need_4w = serializers.IntegerField(
        help_text=f"Unmet need recorded for its categories in the last {UNMET_WEEKS} weeks (this week and the "
        f"{UNMET_WEEKS - 1} before)."
    )


class CommitteeListApi(APIView):
    """The six working committees: services search shows in their categories, organisations, cliffs, unmet need."""

    class OutputSerializer(serializers.Serializer):
        on = serializers.DateField(help_text="The day (Athens) the counts describe.")
        horizon_days = serializers.IntegerField()
        unmet_weeks = serializers.IntegerField()
        committees = CommitteeSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request: Request) -> Response:
        on = service_day()
        data = {
            "on": on,
            "horizon_days": HORIZON_DAYS,
            "unmet_weeks": UNMET_WEEKS,
            "committees": committee_figures(on=on),
        }
        return Response(self.OutputSerializer(data).data)
