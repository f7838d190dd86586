"""Greek and English names of areas and places (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Area, Place


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("name",)


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("name",)
