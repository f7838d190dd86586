"""The Content Security Policy, with its one exception: the admin's Leaflet map widgets write inline scripts."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import get_language


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; on admin pages (staff only) inline scripts are allowed for django-leaflet's widgets."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        path = request.path_info.lstrip("/")
        language = f"{get_language()}/"
        if path.startswith(language) and language != f"{settings.LANGUAGE_CODE}/":
            path = path[len(language) :]
        if path.startswith(settings.ADMIN_URL):
            # django-csp reads this attribute of the response (what its csp_update decorator sets)
            response._csp_update = {"script-src": ["'unsafe-inline'"]}  # type: ignore[attr-defined]
        return super().process_response(request, response)
