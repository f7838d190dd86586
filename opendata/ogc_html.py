"""HTML views of /ogc/ for a person with a browser, as OGC API – Features recommends (Part 1, 7.7 "HTML").

The JSON API stays as it is (opendata/ogc.py); its base view hands each answer here (`negotiate`). A browser asking
for `text/html` before JSON (or anyone with `?f=html`) gets the same document as a page: landing, conformance,
collections, one collection, a page of items (a table and a small map of that page's features) and one item. Every
JSON answer with `links` gains an `alternate` link to its HTML page. Errors stay JSON. The data are exactly the JSON
answer's, so what the API never publishes (a shelter's point or address) a page never shows.
"""

import json
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework.response import Response

from boundaries.models import AreaLevel
from geo_accmr.i18n import LANGUAGE_NAMES, language_switch_url_with

HTML = "text/html"
OFFERED = ["application/json", "application/geo+json", HTML]  # JSON first: what `*/*` and API clients get
ITEMS = {"services-items": "services", "areas-items": "areas"}
ITEM = {"services-item": "services", "areas-item": "areas"}
COLLECTION = {"services": "services", "areas": "areas"}


def wants_html(request: HttpRequest) -> bool:
    """`?f=html`, or no `f` and an Accept header that prefers HTML to JSON (a browser's)."""
    asked = request.GET.get("f")
    if asked:
        return asked == "html"
    return request.get_preferred_type(OFFERED) == HTML


def html_url(url: str) -> str:
    """The same URL with `f=html` (any other `f` replaced)."""
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    query["f"] = "html"
    return urlunsplit(parts._replace(query=query.urlencode()))


def json_url(url: str) -> str:
    """The same URL with `f=json`, for the page's "this as JSON" link."""
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    query["f"] = "json"
    return urlunsplit(parts._replace(query=query.urlencode()))


def negotiate(request: HttpRequest, response: Any) -> Any:
    """The view's answer as an HTML page when the person asked for one; otherwise JSON with an `alternate` link."""
    if not isinstance(response, Response):
        return response
    patch_vary_headers(response, ["Accept"])
    data = response.data
    if response.status_code != 200 or not isinstance(data, dict):
        return response
    if wants_html(request):
        features = data.get("features")
        if features and isinstance(features[0], str):  # written as JSON text already (ogc.GeoJsonRenderer)
            data = {**data, "features": [json.loads(feature) for feature in features]}
        page = _page(request, data)
        patch_vary_headers(page, ["Accept"])
        return page
    if isinstance(data.get("links"), list):
        here = request.build_absolute_uri()
        data["links"] = [
            *data["links"],
            {"href": html_url(here), "rel": "alternate", "type": HTML, "title": str(_("This document as HTML"))},
        ]
    return response


def _link_view(link: dict[str, str]) -> dict[str, str]:
    """A JSON link as the page shows it: JSON documents of /ogc/ open as their HTML pages."""
    href = link["href"]
    path = urlsplit(href).path
    if path.startswith("/ogc/") and path != "/ogc/api" and link.get("type") != HTML:
        href = html_url(href)
    return {**link, "href": href}


def _language_switch(request: HttpRequest) -> list[dict[str, str]]:
    # these pages are outside the language prefixes: the other language is the same URL with `lang`
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES.get(code, code),
            "url": language_switch_url_with(request=request, language=code, lang=code),
        }
        for code, _name in settings.LANGUAGES
        if code != current
    ]


def _page(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    name = request.resolver_match.url_name if request.resolver_match else ""
    context: dict[str, Any] = {
        "data": data,
        "links": [_link_view(link) for link in data.get("links", []) if link.get("rel") != "self"],
        "json_url": json_url(request.get_full_path()),
        "language_switch": _language_switch(request),
        "kind": name,
    }
    if name in ITEMS:
        context.update(_items(request, data, collection=ITEMS[name]))
        template = "opendata/ogc_items.html"
    elif name in ITEM:
        context.update(_items(request, {"features": [data]}, collection=ITEM[name]))
        context["single"] = True
        template = "opendata/ogc_items.html"
    elif name == "collections":
        template = "opendata/ogc_collections.html"
        context["collections"] = [
            {
                **c,
                "html": html_url(request.build_absolute_uri(f"/ogc/collections/{c['id']}")),
                "items_html": html_url(request.build_absolute_uri(f"/ogc/collections/{c['id']}/items")),
            }
            for c in data.get("collections", [])
        ]
    elif name in COLLECTION:
        template = "opendata/ogc_collection.html"
        context["items_html"] = html_url(request.build_absolute_uri(f"/ogc/collections/{data['id']}/items"))
    elif name == "conformance":
        template = "opendata/ogc_conformance.html"
    else:
        template = "opendata/ogc_landing.html"
    return render(request, template, context)


def _items(request: HttpRequest, data: dict[str, Any], *, collection: str) -> dict[str, Any]:
    """The rows of the table and the points and shapes of the map, from the features of the JSON answer."""
    language = translation.get_language()
    rows = []
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        item = html_url(request.build_absolute_uri(f"/ogc/collections/{collection}/items/{feature['id']}"))
        if collection == "services":
            rows.append(
                {
                    "id": feature["id"],
                    "href": item,
                    "cells": [
                        props.get(f"name_{language}") or props.get("name_el") or "",
                        props.get(f"organization_{language}") or props.get("organization_el") or "",
                        props.get("address") or _("shared on referral")
                        if props.get("redacted")
                        else props.get("address") or "",
                        props.get("municipality") or "",
                        ", ".join(props.get("categories") or []),
                        _("yes") if feature.get("geometry") else _("no"),
                    ],
                }
            )
        else:
            rows.append(
                {
                    "id": feature["id"],
                    "href": item,
                    "cells": [
                        props.get(f"name_{language}") or props.get("name_el") or "",
                        AreaLevel(props["level"]).label
                        if props.get("level") in AreaLevel.values
                        else props.get("level", ""),
                        "" if props.get("population") is None else props["population"],
                        props.get("parent") or "",
                    ],
                }
            )
    headers = (
        [_("Service"), _("Organisation"), _("Address"), _("Municipality"), _("Categories"), _("On the map")]
        if collection == "services"
        else [_("Name"), _("Level"), _("Population"), _("Part of")]
    )
    pager = {
        link["rel"]: html_url(link["href"]) for link in data.get("links", []) if link.get("rel") in ("next", "prev")
    }
    return {
        "collection": collection,
        "headers": headers,
        "rows": rows,
        "pager": pager,
        "map_features": {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": f["id"],
                    "geometry": f.get("geometry"),
                    "properties": {"label": row["cells"][0]},
                }
                for f, row in zip(data.get("features", []), rows, strict=True)
                if f.get("geometry")
            ],
        },
    }
