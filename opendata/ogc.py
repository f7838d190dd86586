"""OGC API – Features, Part 1 (Core, GeoJSON, OpenAPI 3.0) at /ogc/: collections `services` and `areas`.

GIS desktops (QGIS "WFS / OGC API – Features", GDAL's OAPIF driver) read it without configuration. Coordinates are
CRS84 (lon, lat); JSON is the encoding for programs, and a browser gets each answer as a page (ogc_html.py). Errors
carry the OGC exception fields (`code`, `description`) beside our own envelope (`errors`).
"""

import json
import uuid
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.renderers import OpenApiJsonRenderer2
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boundaries.models import AreaLevel
from geo_accmr.geo import ATHENS
from search.models import DirectoryState
from services.selectors import UnknownFilterValue
from services.serializers import BboxField, SearchFilterSerializer

from . import ogc_html
from .exports import FirstRenderer, geojson_feature, point_geometry
from .schema import ref
from .selectors import (
    FEATURE_JSON_COLUMNS,
    Bbox,
    area_extent,
    area_feature,
    area_one,
    area_window,
    published_point,
    service_location_extent,
    service_location_one,
    service_location_window,
)

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
GEOJSON = "application/geo+json"
JSON = "application/json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
DEFAULT_LIMIT = 10
MAX_LIMIT = 10000
MAX_AREA_LIMIT = 100  # full-resolution municipal boundaries run to 40 kB each: clients page (GDAL does)
# `offset` reads and drops every row before the page, so deep offsets cost more and more; past this cap the answer is
# a 400 pointing to the `next` links, whose key (`after`, the last feature's id) makes every page cost the same.
MAX_OFFSET = 10_000

BAD_PARAMETER = OpenApiResponse(description="A parameter is invalid.")

COLLECTIONS = {
    "services": {
        "title": _("Services"),
        "description": _(
            "One feature per service at a location: active services inside their valid dates. A shelter's "
            "location is never shown: it has no geometry and no address, only its area codes."
        ),
    },
    "areas": {
        "title": _("Areas"),
        "description": _("Municipalities, municipal communities and neighbourhoods, with population where known."),
    },
}


class JsonRenderer(JSONRenderer):
    """JSON with the characters as they are (Greek stays readable)."""

    ensure_ascii = False


class GeoJsonRenderer(JsonRenderer):
    """GeoJSON; a page whose features are JSON text already (strings: the services items) gets them as they are."""

    media_type = GEOJSON

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        features = data.get("features") if isinstance(data, dict) else None
        if not features or not isinstance(features[0], str):
            return super().render(data, accepted_media_type, renderer_context)
        empty = super().render({**data, "features": []}, accepted_media_type, renderer_context)
        marker = b'"features":[]'
        if marker not in empty:  # an indented answer: write the features as dicts
            decoded = [json.loads(feature) for feature in features]
            return super().render({**data, "features": decoded}, accepted_media_type, renderer_context)
        head, tail = empty.split(marker, 1)  # the first: "features" follows "type":"FeatureCollection"
        # as JSONRenderer.render escapes U+2028 and U+2029 in the rest of the answer
        text = ",".join(features).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return head + b'"features":[' + text.encode() + b"]" + tail


class OgcApi(APIView):
    """Base: JSON whatever `Accept` says, unknown query parameters refused, OGC exception fields on errors."""

    authentication_classes: list = []
    content_negotiation_class = FirstRenderer
    renderer_classes = [JsonRenderer]
    allowed_parameters: frozenset[str] = frozenset({"f"})

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.allowed_parameters - {"lang"})  # lang: ApiLanguageMiddleware
        if unknown:
            raise ValidationError({name: [_("Unknown query parameter.")] for name in unknown})
        if request.query_params.get("f", "json") not in ("json", "html"):
            raise ValidationError({"f": [_("Only f=json and f=html are offered.")]})

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # a browser's request gets the answer as a page, JSON an `alternate` link to it (opendata/ogc_html.py)
        return ogc_html.negotiate(request, super().finalize_response(request, response, *args, **kwargs))

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JsonRenderer()
        self.request.accepted_media_type = JSON
        if isinstance(response.data, dict) and "errors" in response.data:
            code = {
                status.HTTP_400_BAD_REQUEST: "InvalidParameterValue",
                status.HTTP_404_NOT_FOUND: "NotFound",
            }.get(response.status_code, "ServerError")
            messages = [f"{field}: {m}" for field, ms in response.data["errors"].items() for m in ms]
            response.data = {"code": code, "description": "; ".join(messages), **response.data}
        return response


