"""Greek and English content fields through django-modeltranslation (name_el / name_en columns, el fallback)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Location, Organization, RequiredDocument, Service, Taxonomy, TaxonomyTerm


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "alternate_name", "description")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = (
        "name",
        "alternate_name",
        "description",
        "eligibility_description",
        "application_process",
        "fees_description",
        "interpretation_services",
        "alert",
    )


@register(Location)
class LocationTranslation(TranslationOptions):
    fields = ("name", "description", "transportation")


@register(Taxonomy)
class TaxonomyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(TaxonomyTerm)
class TaxonomyTermTranslation(TranslationOptions):
    fields = ("name", "description")


@register(RequiredDocument)
class RequiredDocumentTranslation(TranslationOptions):
    fields = ("document",)
