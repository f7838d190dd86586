"""Declaring an emergency and offering a service for it. Bad input is a form error and changes nothing."""

from typing import Any

from django import forms
from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boundaries.models import Area, AreaLevel
from geo_accmr.geo import GREECE_BBOX, WGS84
from services.models import Organization, Service
from services.redaction import is_shelter_service

from .models import Emergency, EmergencyOffer, OfferKind

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
AFFECTED_LEVELS = (AreaLevel.COMMUNITY, AreaLevel.MUNICIPALITY)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} · {obj.get_level_display()}"


def affected_areas() -> Any:
    """Municipal communities (Athens) first, then municipalities."""
    return Area.objects.filter(level__in=AFFECTED_LEVELS).order_by(
        "level", "name"
    )  # "community" sorts before "municipality"


class EmergencyForm(forms.ModelForm):
    areas = AreaChoiceField(
        queryset=Area.objects.none(),
        label=_("Affected areas"),
        help_text=_("Municipal communities or municipalities; hold Ctrl (⌘ on a Mac) to choose more than one."),
        error_messages={"required": _("Choose at least one affected area.")},
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    starts_at = forms.DateTimeField(label=_("Start"), input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(
        label=_("Expected end"), input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput(),
        help_text=_("Everything offered for the emergency ends with it; it then stays in the history."),
    )  # fmt: skip

    class Meta:
        model = Emergency
        fields = ["kind", "title_el", "title_en", "description_el", "description_en", "areas", "starts_at", "ends_at"]
        widgets = {
            "description_el": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = affected_areas()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The expected end must be after the start."))
        return data


class OfferForm(forms.ModelForm):
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=GREECE_BBOX[1], max_value=GREECE_BBOX[3])
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=GREECE_BBOX[0], max_value=GREECE_BBOX[2])
    ends_at = forms.DateTimeField(
        label=_("Ends"), required=False, input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput(),
        help_text=_("Leave empty to end with the emergency."),
    )  # fmt: skip

    class Meta:
        model = EmergencyOffer
        fields = ["organization", "kind", "name_el", "name_en", "service", "area", "lat", "lon", "address", "phone",
                  "hours", "ends_at"]  # fmt: skip

    def __init__(self, *args: Any, emergency: Emergency, organization_ids: set | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.emergency = emergency
        organizations = Organization.objects.order_by("name")
        services = (
            Service.objects.select_related("organization")
            .prefetch_related("service_at_locations__location")
            .order_by("name")
        )
        if organization_ids is not None:
            organizations = organizations.filter(id__in=organization_ids)
            services = services.filter(organization_id__in=organization_ids)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        if organization_ids is not None and len(organization_ids) == 1:
            self.fields["organization"].initial = next(iter(organization_ids))  # an editor of one organisation
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["area"].queryset = affected_areas()  # type: ignore[attr-defined]
        self.fields["area"].required = False
        self.fields["area"].help_text = _("Required for a temporary shelter; otherwise found from the point.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind, lat, lon = data.get("kind"), data.get("lat"), data.get("lon")
        if kind == OfferKind.SHELTER:
            if lat is not None or lon is not None or data.get("address") or data.get("phone"):
                self.add_error(
                    None,
                    _(
                        "A temporary shelter is shown by its area only: "
                        "leave the point, the address and the phone empty."
                    ),
                )
            if not data.get("area"):
                self.add_error("area", _("Choose the area of the temporary shelter."))
        elif kind:
            if lat is None or lon is None:
                self.add_error("lat", _("Give the place's latitude and longitude."))
            elif not data.get("area"):
                point = Point(lon, lat, srid=WGS84)
                area = affected_areas().filter(geom__covers=point).order_by("level").first()  # the community, if any
                if area is None:
                    self.add_error("lat", _("This point is outside every area we know."))
                data["area"] = area
        service, organization = data.get("service"), data.get("organization")
        if service and organization and service.organization_id != organization.pk:
            self.add_error("service", _("The related service must belong to the same organisation."))
        if service and kind and kind != OfferKind.SHELTER and is_shelter_service(service):
            self.add_error(
                "service", _("This service is at a shelter: offer it as a temporary shelter (by area only).")
            )
        ends = data.get("ends_at")
        if ends and ends <= max(self.emergency.starts_at, timezone.now()):
            self.add_error("ends_at", _("The end must be in the future and after the emergency's start."))
        return data

    def save(self, commit: bool = True) -> EmergencyOffer:
        offer: EmergencyOffer = super().save(commit=False)
        lat, lon = self.cleaned_data.get("lat"), self.cleaned_data.get("lon")
        offer.point = Point(lon, lat, srid=WGS84) if lat is not None and lon is not None else None
        offer.area = self.cleaned_data["area"]
        offer.emergency = self.emergency
        if commit:
            offer.save()
        return offer


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("publish", _("Publish")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
