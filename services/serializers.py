"""Request parameters shared by the search, map, export and coverage endpoints (validated with DRF serializers)."""

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from .selectors import SearchFilters


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

    _validator: ClassVar["SearchFilterSerializer"]  # set on first use by validator(), once per class

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


class BboxField(serializers.CharField):
    """`west,south,east,north` in degrees (WGS84)."""

    # DRF's stubs type a CharField's internal value as str; this field's is the parsed bbox.
    def to_internal_value(self, data: Any) -> tuple[float, float, float, float]:  # type: ignore[override]
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
