"""The HSDS 3.0 API (HSDA) under /hsds/: the paths of hsds/schema/openapi.json, read-only."""

import json
import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from services.models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

from . import selectors
from .serializers import (
    HSDS_VERSION,
    LANGUAGES,
    DetailParams,
    HsdsInfoOutput,
    HsdsOrganizationOutput,
    HsdsProfileOutput,
    HsdsServiceAtLocationOutput,
    HsdsServiceOutput,
    HsdsTaxonomyOutput,
    HsdsTaxonomyTermOutput,
    OrganizationListParams,
    PageOutput,
    PageParams,
    ServiceAtLocationListParams,
    ServiceListParams,
    TaxonomyTermListParams,
    Writer,
)

HSDS_OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
# A proximity search ranks at most this many nearest services at locations (then pages through them).
MAX_PROXIMITY_RESULTS = 1000
NDJSON_CHUNK = 500
PROFILE = {
    "name": "geo_accmr HSDS profile",
    "hsds_version": HSDS_VERSION,
    "description": "HSDS 3.0 for migrant and refugee services in Attica (ACCMR). Extra properties, all optional.",
    "extensions": {
        "organization.kind": "municipal_service, local_ngo, international_ngo, international_organisation, "
        "migrant_forum, ministry_department, national_institution, international_institution",
        "organization.accmr_member": "boolean: member of the Athens Coordination Center for Migrant and Refugee issues",
        "organization.is_demo": "boolean: fictional demonstration record",
        "service.free_of_charge": "boolean",
        "service.valid_from": "date: a temporary service starts",
        "service.valid_to": "date: a temporary service ends",
        "service.capacity_status": "accepting, waiting_list or full",
        "location.redacted": "boolean: a shelter; latitude, longitude, addresses, phones and contacts are withheld",
        "location.area_code": "code of the smallest area (neighbourhood, community, municipality) holding it",
        "taxonomy.code": "stable code of the vocabulary (categories, audience, eligibility)",
        "service_at_location.distance_m": "with proximity: geodesic metres from lat/lon (500 m steps if redacted)",
        "query.proximity": "/service_at_locations?proximity=METRES&lat=&lon=: current services within that distance, "
        "nearest first (at most 1000)",
        "query.lang": "el (default) or en; else the Accept-Language header",
    },
}


def _language(request: Request, params: dict[str, Any]) -> str:
    """`?lang=`, else the language cookie or Accept-Language header, else Greek.

    LocaleMiddleware answers Greek for every path outside the language prefixes, so the header is read here.
    """
    language = params.get("lang") or translation.get_language_from_request(request._request)[:2]
    return language if language in LANGUAGES else "el"


