"""/ogc/ (OGC API – Features) and /export/ (streamed exports); both outside the language prefix."""

from django.urls import include, path, re_path

from . import exports, ogc

ogc_patterns = [
    path("", ogc.OgcLandingApi.as_view(), name="landing"),
    path("conformance", ogc.OgcConformanceApi.as_view(), name="conformance"),
    path("collections", ogc.OgcCollectionsApi.as_view(), name="collections"),
    path("collections/services", ogc.OgcServicesCollectionApi.as_view(), name="services"),
    path("collections/services/items", ogc.OgcServiceItemsApi.as_view(), name="services-items"),
    path("collections/services/items/<str:feature_id>", ogc.OgcServiceItemApi.as_view(), name="services-item"),
    path("collections/areas", ogc.OgcAreasCollectionApi.as_view(), name="areas"),
    path("collections/areas/items", ogc.OgcAreaItemsApi.as_view(), name="areas-items"),
    path("collections/areas/items/<str:feature_id>", ogc.OgcAreaItemApi.as_view(), name="areas-item"),
]

api_definition = ogc.OgcApiDefinition.as_view(
    patterns=[path("ogc/", include((ogc_patterns, "ogc")))],
    custom_settings={
        "TITLE": "geo_accmr OGC API – Features",
        "DESCRIPTION": "OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) over the service directory.",
    },
)

urlpatterns_ogc = [
    *ogc_patterns,
    path("api", api_definition, name="api"),
    re_path(r"^(?P<rest>.*)$", ogc.OgcNotFoundApi.as_view(), name="not-found"),
]

urlpatterns_export = [
    path("services.csv", exports.ServiceExportCsvApi.as_view(), name="services-csv"),
    path("services.geojson", exports.ServiceExportGeoJsonApi.as_view(), name="services-geojson"),
]
