"""Server-rendered pages."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The caseworker map."""
    return render(request, "services/home.html", {"map_config": {"attribution": settings.DATA_ATTRIBUTION}})