def _link(request: Request, path: str, rel: str, media_type: str, title: str = "", **params: Any) -> dict[str, str]:
    href = request.build_absolute_uri(path + (f"?{urlencode(params, doseq=True)}" if params else ""))
    link = {"href": href, "rel": rel, "type": media_type}
    if title:
        link["title"] = title
    return link


def _collection(request: Request, collection_id: str) -> dict[str, Any]:
    info = COLLECTIONS[collection_id]
    version = DirectoryState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    today = timezone.localtime(timezone.now(), timezone=ATHENS).date()
    key = f"opendata:ogc-extent:{collection_id}:{version}:{today}"
    extent = cache.get(key)
    if extent is None:
        extent = (service_location_extent() if collection_id == "services" else area_extent()) or [-180, -90, 180, 90]
        cache.set(key, extent, 3600)
    base = f"/ogc/collections/{collection_id}"
    return {
        "id": collection_id,
        "title": str(info["title"]),
        "description": str(info["description"]),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [extent], "crs": CRS84}},
        "links": [
            _link(request, base, "self", JSON, str(info["title"])),
            _link(request, f"{base}/items", "items", GEOJSON, str(info["title"])),
        ],
    }


class OgcLandingApi(OgcApi):
    """OGC API – Features landing page: links to the API definition, conformance and the collections."""

    @extend_schema(operation_id="ogc_landing", responses={200: ref("OgcLanding")}, tags=["ogc"])
    def get(self, request: Request) -> Response:
        return Response(
            {
                "title": str(_("Services for migrants and refugees (ACCMR)")),
                "description": str(
                    _("Service locations and areas of the Athens Coordination Centre for Migrant and Refugee issues.")
                ),
                "links": [
                    _link(request, "/ogc/", "self", JSON, str(_("This document"))),
                    _link(request, "/ogc/api", "service-desc", OPENAPI, str(_("The API definition"))),
                    _link(request, "/api/docs/", "service-doc", "text/html", str(_("The API documentation"))),
                    _link(request, "/ogc/conformance", "conformance", JSON, str(_("Conformance classes"))),
                    _link(request, "/ogc/collections", "data", JSON, str(_("Collections"))),
                ],
            }
        )


class OgcConformanceApi(OgcApi):
    """The conformance classes implemented: Core, GeoJSON, OpenAPI 3.0."""

    @extend_schema(operation_id="ogc_conformance", responses={200: ref("OgcConformance")}, tags=["ogc"])
    def get(self, request: Request) -> Response:
        return Response({"conformsTo": CONFORMANCE})


class OgcCollectionsApi(OgcApi):
    """The feature collections: `services` and `areas`."""

    @extend_schema(operation_id="ogc_collections", responses={200: ref("OgcCollections")}, tags=["ogc"])
    def get(self, request: Request) -> Response:
        return Response(
            {
                "links": [_link(request, "/ogc/collections", "self", JSON)],
                "collections": [_collection(request, collection_id) for collection_id in COLLECTIONS],
            }
        )


class OgcServicesCollectionApi(OgcApi):
    """The `services` collection's description."""

    @extend_schema(operation_id="ogc_services_collection", responses={200: ref("OgcCollection")}, tags=["ogc"])
    def get(self, request: Request) -> Response:
        return Response(_collection(request, "services"))


class OgcAreasCollectionApi(OgcApi):
    """The `areas` collection's description."""

    @extend_schema(operation_id="ogc_areas_collection", responses={200: ref("OgcCollection")}, tags=["ogc"])
    def get(self, request: Request) -> Response:
        return Response(_collection(request, "areas"))


class OgcBboxField(BboxField):
    """`bbox`: west,south,east,north in CRS84 degrees (a 6-number 3-D box is read as its 2-D footprint)."""

    # DRF's stubs type a CharField's internal value as str; this field's is the parsed bbox.
    def to_internal_value(self, data: Any) -> tuple[float, float, float, float]:  # type: ignore[override]
        parts = str(data).split(",")
        if len(parts) == 6:
            data = ",".join([parts[0], parts[1], parts[3], parts[4]])
        return super().to_internal_value(data)


