"""The service form outside the admin: Greek and English side by side, hours and locations as formsets."""

import re
import uuid
from typing import Any, cast

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.validators import RegexValidator
from django.db.models import Field, QuerySet
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from services.forms import LANGUAGE_CHOICES, category_tree, term_choices
from services.models import WEEKDAYS, CapacityStatus, Organization, Service

from .actions import location_geocode
from .state import LANGS, NEW_PREFIX, SERVICE_PLAIN, SERVICE_TEXT_FIELDS, SERVICE_TRANSLATED, hours_key, service_state

DAY_CHOICES = [
    ("MO", _("Mon")),
    ("TU", _("Tue")),
    ("WE", _("Wed")),
    ("TH", _("Thu")),
    ("FR", _("Fri")),
    ("SA", _("Sat")),
    ("SU", _("Sun")),
]
LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2}$")
POSTAL_CODE = RegexValidator(r"^[0-9]{3} ?[0-9]{2}$", _("A Greek postal code has five digits."))
BASE_MAX_AGE = 7 * 24 * 3600  # a form left open longer is compared with the record as it is when saved


def form_errors_add(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a model's validation error on the form: under its field, or on top when the form has no such field.

    (Django's `add_error(None, error)` raises for an error about a field the form lacks: a 500 instead of a message.)
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
            continue
        for message in ValidationError(errors).messages:
            if field != NON_FIELD_ERRORS:
                message = _("%(field)s: %(message)s This is not on this form; a coordinator can correct it.") % {
                    "field": capfirst(_field_label(form, field)),
                    "message": message,
                }
            form.add_error(None, message)


def _field_label(form: forms.BaseForm, field: str) -> str:
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        return str(model._meta.get_field(field).verbose_name) if model else field
    except FieldDoesNotExist:
        return field


def base_salt(service_id: Any) -> str:
    return f"editing.base.{service_id}"


LANG_LABELS = {"el": _("Greek"), "en": _("English")}


def translated_label(field: str) -> Any:
    """ "Name (Greek)" for name_el: the model's verbose name and the language."""
    base, _sep, lang = field.rpartition("_")
    model_field = Service._meta.get_field(base)
    assert isinstance(model_field, Field)  # a field of Service's own, not a reverse relation
    return format_lazy("{} ({})", capfirst(model_field.verbose_name), LANG_LABELS[lang])


class ServiceForm(forms.ModelForm):
    """The service's own fields; validated against the model (constraints included) without saving it."""

    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    categories = forms.MultipleChoiceField(label=_("Type of help"), required=False)
    audiences = forms.MultipleChoiceField(label=_("Audience"), required=False, widget=forms.CheckboxSelectMultiple)
    eligibility = forms.MultipleChoiceField(
        label=_("Legal status"), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=LANGUAGE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=100,
        help_text=_("Two-letter ISO 639-1 codes separated by commas, e.g. ka, hy."),
    )
    base = forms.CharField(required=False, widget=forms.HiddenInput)
    url = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    note = forms.CharField(
        label=_("Note to the coordinators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: what changed and why."),
    )

    class Meta:
        model = Service
        fields = ["organization", *SERVICE_TRANSLATED, *SERVICE_PLAIN]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "capacity_status": forms.RadioSelect,
            **{f"{f}_{lang}": forms.Textarea(attrs={"rows": 3}) for f in SERVICE_TEXT_FIELDS[2:] for lang in LANGS},
        }

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        if organizations.count() == 1 and self.instance._state.adding:
            first = organizations.first()
            assert first is not None  # count() == 1
            self.initial["organization"] = first.pk
        for field in SERVICE_TRANSLATED:
            self.fields[field].label = translated_label(field)
        self.fields["name_el"].required = True
        cast(forms.ChoiceField, self.fields["capacity_status"]).choices = CapacityStatus.choices
        self.category_tree = category_tree()
        cast(forms.ChoiceField, self.fields["categories"]).choices = [
            (term.code, term.name) for top in self.category_tree for term in [top, *top.subcategories]
        ]
        cast(forms.ChoiceField, self.fields["audiences"]).choices = term_choices("audience")
        cast(forms.ChoiceField, self.fields["eligibility"]).choices = term_choices("eligibility")
        known = {code for code, _name in LANGUAGE_CHOICES}
        if not self.instance._state.adding and not self.is_bound:
            codes = sorted(self.instance.languages.values_list("code", flat=True))
            self.initial["languages"] = [c for c in codes if c in known]
            self.initial["other_languages"] = ", ".join(c for c in codes if c not in known)
            for field in ("categories", "audiences", "eligibility"):
                self.initial[field] = list(getattr(self.instance, field).values_list("code", flat=True))
            self.initial["base"] = signing.dumps(
                service_state(self.instance), salt=base_salt(self.instance.pk), compress=True
            )

    def clean_base(self) -> dict[str, Any] | None:
        """The published state the form was filled from, signed for this service (None if absent or tampered)."""
        if self.instance._state.adding:
            return None
        try:
            return signing.loads(self.cleaned_data["base"], salt=base_salt(self.instance.pk), max_age=BASE_MAX_AGE)
        except signing.BadSignature:
            return None

    def clean_other_languages(self) -> list[str]:
        codes = [c.strip().lower() for c in self.cleaned_data["other_languages"].split(",") if c.strip()]
        bad = [c for c in codes if not LANGUAGE_CODE_RE.match(c)]
        if bad:
            raise forms.ValidationError(_("Not an ISO 639-1 code: %(codes)s") % {"codes": ", ".join(bad)})
        return codes

    def text_pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Greek and English fields of each text, to show side by side."""
        return [(self[f"{field}_el"], self[f"{field}_en"]) for field in SERVICE_TEXT_FIELDS]

    def selected_categories(self) -> set[str]:
        value = self["categories"].value() or []
        return set(value)

    def state_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        state: dict[str, Any] = {"organization": str(data["organization"].pk)}
        for field in SERVICE_TRANSLATED:
            state[field] = data.get(field) or ""
        for field in SERVICE_PLAIN:
            value = data.get(field)
            state[field] = value.isoformat() if field in ("valid_from", "valid_to") and value else value
        state["url"] = state["url"] or ""
        state["email"] = state["email"] or ""
        for field in ("categories", "audiences", "eligibility"):
            state[field] = sorted(data[field])
        state["languages"] = sorted(set(data["languages"]) | set(data["other_languages"]))
        return state


class HoursForm(forms.Form):
    """One weekly period: the days it applies to, when it opens and closes (a close before the open is next day)."""

    days = forms.MultipleChoiceField(label=_("Days"), choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple)
    opens_at = forms.TimeField(label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes_at = forms.TimeField(
        label=_("Closes"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Earlier than the opening time means after midnight."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # forms.Form.clean() returns cleaned_data
        if data.get("opens_at") and data.get("opens_at") == data.get("closes_at"):
            raise forms.ValidationError(_("Opening and closing times must differ."))
        return data

    def row(self) -> dict[str, str]:
        data = self.cleaned_data
        days = ",".join(d for d in WEEKDAYS if d in data["days"])
        return {"byday": days, "opens_at": f"{data['opens_at']:%H:%M}", "closes_at": f"{data['closes_at']:%H:%M}"}


class LocationForm(forms.Form):
    """A place where the service is delivered: address (geocoded on the server), pin, shelter flag."""

    key = forms.CharField(widget=forms.HiddenInput, required=False)
    name_el = forms.CharField(label=_("Name of the place (Greek)"), required=False, max_length=300)
    name_en = forms.CharField(label=_("Name of the place (English)"), required=False, max_length=300)
    address_1 = forms.CharField(label=_("Street and number"), max_length=300)
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=10, validators=[POSTAL_CODE])
    city = forms.CharField(label=_("City or area"), max_length=200)
    lat = forms.FloatField(required=False, min_value=34, max_value=42, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=19, max_value=30, widget=forms.HiddenInput)
    redacted = forms.BooleanField(
        label=_("Shelter: hide the exact address"),
        required=False,
        help_text=_("The public sees only the area, never the point or street."),
    )

    def __init__(self, *args: Any, allowed_keys: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_keys = allowed_keys or set()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # forms.Form.clean() returns cleaned_data
        if self.errors:
            return data
        if data.get("key") not in self.allowed_keys:
            data["key"] = f"{NEW_PREFIX}{uuid.uuid4().hex}"  # a new place, whatever id the browser sent
        if data.get("lat") is None or data.get("lon") is None:
            found = location_geocode(
                address_1=data["address_1"], city=data["city"], postal_code=data.get("postal_code") or ""
            )
            if found is None:
                raise forms.ValidationError(
                    _("We could not find this address. Check it, or place the pin on the map yourself.")
                )
            data["lat"], data["lon"] = found
        return data

    def location(self) -> tuple[str, dict[str, Any]]:
        data = self.cleaned_data
        return data["key"], {
            "name_el": data["name_el"],
            "name_en": data["name_en"],
            "address_1": data["address_1"],
            "postal_code": data["postal_code"],
            "city": data["city"],
            "lat": round(data["lat"], 6),
            "lon": round(data["lon"], 6),
            "redacted": data["redacted"],
        }


HoursFormSet = forms.formset_factory(HoursForm, extra=2, can_delete=True, max_num=21, validate_max=True)


class BaseLocationFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, allowed_keys: set[str] | None = None, **kwargs: Any) -> None:
        self.allowed_keys = allowed_keys or set()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "allowed_keys": self.allowed_keys}


# formset_factory builds a subclass of `formset`; the stubs return plain BaseFormSet.
LocationFormSet = cast(
    type[BaseLocationFormSet],
    forms.formset_factory(
        LocationForm, formset=BaseLocationFormSet, extra=1, can_delete=True, max_num=20, validate_max=True
    ),
)


def _kept(formset: forms.BaseFormSet, form: forms.Form) -> bool:
    """A filled-in row not marked for deletion (an untouched extra row is empty, so it is skipped)."""
    filled = bool(form.cleaned_data) and (form.has_changed() or bool(form.initial))
    return filled and not formset._should_delete_form(form)  # type: ignore[attr-defined]  # Django's, not in the stubs


def hours_rows(formset: forms.BaseFormSet) -> list[dict[str, str]]:
    """The weekly periods of a valid hours formset, de-duplicated and in a stable order."""
    rows = {hours_key(form.row()): form.row() for form in formset.forms if _kept(formset, form)}
    return [rows[key] for key in sorted(rows)]


def locations_state(formset: forms.BaseFormSet) -> dict[str, Any]:
    """The locations of a valid location formset, keyed by location id (or new-… for new places)."""
    return dict(form.location() for form in formset.forms if _kept(formset, form))


class OrganizationForm(forms.ModelForm):
    """An organisation's public description, Greek and English side by side."""

    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name_el", "name_en", "description_el", "description_en", "email", "website"]
        widgets = {f"description_{lang}": forms.Textarea(attrs={"rows": 4}) for lang in ("el", "en")}


class ReviewForm(forms.Form):
    """A coordinator's decision on a change request."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(
        label=_("Comment to the organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # forms.Form.clean() returns cleaned_data
        if data.get("decision") == "reject" and not data.get("comment"):
            raise forms.ValidationError(_("Say why the change is rejected, so the organisation can fix it."))
        return data
