"""Forms of the committee workspaces (coordinators): report notes and attached organisations."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from services.models import Organization
from services.rules import service_day

from .models import NOTES_MAX_LENGTH
from .selectors import month_parse


class MonthField(forms.Field):
    """A month as `YYYY-MM`, not after the current one; cleaned to its first day."""

    def to_python(self, value: Any) -> date | None:
        text = str(value).strip() if value not in self.empty_values else ""
        if not text:
            return None
        month = month_parse(text)
        if month is None:
            raise forms.ValidationError(_("Give the month as YYYY-MM, for example 2026-03."), code="invalid")
        if month > service_day().replace(day=1):
            raise forms.ValidationError(_("The report cannot be for a month that has not started."), code="future")
        return month


class NoteForm(forms.Form):
    month = MonthField(label=_("Month"))
    text = forms.CharField(
        label=_("Notes for the meeting"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ReportMonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)


class AttachForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        error_messages={"invalid_choice": _("Choose an organisation that is not attached yet.")},
    )

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations if organizations is not None else Organization.objects.all()
