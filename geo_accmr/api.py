"""Project-wide API plumbing: the error envelope and the health check."""

import math
from typing import Any

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Render every error as `{"errors": {"field": ["message"]}}`; database outages as 503."""
    if isinstance(exc, DatabaseError):
        return Response({"errors": {"database": ["The database is unavailable."]}}, status=503)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Throttled):
        wait = math.ceil(exc.wait or 1)  # type: ignore[attr-defined]  # set in Throttled.__init__; not in DRF's stubs
        message = ngettext(
            "Too many requests. Try again in %(seconds)d second.",
            "Too many requests. Try again in %(seconds)d seconds.",
            wait,
        ) % {"seconds": wait}
        response.data = {"errors": {"detail": [message]}}
    elif isinstance(exc, ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"errors": {field: _messages(value) for field, value in detail.items()}}
    else:
        response.data = {"errors": {"detail": [str(getattr(exc, "detail", exc))]}}
    return response


def _messages(value: Any) -> list[str]:
    """Flatten nested error details (list items, nested fields) into one list of messages per field."""
    if isinstance(value, dict):
        return [message for item in value.values() for message in _messages(item)]
    if isinstance(value, list):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


class HealthApi(APIView):
    """Liveness with a database round trip."""

    authentication_classes: list = []

    @extend_schema(
        responses={
            200: inline_serializer("Health", {"status": serializers.CharField()}),
            503: inline_serializer("HealthDown", {"status": serializers.CharField()}),
        }
    )
    def get(self, request: Request) -> Response:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            return Response({"status": "unavailable"}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response({"status": "ok"})


def not_found_json(request: Any, exception: Exception | None = None) -> JsonResponse:
    """JSON 404 for API paths."""
    return JsonResponse({"errors": {"detail": ["Not found."]}}, status=404)
