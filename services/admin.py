"""Admin for the service directory: translated fields side by side, Leaflet maps for points and areas."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdminMixin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from .models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    Metadata,
    Organization,
    OrganizationIdentifier,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

MAP_LIMIT = 2000  # points drawn on the admin list map


class OrganizationIdentifierInline(admin.TabularInline):
    model = OrganizationIdentifier
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin):
    list_display = ["name", "kind", "accmr_member", "is_demo", "last_modified"]
    list_filter = ["kind", "accmr_member", "is_demo"]
    search_fields = ["name_el", "name_en", "alternate_name_el", "alternate_name_en"]
    inlines = [OrganizationIdentifierInline]


class LanguageInline(admin.TabularInline):
    model = Language
    fk_name = "service"
    extra = 0
    fields = ["code", "name", "note"]


class ScheduleInline(admin.TabularInline):
    model = Schedule
    fk_name = "service"
    extra = 0
    fields = ["byday", "opens_at", "closes_at", "valid_from", "valid_to", "description"]


class RequiredDocumentInline(TranslationTabularInline):
    model = RequiredDocument
    extra = 0


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ["location"]


@admin.register(Service)
class ServiceAdmin(TranslationAdmin):
    list_display = ["name", "organization", "status", "capacity_status", "free_of_charge", "assured_date"]
    list_filter = ["status", "capacity_status", "free_of_charge", "categories__parent", "organization__is_demo"]
    search_fields = ["name_el", "name_en", "organization__name_el", "organization__name_en"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["categories", "audiences", "eligibility"]
    date_hierarchy = "assured_date"
    list_select_related = ["organization"]
    inlines = [ServiceAtLocationInline, LanguageInline, ScheduleInline, RequiredDocumentInline]


class AddressInline(admin.StackedInline):
    model = Address
    extra = 0


class AccessibilityInline(admin.TabularInline):
    model = Accessibility
    extra = 0


@admin.register(Location)
class LocationAdmin(LeafletGeoAdminMixin, TranslationAdmin):
    """Locations, with every listed (filtered) location drawn on a map above the list."""

    list_display = ["__str__", "organization", "municipality", "neighbourhood", "geocode_status", "redacted"]
    list_filter = ["geocode_status", "redacted", "organization__is_demo", "municipality__cni_member"]
    search_fields = ["name_el", "name_en", "addresses__address_1", "organization__name_el"]
    list_select_related = ["organization", "municipality", "neighbourhood"]
    readonly_fields = ["municipality", "community", "neighbourhood"]
    autocomplete_fields = ["organization"]
    inlines = [AddressInline, AccessibilityInline]
    change_list_template = "admin/services/location/change_list.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data and "cl" in response.context_data:
            queryset = response.context_data["cl"].queryset.filter(point__isnull=False)[:MAP_LIMIT]
            features = [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [round(loc.point.x, 6), round(loc.point.y, 6)]},
                    "properties": {"name": str(loc), "url": f"{loc.pk}/change/"},
                }
                for loc in queryset.select_related(None).only("id", "name", "name_el", "name_en", "point")
            ]
            response.context_data["map_geojson"] = {"type": "FeatureCollection", "features": features}
            response.context_data["map_limit"] = MAP_LIMIT
        return response


@admin.register(ServiceAtLocation)
class ServiceAtLocationAdmin(admin.ModelAdmin):
    list_display = ["service", "location"]
    search_fields = ["service__name_el", "service__name_en"]
    autocomplete_fields = ["service", "location"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    list_display = ["name", "service", "area"]
    autocomplete_fields = ["service"]


class TaxonomyTermInline(TranslationStackedInline):
    model = TaxonomyTerm
    extra = 0
    fields = ["code", "name", "parent", "position"]


@admin.register(Taxonomy)
class TaxonomyAdmin(TranslationAdmin):
    list_display = ["name", "code", "version"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(TranslationAdmin):
    list_display = ["name", "code", "taxonomy", "parent", "position"]
    list_filter = ["taxonomy", "parent"]
    search_fields = ["code", "name_el", "name_en"]


@admin.register(Metadata)
class MetadataAdmin(admin.ModelAdmin):
    list_display = ["last_action_date", "resource_type", "resource_id", "last_action_type", "field_name", "updated_by"]
    list_filter = ["resource_type", "last_action_type"]
    search_fields = ["resource_id", "updated_by"]

    def has_change_permission(self, request: HttpRequest, obj: Metadata | None = None) -> bool:
        return False


for model in (Phone, Contact, CostOption):
    admin.site.register(model)

admin.site.site_header = _("Service map administration")
admin.site.site_title = _("Service map")
