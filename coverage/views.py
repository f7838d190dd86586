"""The planner dashboard page and its CSV download."""

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError

from boundaries.models import Area, AreaLevel
from services.forms import LANGUAGE_CHOICES, category_tree, term_choices
from services.selectors import UnknownFilterValue

from .selectors import ATHENS_CODE, DEFAULT_BEYOND_M, DEFAULT_HORIZON_DAYS, coverage_table
from .serializers import parse_query


def dashboard(request: HttpRequest) -> HttpResponse:
    """Choropleth, far-away grid cells, sortable table, comparison and unmet need; the data comes from the APIs."""
    municipalities = list(
        Area.objects.of_level(AreaLevel.MUNICIPALITY)
        .order_by("-cni_member", "name")
        .values_list("code", "name", "cni_member")
    )
    categories = [
        {
            "code": top.code,
            "name": top.name,
            "subcategories": [{"code": s.code, "name": s.name} for s in top.subcategories],
        }
        for top in category_tree()
    ]
    config: dict[str, Any] = {
        "coverageUrl": reverse("api:coverage"),
        "cellsUrl": reverse("api:coverage-cells"),
        "unmetUrl": reverse("api:coverage-unmet-need"),
        "areasUrl": reverse("api:areas"),
        "csvUrl": reverse("coverage:csv"),
        "athens": ATHENS_CODE,
        "defaultBeyond": int(DEFAULT_BEYOND_M),
        "defaultHorizon": DEFAULT_HORIZON_DAYS,
    }
    context = {
        "config": config,
        "municipalities": municipalities,
        "categories": categories,
        "languages": LANGUAGE_CHOICES,
        "audiences": term_choices("audience"),
        "levels": AreaLevel.choices,
        "athens": ATHENS_CODE,
    }
    return render(request, "coverage/dashboard.html", context)


CSV_COLUMNS = [
    ("code", gettext_lazy("Code")),
    ("name", gettext_lazy("Name")),
    ("population", gettext_lazy("Population")),
    ("services", gettext_lazy("Services")),
    ("per_10k", gettext_lazy("Services per 10,000 residents")),
    ("per_km2", gettext_lazy("Services per km²")),
    ("median_nearest_m", gettext_lazy("Median distance to nearest service (m)")),
    ("share_beyond_1km", gettext_lazy("Share of area farther than 1 km")),
    ("share_beyond", gettext_lazy("Share of area farther than the chosen distance")),
    ("ending_soon", gettext_lazy("Services ending within the horizon")),
    ("unmet_need", gettext_lazy("Unmet need (searches)")),
    ("area_km2", gettext_lazy("Area (km²)")),
    ("sample_points", gettext_lazy("Sample points")),
    ("spacing_m", gettext_lazy("Grid spacing (m)")),
]


def table_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard's table as CSV (UTF-8 with BOM, so spreadsheet programs read the Greek names)."""
    try:
        query, weeks = parse_query(request.GET)
        table = coverage_table(query=query, unmet_weeks=weeks)
    except ValidationError as error:
        return HttpResponse(str(error.detail), status=400, content_type="text/plain; charset=utf-8")
    except UnknownFilterValue as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = "-".join(["coverage", query.level, query.city or "all", *query.filters.categories])
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for row in table["rows"]:
        writer.writerow(["" if row.get(key) is None else row.get(key) for key, _label in CSV_COLUMNS])
    return response