class DatetimeField(serializers.CharField):
    """An instant or interval (RFC 3339 date or date-time; `..` or nothing for an open end), as dates."""

    # DRF's stubs type a CharField's internal value as str; this field's is the parsed interval.
    def to_internal_value(self, data: Any) -> tuple[date | None, date | None]:  # type: ignore[override]
        text = super().to_internal_value(data)
        parts = text.split("/")
        if len(parts) > 2:
            raise ValidationError(_("Give one date-time or an interval start/end."))
        bounds = [self._date(part) for part in parts]
        if len(bounds) == 1:
            if bounds[0] is None:
                raise ValidationError(_("Give a date-time, e.g. 2026-05-01T00:00:00Z."))
            bounds.append(bounds[0])
        start, end = bounds
        if start and end and start > end:
            raise ValidationError(_("The interval's start must not be after its end."))
        return start, end

    @staticmethod
    def _date(text: str) -> date | None:
        if text in ("", ".."):
            return None
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError as exc:
            raise ValidationError(_("Give an RFC 3339 date or date-time, e.g. 2026-05-01T00:00:00Z.")) from exc
        if moment.tzinfo is not None:
            moment = moment.astimezone(ATHENS)
        return moment.date()


class PagingSerializer(serializers.Serializer):
    bbox = OgcBboxField(required=False, help_text="west,south,east,north in CRS84 degrees (lon/lat).")
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)
    offset = serializers.IntegerField(
        min_value=0,
        max_value=MAX_OFFSET,
        default=0,
        help_text=f"Features to skip, at most {MAX_OFFSET:,}; the `next` links page further (keyset, `after`).",
        error_messages={
            "max_value": format_lazy(
                _("Offsets stop at {cap}: follow the page's next link, which carries the key of its last feature."),
                cap=f"{MAX_OFFSET:,}",
            )
        },
    )
    f = serializers.ChoiceField(choices=["json", "html"], required=False, help_text="Encoding: json or html.")


class KeysetSerializer(PagingSerializer):
    """`after`/`before` (declared by the subclasses): the page just after (before) the feature with this id, as the
    `next`/`prev` links give."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        keys = [name for name in ("after", "before") if name in attrs]
        if len(keys) == 2:
            raise ValidationError({"before": [_("Give either after or before, not both.")]})
        if keys and attrs.get("offset"):
            raise ValidationError({"offset": [_("Give either an offset or a page key (after, before), not both.")]})
        return attrs


class ServiceKeysetSerializer(KeysetSerializer):
    after = serializers.UUIDField(required=False, help_text="Page key from a `next` link: features after this id.")
    before = serializers.UUIDField(required=False, help_text="Page key from a `prev` link: features before this id.")


class AreaKeysetSerializer(KeysetSerializer):
    """`after`/`before` for areas: their codes."""

    after = serializers.CharField(required=False, max_length=64, help_text="Page key from a `next` link: a code.")
    before = serializers.CharField(required=False, max_length=64, help_text="Page key from a `prev` link: a code.")


PAGE_KEYS = ("offset", "after", "before")


def _page(
    request: Request,
    *,
    path: str,
    features: list[dict] | list[str],
    ids: list[str] | None = None,
    matched: int,
    limit: int,
    offset: int = 0,
    key: tuple[str, Any] | None = None,
    more_before: bool | None = None,
    more_after: bool | None = None,
) -> dict[str, Any]:
    """The GeoJSON page with `self`, `collection`, `next` and `prev` links.

    Keyset pages (`more_before`/`more_after` given) link onwards with `after`/`before` the id of the page's last/first
    feature, whatever the request gave (a key, an offset or nothing); without them, pages link with offsets.
    Features given as JSON text come with their `ids`.
    """
    ids = ids if ids is not None else [feature["id"] for feature in features]  # type: ignore[index]
    params = {k: request.query_params.getlist(k) for k in request.query_params if k not in PAGE_KEYS}
    params["limit"] = [str(limit)]
    here = {key[0]: str(key[1])} if key is not None else {"offset": offset}
    links = [
        _link(request, path, "self", GEOJSON, str(_("This page")), **params, **here),
        _link(request, path.rsplit("/items", 1)[0], "collection", JSON, str(_("The collection"))),
    ]
    if more_after is None:  # offset paging
        if offset + len(features) < matched:
            links.append(_link(request, path, "next", GEOJSON, str(_("Next page")), **params, offset=offset + limit))
        if offset > 0:
            previous = max(offset - limit, 0)
            links.append(_link(request, path, "prev", GEOJSON, str(_("Previous page")), **params, offset=previous))
    else:
        if more_after:
            onwards = {"after": ids[-1]} if ids else {}
            links.append(_link(request, path, "next", GEOJSON, str(_("Next page")), **params, **onwards))
        if more_before:
            back = {"before": ids[0]} if ids else {}
            links.append(_link(request, path, "prev", GEOJSON, str(_("Previous page")), **params, **back))
    return {
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": len(features),
        "timeStamp": timezone.now().astimezone(ATHENS).isoformat(timespec="seconds"),
        "links": links,
    }


def _bbox(data: dict[str, Any]) -> Bbox | None:
    return Bbox(*data["bbox"]) if data.get("bbox") else None


class OgcServiceItemsApi(OgcApi):
    """Service locations, in service-at-location id order; the /api/nearby/ filters work here too."""

    class FilterSerializer(SearchFilterSerializer, ServiceKeysetSerializer):
        datetime = DatetimeField(
            required=False,
            help_text="Instant or interval (start/end, `..` for open) that the service's valid dates must meet.",
        )

    renderer_classes = [GeoJsonRenderer]
    allowed_parameters = frozenset(FilterSerializer().fields)

    @extend_schema(
        operation_id="ogc_services_items",
        parameters=[FilterSerializer],
        responses={(200, GEOJSON): ref("ServiceLocationPage"), 400: BAD_PARAMETER},
        tags=["ogc"],
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        key = next(((name, data[name]) for name in ("after", "before") if name in data), None)
        try:
            window = service_location_window(
                filters=params.filters(),
                bbox=_bbox(data),
                valid_during=data.get("datetime"),
                limit=data["limit"],
                offset=data["offset"],
                after=str(data["after"]) if "after" in data else None,
                before=str(data["before"]) if "before" in data else None,
                columns=FEATURE_JSON_COLUMNS,
                # read by the conditional-GET middleware (opendata/conditional.py) before the view: the key of the
                # matched set kept per worker, so the pages after a box's first read only their own rows
                stamp=getattr(request, "directory_stamp", None),
            )
        except UnknownFilterValue as exc:
            raise ValidationError({exc.field_name: [str(exc)]}) from exc
        origin = request.build_absolute_uri("/")[:-1]
        page = _page(
            request,
            path=request.path,
            features=_service_features_json(window.rows, origin),
            ids=[row[0] for row in window.rows],
            matched=window.matched,
            key=key,
            more_before=window.more_before,
            more_after=window.more_after,
            limit=data["limit"],
            offset=data["offset"],
        )
        return Response(page, content_type=GEOJSON)


def _service_links(origin: str, sal_id: str, service_id: str) -> list[dict[str, str]]:
    """A service-location feature's links (`origin`: scheme and host)."""
    return [
        {"href": f"{origin}/ogc/collections/services/items/{sal_id}", "rel": "self", "type": GEOJSON},
        {"href": f"{origin}/services/{service_id}/", "rel": "alternate", "type": "text/html"},
    ]


