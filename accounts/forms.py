"""Forms of the accounts pages: invite, change a person's role, accept an invitation, save a search."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from services.models import Organization

from .models import Role


class OrganizationsField(forms.ModelMultipleChoiceField):
    """The organisations an editor speaks for, as a list of check boxes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Organization.objects.order_by("name"),
            required=False,
            label=_("Organisations (for organisation editors)"),
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )


class RoleOrganizationsMixin:
    """Editors need at least one organisation; other roles have none."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # sorted when the form is made, by the name in the page's language (the field's own queryset was sorted
        # once, at import, in Greek)
        self.fields["organizations"].queryset = Organization.objects.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        if data.get("role") == Role.EDITOR and not data.get("organizations"):
            self.add_error("organizations", _("Choose at least one organisation for an organisation editor."))  # type: ignore[attr-defined]
        return data


class InvitationForm(RoleOrganizationsMixin, forms.Form):
    """A coordinator invites a person by email."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)
    organizations = OrganizationsField()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Someone with this email already has an account."))
        return email


class PersonForm(RoleOrganizationsMixin, forms.Form):
    """A coordinator changes a person's role and organisations, or lets them sign in no more."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organizations = OrganizationsField()
    is_active = forms.BooleanField(
        label=_("Active (may sign in)"), required=False, help_text=_("Untick to deactivate the account.")
    )

    def __init__(self, *args: Any, person: Any, acting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person, self.acting = person, acting

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.person.pk == self.acting.pk and (data.get("role") != Role.COORDINATOR or not data.get("is_active")):
            raise forms.ValidationError(_("You cannot remove your own coordinator role or deactivate yourself."))
        return data


class InvitationAcceptForm(UserCreationForm):
    """The invited person chooses a username and a password."""

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.email = email  # the password validators compare the password with it
        self.fields["username"].help_text = _(
            "Letters, digits and @ . + - _ only. You can also sign in with your email."
        )


class SavedSearchForm(forms.Form):
    """Keep the current search under a name."""

    name = forms.CharField(label=_("Name"), max_length=100)
    query = forms.CharField(max_length=4000, required=False, widget=forms.HiddenInput)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the search a name."))
        return name
