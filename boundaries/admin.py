"""Admin for areas and the gazetteer."""

from django.contrib import admin
from leaflet.admin import LeafletGeoAdminMixin
from modeltranslation.admin import TranslationAdmin

from .models import Area, GeocodeCacheEntry, Place


@admin.register(Area)
class AreaAdmin(LeafletGeoAdminMixin, TranslationAdmin):
    list_display = ["name", "code", "level", "parent", "population", "cni_member"]
    list_filter = ["level", "cni_member"]
    search_fields = ["code", "name_el", "name_en"]
    readonly_fields = ["properties"]
    raw_id_fields = ["parent"]


@admin.register(Place)
class PlaceAdmin(LeafletGeoAdminMixin, TranslationAdmin):
    list_display = ["name", "kind", "rank", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["name_el", "name_en", "search_text"]
    raw_id_fields = ["area"]


@admin.register(GeocodeCacheEntry)
class GeocodeCacheEntryAdmin(admin.ModelAdmin):
    list_display = ["query_key", "provider", "created_at"]
    search_fields = ["query_key"]
