"""The search form's fields are made once per directory version and language and shared by the forms of that
version and language: using one form (bound, validated with errors, rendered) changes nothing another form shows."""

import pytest
from django.http import QueryDict
from django.utils import translation

from boundaries.models import Area
from search.actions.directory import directory_stamp
from services.forms import SearchForm

pytestmark = pytest.mark.django_db
ASKED = "lat=37.98&lon=23.72&radius_m=2000&category=health&language=ar&language=fa&audience=women&free=on&q=x"


def shown(form: SearchForm) -> str:
    return "".join(str(form[name]) for name in form.fields) + str(form.errors)


def test_forms_share_their_fields_and_one_form_changes_nothing_in_another() -> None:
    stamp = directory_stamp()
    area = Area.objects.filter(level="municipality").order_by("code").values_list("code", flat=True).first()
    query = QueryDict(f"{ASKED}&area={area}")
    with translation.override("el"):
        blank = shown(SearchForm(stamp=stamp))
        asked = SearchForm(query, stamp=stamp)
        assert asked.is_valid(), asked.errors
        assert asked.cleaned_data["language"] == ["ar", "fa"] and asked.cleaned_data["radius_m"] == 2000
        shown_asked = shown(asked)
        assert 'value="ar" checked' in shown_asked.replace(' id="id_language_2"', "")
        wrong = SearchForm(QueryDict("lat=99&category=nosuch&radius_m=7"), stamp=stamp)
        assert not wrong.is_valid() and {"lat", "category", "radius_m"} <= set(wrong.errors)
        shown(wrong)
        again = SearchForm(stamp=stamp)
        assert shown(asked) == shown_asked  # the forms made after it did not change what it shows
        assert again.fields["category"] is asked.fields["category"]  # shared, not copied
        assert again.fields is not asked.fields  # the dict is each form's own
        assert shown(again) == blank
        assert shown(SearchForm(query, stamp=stamp)) == shown_asked
        assert f'value="{area}" selected' in shown_asked
    with translation.override("en"):
        english = SearchForm(stamp=stamp)
        assert english.fields["category"] is not asked.fields["category"]  # each language its own choices
        assert shown(english) != blank
    with translation.override("el"):
        assert shown(SearchForm(stamp=stamp)) == blank


def test_a_form_of_the_page_has_the_same_fields_as_the_class_declares() -> None:
    form = SearchForm(stamp=directory_stamp())
    assert list(form.fields) == list(SearchForm.base_fields)
    for name, field in form.fields.items():
        assert type(field) is type(SearchForm.base_fields[name]) and field.label == SearchForm.base_fields[name].label
    assert [code for code, _label in form.fields["category"].choices][:1] != []


@pytest.mark.parametrize(
    "query",
    ["", "lat=37.98&lon=23.72", "lat=37.98", "lon=23.72&lat=", "lat=abc&lon=99", 'lat="><script>&amp;&lon=1e400',
     "lat=37.98&lat=38&lon=%20", "place=Kypseli"],
)  # fmt: skip
def test_the_point_inputs_are_the_hidden_widgets_html(query: str) -> None:
    """The page prints form.point_inputs in place of {{ form.lat }}{{ form.lon }}: the same HTML, bound or not,
    valid or not, whatever the values hold."""
    stamp = directory_stamp()
    for form in (SearchForm(QueryDict(query), stamp=stamp), SearchForm(stamp=stamp)):
        form.is_valid()
        assert form.point_inputs() == str(form["lat"]) + str(form["lon"])