def _service_feature(request: Request, row: tuple) -> dict[str, Any]:
    """A service location (a SERVICE_LOCATION_COLUMNS row) as a feature with its links."""
    feature = geojson_feature(row)
    origin = request.build_absolute_uri("/")[:-1]
    feature["links"] = _service_links(origin, feature["id"], feature["properties"]["service_id"])
    return feature


def _service_feature_json(row: tuple, origin: str) -> str:
    """A FEATURE_JSON_COLUMNS row as the JSON text of _service_feature's feature, byte for byte (the renderer's
    compact separators, characters as they are): the properties come written by SQL, the point is written here by
    the same code as the Python path (tests/opendata/test_ogc_encoded.py)."""
    sal_id, service_id, lon, lat, properties = row
    geometry = point_geometry(*published_point(lon, lat)) if lon is not None else None
    return (
        f'{{"type":"Feature","id":"{sal_id}","geometry":{_compact(geometry)},"properties":{properties},'
        f'"links":{_compact(_service_links(origin, sal_id, service_id))}}}'
    )


# Stand-ins for the ids in the links' JSON text, written as they are (JSON escapes neither) and never part of an
# origin (a host holds neither `<` nor `>`).
_SAL_MARK, _SERVICE_MARK = "<sal>", "<service>"


def _service_features_json(rows: list[tuple], origin: str) -> list[str]:
    """_service_feature_json of each row, byte for byte, at a fraction of its cost (two json.dumps a feature were a
    tenth of a 1,000-feature page): the links are encoded once for the page, with stand-ins for the ids, and a
    point's coordinates written as json.dumps writes a float (its repr)."""
    links = _compact(_service_links(origin, _SAL_MARK, _SERVICE_MARK))
    parts = links.split(_SAL_MARK)
    if len(parts) != 2 or parts[1].count(_SERVICE_MARK) != 1:  # an origin that holds a stand-in: the plain way
        return [_service_feature_json(row, origin) for row in rows]
    before, (between, after) = parts[0], parts[1].split(_SERVICE_MARK)
    features = []
    for sal_id, service_id, lon, lat, properties in rows:
        if lon is None:
            geometry = "null"
        else:
            x, y = published_point(lon, lat)
            geometry = f'{{"type":"Point","coordinates":[{float.__repr__(x)},{float.__repr__(y)}]}}'
        features.append(
            f'{{"type":"Feature","id":"{sal_id}","geometry":{geometry},"properties":{properties},'
            f'"links":{before}{sal_id}{between}{service_id}{after}}}'
        )
    return features


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class OgcServiceItemApi(OgcApi):
    """One service location by its service-at-location id."""

    renderer_classes = [GeoJsonRenderer]

    @extend_schema(
        operation_id="ogc_services_item",
        responses={(200, GEOJSON): ref("ServiceLocationFeature"), 404: OpenApiResponse(description="No such feature.")},
        tags=["ogc"],
    )
    def get(self, request: Request, feature_id: str) -> Response:
        try:
            row = service_location_one(sal_id=str(uuid.UUID(feature_id)))
        except ValueError:
            row = None
        if row is None:
            raise NotFound(_("No such feature."))
        feature = _service_feature(request, row)
        feature["links"].append(_link(request, "/ogc/collections/services", "collection", JSON))
        return Response(feature, content_type=GEOJSON)