class JsonOnly(DefaultContentNegotiation):
    """Always JSON: HSDS uses `?format=` (json|ndjson) itself, which DRF would otherwise take as a renderer name."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple:
        renderer = list(renderers)[0]
        return renderer, renderer.media_type


def _params(serializer_class: type[Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _page(
    request: Request, items: QuerySet | list, params: dict[str, Any], render: Callable[[Any], dict[str, Any]]
) -> Response | StreamingHttpResponse:
    """The HSDS `Page` envelope around one page of `items`; `format=ndjson` streams them all, one per line."""
    if params["format"] == "ndjson":
        rows = items.iterator(chunk_size=NDJSON_CHUNK) if isinstance(items, QuerySet) else iter(items)
        return StreamingHttpResponse(_ndjson(rows, render), content_type="application/x-ndjson")
    per_page, number = params["per_page"], params["page"]
    total = items.count() if isinstance(items, QuerySet) else len(items)
    pages = math.ceil(total / per_page)
    start = (number - 1) * per_page
    contents = [render(item) for item in items[start : start + per_page]]
    return Response(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": number,
            "size": len(contents),
            "first_page": number == 1,
            "last_page": number >= pages,
            "empty": total == 0,
            "contents": contents,
        }
    )


def _ndjson(rows: Iterable[Any], render: Callable[[Any], dict[str, Any]]) -> Iterator[bytes]:
    for row in rows:
        yield json.dumps(render(row), ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


_M = TypeVar("_M", bound=Model)


def _get(queryset: "QuerySet[_M]", raw_id: str, label: str) -> _M:
    """One record by its HSDS id; 404 with a JSON message for an unknown or malformed id."""
    try:
        return queryset.get(pk=UUID(raw_id))
    except (ValueError, ObjectDoesNotExist) as exc:  # get() raises the model's DoesNotExist
        raise NotFound(_("No %(kind)s with id %(id)s.") % {"kind": label, "id": raw_id}) from exc


class HsdsApi(APIView):
    """Base: no sessions, JSON answers in the requested language."""

    authentication_classes: list = []
    content_negotiation_class = JsonOnly

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = getattr(self, "language", "el")
        return response

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """Answer (error messages included) in `?lang=` or the Accept-Language language; Greek by default."""
        lang = request.query_params.get("lang")
        self.language = _language(request, {"lang": lang if lang in LANGUAGES else None})
        translation.activate(self.language)
        super().initial(request, *args, **kwargs)

    def writer(self, request: Request, params: dict[str, Any]) -> Writer:
        return Writer(language=self.language)


class HsdsRootApi(HsdsApi):
    """API information: the HSDS version, our profile and the OpenAPI description of the paths."""

    @extend_schema(responses={200: HsdsInfoOutput})
    def get(self, request: Request) -> Response:
        return Response(
            {
                "version": HSDS_VERSION,
                "profile": request.build_absolute_uri("/hsds/profile"),
                "openapi_url": HSDS_OPENAPI_URL,
            }
        )


class HsdsProfileApi(HsdsApi):
    """Our HSDS profile: the extension properties and parameters."""

    @extend_schema(responses={200: HsdsProfileOutput})
    def get(self, request: Request) -> Response:
        return Response(PROFILE)


class HsdsServiceListApi(HsdsApi):
    """Services (one-to-one fields; `full`: fully nested; `minimal`: id, name, status, last_modified)."""

    @extend_schema(parameters=[ServiceListParams], responses={200: PageOutput}, operation_id="hsds_services_list")
    def get(self, request: Request) -> Response | StreamingHttpResponse:
        params = _params(ServiceListParams, request)
        writer = self.writer(request, params)
        services = selectors.service_list(query=selectors.ServiceQuery.from_params(params), full=params["full"])
        if params["minimal"]:
            services = services.select_related(None).only("id", "name_el", "name_en", "status", "last_modified")

            def render(s: Service) -> dict[str, Any]:
                return {"id": str(s.id), "name": writer.text(s, "name"), "status": s.status,
                        "last_modified": s.last_modified.isoformat()}  # fmt: skip
        else:

            def render(s: Service) -> dict[str, Any]:
                return writer.service(s, full=params["full"])

        return _page(request, services, params, render)


class HsdsServiceDetailApi(HsdsApi):
    """One service, fully nested."""

    @extend_schema(parameters=[DetailParams], responses={200: HsdsServiceOutput})
    def get(self, request: Request, id: str) -> Response:  # noqa: A002 - the HSDS path parameter
        writer = self.writer(request, _params(DetailParams, request))
        service = _get(selectors.service_queryset(full=True), id, "service")
        return Response(writer.service(service, full=True))


class HsdsServiceAtLocationListApi(HsdsApi):
    """Services at locations; `proximity` (metres) with `lat`/`lon`: current ones nearby, nearest first."""

    @extend_schema(
        parameters=[ServiceAtLocationListParams],
        responses={200: PageOutput},
        operation_id="hsds_service_at_locations_list",
    )
    def get(self, request: Request) -> Response | StreamingHttpResponse:
        params = _params(ServiceAtLocationListParams, request)
        writer = self.writer(request, params)
        query = selectors.ServiceQuery.from_params(params)
        full = params["full"]
        if "proximity" in params:
            found = selectors.service_at_location_nearby(
                query=query,
                lat=params["lat"],
                lon=params["lon"],
                proximity_m=params["proximity"],
                limit=MAX_PROXIMITY_RESULTS,
                postcode=params.get("postcode"),
            )
            if full:
                # the nearest-first list holds light rows; a page of them is fetched again, fully nested
                return self._full_nearby(request, params, writer, found)
            return _page(
                request,
                found,
                params,
                lambda pair: writer.service_at_location(pair[0], service=True, distance_m=pair[1]),
            )
        places = selectors.service_at_location_list(query=query, full=full, postcode=params.get("postcode"))
        return _page(request, places, params, lambda sal: writer.service_at_location(sal, full=full, service=True))

    def _full_nearby(
        self, request: Request, params: dict[str, Any], writer: Writer, found: list[tuple[ServiceAtLocation, float]]
    ) -> Response | StreamingHttpResponse:
        if params["format"] == "ndjson":
            ids = [sal.id for sal, _distance in found]
        else:
            start = (params["page"] - 1) * params["per_page"]
            ids = [sal.id for sal, _distance in found[start : start + params["per_page"]]]
        nested = {sal.id: sal for sal in selectors.service_at_location_queryset(full=True).filter(id__in=ids)}
        rows = [(nested.get(sal.id, sal), distance) for sal, distance in found]
        return _page(
            request,
            rows,
            params,
            lambda pair: writer.service_at_location(pair[0], full=True, service=True, distance_m=pair[1]),
        )


class HsdsServiceAtLocationDetailApi(HsdsApi):
    """One service at location, with its location and schedules fully nested and its service."""

    @extend_schema(parameters=[DetailParams], responses={200: HsdsServiceAtLocationOutput})
    def get(self, request: Request, id: str) -> Response:  # noqa: A002
        writer = self.writer(request, _params(DetailParams, request))
        sal = _get(selectors.service_at_location_queryset(full=True), id, "service_at_location")
        return Response(writer.service_at_location(sal, full=True, service=True))


class HsdsOrganizationListApi(HsdsApi):
    """Organisations (`full`: with locations, contacts, phones and their services' ids and names)."""

    @extend_schema(
        parameters=[OrganizationListParams], responses={200: PageOutput}, operation_id="hsds_organizations_list"
    )
    def get(self, request: Request) -> Response | StreamingHttpResponse:
        params = _params(OrganizationListParams, request)
        writer = self.writer(request, params)
        full = params["full"] or params["full_service"]
        organizations = selectors.organization_list(
            search=params["search"],
            modified_after=params.get("modified_after"),
            full=full,
            full_service=params["full_service"],
        )
        return _page(
            request,
            organizations,
            params,
            lambda org: writer.organization(org, full=full, full_service=params["full_service"]),
        )


class HsdsOrganizationDetailApi(HsdsApi):
    """One organisation, fully nested (`full_service`: with its services fully nested too)."""

    @extend_schema(parameters=[DetailParams], responses={200: HsdsOrganizationOutput})
    def get(self, request: Request, id: str) -> Response:  # noqa: A002
        params = _params(DetailParams, request)
        writer = self.writer(request, params)
        queryset = selectors.organization_queryset(full=True, full_service=params["full_service"])
        org = _get(queryset, id, "organization")
        assert isinstance(org, Organization)
        return Response(writer.organization(org, full=True, full_service=params["full_service"]))


class HsdsTaxonomyListApi(HsdsApi):
    """Our vocabularies: service categories (the six ACCMR working committees and below), audience, eligibility."""

    @extend_schema(parameters=[PageParams], responses={200: PageOutput}, operation_id="hsds_taxonomies_list")
    def get(self, request: Request) -> Response | StreamingHttpResponse:
        params = _params(PageParams, request)
        writer = self.writer(request, params)
        return _page(request, selectors.taxonomy_list(search=params["search"]), params, writer.taxonomy)


class HsdsTaxonomyDetailApi(HsdsApi):
    @extend_schema(parameters=[DetailParams], responses={200: HsdsTaxonomyOutput})
    def get(self, request: Request, id: str) -> Response:  # noqa: A002
        writer = self.writer(request, _params(DetailParams, request))
        taxonomy = _get(Taxonomy.objects.all(), id, "taxonomy")
        assert isinstance(taxonomy, Taxonomy)
        return Response(writer.taxonomy(taxonomy))


class HsdsTaxonomyTermListApi(HsdsApi):
    """Taxonomy terms (`taxonomy_id`, `parent_id`, `top_only`)."""

    @extend_schema(
        parameters=[TaxonomyTermListParams], responses={200: PageOutput}, operation_id="hsds_taxonomy_terms_list"
    )
    def get(self, request: Request) -> Response | StreamingHttpResponse:
        params = _params(TaxonomyTermListParams, request)
        writer = self.writer(request, params)
        terms = selectors.taxonomy_term_list(
            search=params["search"],
            taxonomy_id=params.get("taxonomy_id"),
            parent_id=params.get("parent_id"),
            top_only=params["top_only"],
        )
        return _page(request, terms, params, writer.taxonomy_term)


class HsdsTaxonomyTermDetailApi(HsdsApi):
    @extend_schema(parameters=[DetailParams], responses={200: HsdsTaxonomyTermOutput})
    def get(self, request: Request, id: str) -> Response:  # noqa: A002
        writer = self.writer(request, _params(DetailParams, request))
        term = _get(TaxonomyTerm.objects.select_related("taxonomy"), id, "taxonomy term")
        assert isinstance(term, TaxonomyTerm)
        return Response(writer.taxonomy_term(term))
