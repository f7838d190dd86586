"""Root URL configuration: pages under a language prefix (Greek without one), APIs without."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from geo_accmr.api import HealthApi
from geo_accmr.errors import favicon
from opendata import urls as opendata_urls

api_patterns: list[URLPattern | URLResolver] = [
    path("health/", HealthApi.as_view(), name="health"),
    path("", include("boundaries.urls")),
    path("", include("services.api_urls")),
    path("", include("coverage.urls")),
    path("", include("committees.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    # browsers ask for /favicon.ico whatever the page says
    path("favicon.ico", favicon, name="favicon"),
    path("api/", include((api_patterns, "api"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("hsds/", include("hsds.urls")),
    path("ogc/", include((opendata_urls.urlpatterns_ogc, "ogc"))),
    path("export/", include((opendata_urls.urlpatterns_export, "export"))),
]

urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("privacy.urls")),
    path("accounts/", include("accounts.urls")),
    path("organisations/", include("services.organization_urls")),
    path("manage/", include("editing.urls")),
    path("upload/", include("bulkupload.urls")),
    path("manage/freshness/", include("freshness.urls")),
    path("feedback/", include("feedback.urls")),
    path("", include("community.urls")),
    path("emergencies/", include("emergencies.urls")),
    path("", include("referrals.urls")),
    path("", include("services.urls")),
    path("", include("coverage.page_urls")),
    path("", include("committees.urls")),
    prefix_default_language=False,
)

handler403 = "geo_accmr.errors.permission_denied"
handler404 = "geo_accmr.errors.page_not_found"
handler500 = "geo_accmr.errors.server_error"
