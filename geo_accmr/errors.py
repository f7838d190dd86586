"""Error pages with the site's header, navigation and place search, in the page's language; and the favicon."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.templatetags.static import static

logger = logging.getLogger(__name__)

# Shown when even the styled page cannot be rendered (the database or a template is what failed).
PLAIN_500 = (
    '<!doctype html><html lang="el"><meta charset="utf-8"><title>500</title>'
    "<h1>Κάτι πήγε στραβά · Something went wrong</h1>"
    '<p><a href="/">Χάρτης υπηρεσιών</a> · <a href="/en/">Service map</a></p></html>'
)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: the styled page."""
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: the styled page."""
    return render(request, "403.html", status=403)


def too_many_requests(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """429: the styled page, for pages that rate-limit (and django-axes' AXES_LOCKOUT_CALLABLE signature)."""
    return render(request, "429.html", status=429)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: the styled page with the request (Django's default renders without it); plain HTML if that fails too."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError(PLAIN_500)


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for whatever a page links: the site's icon (its hashed static URL)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
