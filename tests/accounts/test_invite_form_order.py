"""The invitation form lists organisations in the alphabetical order of the page's language."""

import pytest
from django.utils import translation

from accounts.forms import InvitationForm
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_organisations_sorted_in_the_page_language() -> None:
    first_in_greek = OrganizationFactory(name="Άλφα", name_el="Άλφα", name_en="Zeta Help")
    first_in_english = OrganizationFactory(name="Ωμέγα", name_el="Ωμέγα", name_en="Alpha Aid")
    for language, expected in (("en", first_in_english), ("el", first_in_greek)):
        with translation.override(language):
            choices = [org.pk for org in InvitationForm().fields["organizations"].queryset]
        assert choices.index(expected.pk) < choices.index(
            (first_in_greek if expected == first_in_english else first_in_english).pk
        )
