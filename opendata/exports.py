"""Streamed exports of the public service locations: /export/services.csv and /export/services.geojson.

Both take the /api/nearby/ filters without a centre and stream the whole filtered set from a server-side cursor,
so memory stays flat however many rows match.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from services.selectors import UnknownFilterValue
from services.serializers import SearchFilterSerializer

from .schema import ref
from .selectors import (
    SERVICE_LOCATION_FIELDS,
    ServiceLocationQuery,
    rows_streamed,
    service_location_export_query,
    service_location_properties,
)

# Text cells that a spreadsheet would run as a formula start with one of these (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_FIELDS = {"name_el", "name_en", "organization_el", "organization_en", "address", "url", "email"}


class FirstRenderer(BaseContentNegotiation):
    """Always answer in the view's first format: these endpoints have one, whatever `Accept` says."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> Any:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple:
        renderer = list(renderers)[0]
        return renderer, renderer.media_type


def _csv_cell(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if name in TEXT_FIELDS and isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(query: ServiceLocationQuery) -> Iterator[bytes]:
    """The header line, then one UTF-8 block of CSV lines per fetched chunk of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SERVICE_LOCATION_FIELDS)
    yield buffer.getvalue().encode()
    for rows in rows_streamed(query):
        buffer.seek(0)
        buffer.truncate()
        for row in rows:
            values = service_location_properties(row)
            writer.writerow([_csv_cell(name, values[name]) for name in SERVICE_LOCATION_FIELDS])
        yield buffer.getvalue().encode()


def point_geometry(lon: float | None, lat: float | None) -> dict[str, Any] | None:
    """The GeoJSON geometry of a published point (selectors.published_point), None for a redacted location."""
    return None if lon is None else {"type": "Point", "coordinates": [lon, lat]}


def geojson_feature(row: tuple) -> dict[str, Any]:
    """A public service location as a GeoJSON feature; redacted locations have a null geometry."""
    properties = service_location_properties(row)
    feature_id, lon, lat = properties.pop("id"), properties.pop("lon"), properties.pop("lat")
    return {"type": "Feature", "id": feature_id, "geometry": point_geometry(lon, lat), "properties": properties}


def geojson_chunks(query: ServiceLocationQuery) -> Iterator[bytes]:
    """A FeatureCollection written piece by piece: one block of features per fetched chunk of rows."""
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for rows in rows_streamed(query):
        features = ",".join(json.dumps(geojson_feature(row), ensure_ascii=False, separators=(",", ":")) for row in rows)
        yield (features if first else "," + features).encode()
        first = False
    yield b"]}"


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Mapping[str, Any] | None = None
    ) -> bytes:
        # only error answers pass through a renderer (streams bypass it): they stay JSON
        return JSONRenderer().render(data)


class GeoJsonRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class _ExportApi(APIView):
    authentication_classes: list = []
    content_negotiation_class = FirstRenderer
    content_type = ""
    filename = ""

    def chunks(self, query: ServiceLocationQuery) -> Iterable[bytes]:
        raise NotImplementedError

    def handle_exception(self, exc: Exception) -> Any:
        # errors are JSON (`{"errors": …}`), whatever format the export itself has
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)

    def get(self, request: Request) -> StreamingHttpResponse:
        params = SearchFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            query = service_location_export_query(filters=params.filters())
        except UnknownFilterValue as exc:
            raise ValidationError({exc.field_name: [str(exc)]}) from exc
        # HEAD gets the headers alone: no reason to run the whole export for them
        chunks = iter(()) if request.method == "HEAD" else self.chunks(query)
        response = StreamingHttpResponse(chunks, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


EXPORT_DESCRIPTION = (
    "Every public service location (active services inside their valid dates) matching the filters of "
    "/api/nearby/, without a centre, in storage order, streamed. A redacted location (shelter) has "
    "no coordinates and no address, only its area codes."
)


class ServiceExportCsvApi(_ExportApi):
    """All public service locations matching the filters, as CSV (UTF-8, one row per service at a location)."""

    renderer_classes = [CsvRenderer]
    content_type = "text/csv; charset=utf-8"
    filename = "services.csv"

    def chunks(self, query: ServiceLocationQuery) -> Iterable[bytes]:
        return csv_chunks(query)

    @extend_schema(
        operation_id="export_services_csv",
        parameters=[SearchFilterSerializer],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description=f"Columns: {', '.join(SERVICE_LOCATION_FIELDS)}. Lists are joined with ';'. "
                "Text that would start a spreadsheet formula is prefixed with an apostrophe.",
            ),
            (400, "application/json"): OpenApiResponse(description='`{"errors": {"field": ["message"]}}`'),
        },
        description=EXPORT_DESCRIPTION,
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        return super().get(request)


class ServiceExportGeoJsonApi(_ExportApi):
    """All public service locations matching the filters, as one GeoJSON FeatureCollection."""

    renderer_classes = [GeoJsonRenderer]
    content_type = "application/geo+json"
    filename = "services.geojson"

    def chunks(self, query: ServiceLocationQuery) -> Iterable[bytes]:
        return geojson_chunks(query)

    @extend_schema(
        operation_id="export_services_geojson",
        parameters=[SearchFilterSerializer],
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                ref("ServiceLocationFeatureCollection"),
                description="A FeatureCollection; each feature's id is the service-at-location id and its "
                f"properties are {', '.join(f for f in SERVICE_LOCATION_FIELDS if f not in ('id', 'lon', 'lat'))}.",
            ),
            (400, "application/json"): OpenApiResponse(description='`{"errors": {"field": ["message"]}}`'),
        },
        description=EXPORT_DESCRIPTION,
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        return super().get(request)
