"""The site's URLs plus pages that fail on purpose, for the error page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from geo_accmr.errors import too_many_requests
from geo_accmr.urls import handler403, handler404, handler500, urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a page that fails on purpose")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = urlpatterns + i18n_patterns(
    path("test-errors/500/", broken),
    path("test-errors/403/", forbidden),
    path("test-errors/429/", too_many_requests),
    prefix_default_language=False,
)
