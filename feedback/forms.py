"""The public "report a problem" form (with a honeypot) and the coordinators' resolve form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProblemKind


class ProblemReportForm(forms.Form):
    """What is wrong with a listing; `website` is a honeypot that people never see or fill."""

    kind = forms.ChoiceField(label=_("What is wrong?"), choices=ProblemKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not write anything about a client."),
    )
    contact_email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        help_text=_("Only the coordinators see it, in case they need to ask you something."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        assert data is not None  # forms.Form.clean() returns cleaned_data
        if data.get("kind") == ProblemKind.OTHER and not (data.get("text") or "").strip():
            self.add_error("text", _("Please say what is wrong."))
        return data

    @property
    def is_bot(self) -> bool:
        """A filled honeypot: the submission is dropped without a word."""
        return bool(self.data.get("website", "").strip())


class ResolveForm(forms.Form):
    """A coordinator closes a report with a note."""

    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
