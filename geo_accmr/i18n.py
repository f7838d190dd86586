"""Languages: the switch (the same page with its query string, reversed in the other language) and the APIs' choice."""

from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.urls.base import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

LANGUAGE_NAMES = {"el": "Ελληνικά", "en": "English"}  # each language named in itself, never translated


def language_switch_url(*, request: HttpRequest, language: str) -> str:
    """The URL of the page being shown, in ``language``; its home page there when the path names no page."""
    path = request.get_full_path()
    match = request.resolver_match
    if match is not None and request.path == request.path_info:
        # what translate_url does, from the match the request was served by (resolving the path again cost more
        # than the rest of base.html): the same name and arguments reversed in the other language
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        with translation.override(language):
            try:
                translated = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                return path
        return urlunsplit(urlsplit(path)._replace(path=translated))
    try:
        resolve(request.path_info)
    except Resolver404:
        with translation.override(language):
            return reverse("services:home")
    return translate_url(path, language)


def language_switch_url_with(*, request: HttpRequest, language: str, **params: str) -> str:
    """As language_switch_url, with some query parameters set (the referral sheet's own ``lang``)."""
    parts = urlsplit(language_switch_url(request=request, language=language))
    query = QueryDict(parts.query, mutable=True)
    for key, value in params.items():
        query[key] = value
    return urlunsplit(parts._replace(query=query.urlencode()))


def language_switch(request: HttpRequest) -> dict[str, list[dict[str, str]]]:
    """Context processor: one entry (code, name, url) per language other than the page's own."""
    current = translation.get_language()
    return {
        "language_switch": [
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": language_switch_url(request=request, language=code),
            }
            for code, _name in settings.LANGUAGES
            if code != current
        ]
    }


# Paths outside the language prefixes that answer in the client's language (/hsds/ chooses its own, the same way).
API_PREFIXES = ("/api/", "/ogc/", "/export/")


class ApiLanguageMiddleware:
    """/api/, /ogc/ and /export/ answer in `?lang=`, else the language cookie or Accept-Language, else Greek.

    LocaleMiddleware gives every path outside the language prefixes the default language; this runs after it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIXES):
            return self.get_response(request)
        languages = dict(settings.LANGUAGES)
        asked = request.GET.get("lang", "")
        language = asked if asked in languages else translation.get_language_from_request(request)[:2]
        if language not in languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response
