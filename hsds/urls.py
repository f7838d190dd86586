"""/hsds/: the HSDS 3.0 API paths (no trailing slash, as in the HSDS OpenAPI description)."""

from django.urls import path

from . import apis

app_name = "hsds"

urlpatterns = [
    path("", apis.HsdsRootApi.as_view(), name="root"),
    path("profile", apis.HsdsProfileApi.as_view(), name="profile"),
    path("services", apis.HsdsServiceListApi.as_view(), name="services"),
    path("services/<str:id>", apis.HsdsServiceDetailApi.as_view(), name="service"),
    path("service_at_locations", apis.HsdsServiceAtLocationListApi.as_view(), name="service_at_locations"),
    path("service_at_locations/<str:id>", apis.HsdsServiceAtLocationDetailApi.as_view(), name="service_at_location"),
    path("organizations", apis.HsdsOrganizationListApi.as_view(), name="organizations"),
    path("organizations/<str:id>", apis.HsdsOrganizationDetailApi.as_view(), name="organization"),
    path("taxonomies", apis.HsdsTaxonomyListApi.as_view(), name="taxonomies"),
    path("taxonomies/<str:id>", apis.HsdsTaxonomyDetailApi.as_view(), name="taxonomy"),
    path("taxonomy_terms", apis.HsdsTaxonomyTermListApi.as_view(), name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", apis.HsdsTaxonomyTermDetailApi.as_view(), name="taxonomy_term"),
]
