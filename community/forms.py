"""Forms of activities, open calls and the toolkit: an editor chooses only their own organisations, a committee
among the six, and gets a clear error for dates in the wrong order, links that are not web pages and files that are
not PDF."""

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.contrib.gis.geos import Point
from django.db.models import QuerySet, URLField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boundaries.geocoding import gazetteer_search
from geo_accmr.geo import GREECE_BBOX
from services.directory import committee_list
from services.forms import LANGUAGE_CHOICES, term_choices
from services.models import Organization

from .models import Activity, OpenCall, ToolkitEntry
from .uploads import pdf_check
from .validators import validate_web_url

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
CALL_MAX_DAYS = 180  # an open call is about a near need; a longer one is better a service


def formfield(field: Any, **kwargs: Any) -> Any:
    """Model fields' form fields; a link typed without a scheme is taken as https."""
    if isinstance(field, URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ScopedForm(forms.ModelForm):
    """Organisation among the person's own (all for coordinators); committee among the six."""

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organization"])
        field.queryset = organizations
        if self.instance._state.adding and organizations.count() == 1:
            self.initial["organization"] = cast(Organization, organizations.first()).pk
        self.fields["committee"] = CommitteeChoiceField(
            label=_("Committee"), queryset=committee_list(), empty_label=None
        )
        if not self.instance._state.adding:
            self.initial["committee"] = self.instance.committee_id


class ActivityForm(ScopedForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    audiences = forms.MultipleChoiceField(label=_("Audience"), required=False, widget=forms.CheckboxSelectMultiple)
    latitude = forms.FloatField(label=_("Latitude"), required=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False)

    class Meta:
        model = Activity
        formfield_callback = formfield
        fields = [
            "organization",
            "committee",
            "kind",
            "title_el",
            "title_en",
            "description_el",
            "description_en",
            "starts_at",
            "ends_at",
            "online",
            "online_url",
            "place",
            "languages",
            "audiences",
            "registration_url",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "description_el": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "place": _("Street and number, or a neighbourhood; the map point is found from it unless you give one."),
            "online_url": _("Where people join, if it is online."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["audiences"]).choices = term_choices("audience")
        point = self.instance.point
        if point is not None and not self.is_bound and "latitude" not in self.initial:
            self.initial["latitude"], self.initial["longitude"] = round(point.y, 6), round(point.x, 6)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        if data.get("online") and not data.get("online_url"):
            self.add_error("online_url", _("Give the link where people join an online activity."))
        if not data.get("online") and not (data.get("place") or "").strip():
            self.add_error("place", _("Say where it takes place, or tick “online”."))
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        elif lat is not None and lon is not None:
            west, south, east, north = GREECE_BBOX
            if not (south <= lat <= north and west <= lon <= east):
                self.add_error("latitude", _("This point is not in Greece."))
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned fields with the map point: the one given, else the gazetteer's place of that name."""
        data = {field: self.cleaned_data.get(field) for field in self.Meta.fields}
        lat, lon = self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
        point = Point(lon, lat, srid=4326) if lat is not None and lon is not None else None
        if point is None and not data["online"] and data["place"]:
            found = gazetteer_search(query=data["place"], limit=1)
            point = found[0].point if found else None
        data["point"] = point
        return data


class OpenCallForm(ScopedForm):
    class Meta:
        model = OpenCall
        fields = ["organization", "committee", "kind", "title", "description", "contact", "expires_at"]
        widgets = {
            "expires_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "contact": _("A name with a phone number or email address that members can use."),
            "expires_at": _("The call closes by itself at this time."),
        }

    def clean_expires_at(self) -> Any:
        expires = self.cleaned_data["expires_at"]
        now = timezone.now()
        if expires <= now:
            raise forms.ValidationError(_("The closing time must be in the future."))
        if expires > now + timedelta(days=CALL_MAX_DAYS):
            raise forms.ValidationError(_("A call stays open at most %(days)s days.") % {"days": CALL_MAX_DAYS})
        return expires

    def values(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class ToolkitForm(ScopedForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    file = forms.FileField(label=_("PDF file"), required=False, help_text=_("Or a link above. PDF only."))

    class Meta:
        model = ToolkitEntry
        formfield_callback = formfield
        fields = ["organization", "committee", "kind", "title", "description", "language", "published_on", "link"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"link": _("A web page or document online (http:// or https://).")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = "application/pdf,.pdf"
        self.pdf: tuple[str, bytes] | None = None

    def clean_link(self) -> str:
        link = self.cleaned_data.get("link") or ""
        validate_web_url(link)
        return link

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            self.pdf = pdf_check(uploaded)
        return uploaded

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_file = self.pdf is not None or (not self.instance._state.adding and hasattr(self.instance, "file"))
        if not data.get("link") and not has_file and not self.has_error("file") and not self.has_error("link"):
            self.add_error("link", _("Give a link or upload a PDF file."))
        return data

    def values(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}
