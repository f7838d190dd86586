"""The coverage query parameters, shared by the coverage API and the coverage page."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from boundaries.models import AreaLevel
from services.selectors import SearchFilters
from services.serializers import MultiValueField

from .selectors import DEFAULT_BEYOND_M, DEFAULT_HORIZON_DAYS, DEFAULT_UNMET_WEEKS, CoverageQuery, default_city


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
