"""The caseworker search form: every field is a URL parameter, so a search can be bookmarked and shared."""

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django import forms
from django.db.models import Prefetch
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from boundaries.models import Area
from search.actions.directory import StampCache, directory_stamp

from .models import OrganizationKind, TaxonomyTerm
from .selectors import SearchFilters

# Languages caseworkers ask for most, with their own names so a client can point at theirs.
LANGUAGE_CHOICES = [
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("ar", "العربية · Arabic"),
    ("fa", "فارسی · Farsi"),
    ("ps", "پښتو · Pashto"),
    ("ur", "اردو · Urdu"),
    ("fr", "Français"),
    ("uk", "Українська · Ukrainian"),
    ("ru", "Русский · Russian"),
    ("ku", "Kurdî · Kurdish"),
    ("so", "Soomaali · Somali"),
    ("ti", "ትግርኛ · Tigrinya"),
    ("bn", "বাংলা · Bengali"),
    ("sq", "Shqip · Albanian"),
    ("tr", "Türkçe · Turkish"),
    ("es", "Español"),
]
DEFAULT_RADIUS_M = 5000
RADIUS_CHOICES = [(500, "500 m"), (1000, "1 km"), (2000, "2 km"), (5000, "5 km"), (10000, "10 km"), (20000, "20 km"),
                  (50000, "50 km")]  # fmt: skip


def term_choices(taxonomy: str) -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in TaxonomyTerm.objects.filter(taxonomy__code=taxonomy).order_by("position")]


if TYPE_CHECKING:  # django_stubs_ext is tooling (django-stubs), not a runtime dependency
    from django_stubs_ext import StrPromise, WithAnnotations


class _Subcategories(TypedDict):
    subcategories: list[TaxonomyTerm]  # Prefetch(to_attr=) in category_tree


def category_tree() -> "list[WithAnnotations[TaxonomyTerm, _Subcategories]]":
    """The six committees, each with `.subcategories` (one query for the whole tree)."""
    children = Prefetch("children", queryset=TaxonomyTerm.objects.order_by("position"), to_attr="subcategories")
    return list(
        TaxonomyTerm.objects.filter(taxonomy__code="categories", parent=None)
        .order_by("position")
        .prefetch_related(children)
    )


def area_choices() -> "list[tuple[str | StrPromise, Any]]":
    """Cities Network members and Athens' communities first; every municipality after them."""
    areas = (
        Area.objects.filter(level__in=["municipality", "community"])
        .order_by("name")
        .only("code", "name_el", "name_en", "name", "level", "cni_member")
    )
    network = [(a.code, a.name) for a in areas if a.level == "municipality" and a.cni_member]
    communities = [(a.code, a.name) for a in areas if a.level == "community"]
    others = [(a.code, a.name) for a in areas if a.level == "municipality" and not a.cni_member]
    return [
        ("", _("Anywhere")),
        (_("Athens: municipal communities"), sorted(communities)),
        (_("Cities Network for Integration"), network),
        (_("Other municipalities"), others),
    ]


class _Normalized(BaseChoiceIterator):
    """Choices normalized once: a field given these does not normalize them again (hundreds of areas, per page)."""

    def __init__(self, choices: Any) -> None:
        self.choices = list(normalize_choices(choices))

    def __iter__(self) -> Iterator[Any]:
        return iter(self.choices)


class _SharedFields(dict[str, forms.Field]):
    """A search form's fields with their choices, made once per directory version and language and shared by the
    forms of that version and language: the form's per-instance deep copy (BaseForm.__init__) of a dozen fields with
    their choices and widgets cost more than validating them. Nothing changes a field after it is made (validation
    and rendering read fields; build_attrs copies attributes), so a copy of the dict is enough."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


@dataclass(frozen=True)
class SearchChoices:
    """What the search form offers: the category tree and the choices of its fields (in one language), and the
    form's fields with those choices."""

    categories: "list[WithAnnotations[TaxonomyTerm, _Subcategories]]"
    category: _Normalized
    audience: _Normalized
    eligibility: _Normalized
    area: _Normalized
    fields: _SharedFields


_CHOICES: StampCache[tuple[str, str], SearchChoices] = StampCache()  # (directory stamp, language) → choices


def search_choices(*, stamp: str) -> SearchChoices:
    """The search form's choices, read once per directory version and language in each worker (they are the same
    for every search: reading them cost four queries and hundreds of objects per page)."""

    def read() -> SearchChoices:
        categories = category_tree()
        choices = {
            "category": _Normalized([(t.code, t.name) for top in categories for t in [top, *top.subcategories]]),
            "audience": _Normalized(term_choices("audience")),
            "eligibility": _Normalized(term_choices("eligibility")),
            "area": _Normalized(area_choices()),
        }
        fields = _SharedFields(copy.deepcopy(SearchForm.base_fields))
        for name, field_choices in choices.items():
            cast(forms.ChoiceField, fields[name]).choices = field_choices
        return SearchChoices(categories=categories, fields=fields, **choices)

    return _CHOICES.get((stamp, get_language() or ""), read)