class OgcAreaItemsApi(OgcApi):
    """Areas in code order, optionally of one level."""

    class FilterSerializer(AreaKeysetSerializer):
        limit = serializers.IntegerField(min_value=1, max_value=MAX_AREA_LIMIT, default=DEFAULT_LIMIT)
        level = serializers.ChoiceField(choices=AreaLevel.choices, required=False)
        datetime = serializers.CharField(required=False, help_text="Accepted; areas carry no dates, so all match.")

    renderer_classes = [GeoJsonRenderer]
    allowed_parameters = frozenset(FilterSerializer().fields)

    @extend_schema(
        operation_id="ogc_areas_items",
        parameters=[FilterSerializer],
        responses={(200, GEOJSON): ref("AreaPage"), 400: BAD_PARAMETER},
        tags=["ogc"],
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        window = area_window(
            level=data.get("level"),
            bbox=_bbox(data),
            limit=data["limit"],
            offset=data["offset"],
            after=data.get("after"),
            before=data.get("before"),
        )
        features = [_area_feature(request, row) for row in window.rows]
        key = next(((name, data[name]) for name in ("after", "before") if name in data), None)
        page = _page(
            request,
            path=request.path,
            features=features,
            matched=window.matched,
            key=key,
            more_before=window.more_before,
            more_after=window.more_after,
            limit=data["limit"],
            offset=data["offset"],
        )
        return Response(page, content_type=GEOJSON)


def _area_feature(request: Request, row: tuple) -> dict[str, Any]:
    feature = area_feature(row)
    feature["links"] = [_link(request, f"/ogc/collections/areas/items/{feature['id']}", "self", GEOJSON)]
    return feature


class OgcAreaItemApi(OgcApi):
    """One area by its code."""

    renderer_classes = [GeoJsonRenderer]

    @extend_schema(
        operation_id="ogc_areas_item",
        responses={(200, GEOJSON): ref("AreaFeature"), 404: OpenApiResponse(description="No such feature.")},
        tags=["ogc"],
    )
    def get(self, request: Request, feature_id: str) -> Response:
        row = area_one(code=feature_id)
        if row is None:
            raise NotFound(_("No such feature."))
        feature = _area_feature(request, row)
        feature["links"].append(_link(request, "/ogc/collections/areas", "collection", JSON))
        return Response(feature, content_type=GEOJSON)


class OgcNotFoundApi(OgcApi):
    """Anything else under /ogc/: a JSON 404 (an unknown collection, a mistyped path)."""

    @extend_schema(exclude=True)
    def get(self, request: Request, rest: str = "") -> Response | HttpResponseRedirect | HttpResponsePermanentRedirect:
        if rest.endswith("/") and rest.strip("/"):
            target = f"/ogc/{rest.rstrip('/')}"
            try:
                resolve(target)
            except Resolver404:
                pass
            else:
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(target + (f"?{query}" if query else ""))
        raise NotFound(_("No such collection or path."))


class OgcApiDefinition(SpectacularAPIView):
    """The OpenAPI 3.0 definition of /ogc/ alone, as JSON (`patterns` and `custom_settings` come from urls.py)."""

    content_negotiation_class = FirstRenderer
    renderer_classes = [OpenApiJsonRenderer2]

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        response.content_type = OPENAPI
        return response