class SearchForm(forms.Form):
    """What the caseworker asks; the map point comes from `lat`/`lon` or from the place typed."""

    place = forms.CharField(
        label=_("Address or place"), required=False, max_length=200,
        help_text=_("Where the client lives or stays, e.g. Kypseli, Πατησίων 100, Piraeus."),
    )  # fmt: skip
    lat = forms.FloatField(required=False, min_value=34, max_value=42, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=19, max_value=30, widget=forms.HiddenInput)
    radius_m = forms.TypedChoiceField(
        label=_("Distance"),
        choices=RADIUS_CHOICES,
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS_M,  # type: ignore[arg-type]  # any value in Django; the stubs say str | None
        initial=DEFAULT_RADIUS_M,
    )
    category = forms.MultipleChoiceField(label=_("Type of help"), required=False)
    language = forms.MultipleChoiceField(
        label=_("Language the client speaks"), choices=LANGUAGE_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    audience = forms.MultipleChoiceField(
        label=_("Who the client is"), required=False, widget=forms.CheckboxSelectMultiple
    )
    eligibility = forms.MultipleChoiceField(
        label=_("Legal status"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Shows services open to any of the ticked statuses."),
    )  # fmt: skip
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    area = forms.ChoiceField(label=_("Municipality or community"), required=False)
    q = forms.CharField(
        label=_("Words in the name or description"), required=False, max_length=200,
        help_text=_("Greek or Latin letters, accents optional, e.g. nomiki or νομική."),
    )  # fmt: skip

    # the fields inside the filters panel, whose rendering the search page caches (services/views.py)
    FILTER_FIELDS = ("radius_m", "category", "language", "audience", "eligibility", "free", "open_now", "area", "q")

    def __init__(self, data: Any = None, *args: Any, stamp: str | None = None, **kwargs: Any) -> None:
        if data is not None and not data.get("radius_m"):
            data = data.copy()
            data["radius_m"] = str(DEFAULT_RADIUS_M)  # a bound form would otherwise show the first choice
        self.stamp = stamp or directory_stamp()
        choices = search_choices(stamp=self.stamp)
        self.categories = choices.categories
        self.base_fields = choices.fields  # type: ignore[misc]  # what BaseForm.__init__ copies: shared (_SharedFields)
        super().__init__(data, *args, **kwargs)

    def filters_fragment_key(self) -> str:
        """What the rendered filters panel depends on besides the language: the directory and the asked values."""
        if not self.is_bound:
            return f"{self.stamp}|unbound"
        values = [(name, self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name))
                  for name in self.FILTER_FIELDS]  # fmt: skip
        return f"{self.stamp}|{values!r}"

    def point_inputs(self) -> SafeString:
        """The hidden `lat` and `lon` inputs, as {{ form.lat }}{{ form.lon }} print them, without rendering
        HiddenInput's templates (two widget templates cost a tenth of the page's rendering);
        tests/services/test_search_form.py holds them to the widgets' own HTML."""
        inputs = []
        for name in ("lat", "lon"):
            field = self[name]
            value = field.field.widget.format_value(field.value())
            inputs.append(
                format_html('<input type="hidden" name="{}" value="{}" id="{}">', field.html_name, value, field.auto_id)
                if value is not None
                else format_html('<input type="hidden" name="{}" id="{}">', field.html_name, field.auto_id)
            )
        return mark_safe("".join(inputs))  # noqa: S308 - format_html's output: every value escaped

    def filters(self) -> SearchFilters:
        return SearchFilters.from_params(self.cleaned_data)

    def active_filter_count(self) -> int:
        data = self.cleaned_data
        return sum(len(data[k]) for k in ("category", "language", "audience", "eligibility")) + sum(
            bool(data[k]) for k in ("free", "open_now", "area", "q")
        )


class DirectoryFilterForm(forms.Form):
    """Filters of the member directory."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)
    committee = forms.ChoiceField(label=_("Committee"), required=False)

    def __init__(self, *args: Any, committees: list[tuple[str, str]], counts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All kinds"))] + [
            (code, f"{label} ({counts.by_kind.get(code, 0)})") for code, label in OrganizationKind.choices
        ]
        cast(forms.ChoiceField, self.fields["committee"]).choices = [("", _("All committees"))] + [
            (code, f"{label} ({counts.by_committee.get(code, 0)})") for code, label in committees
        ]
