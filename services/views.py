"""Server-rendered pages: the caseworker search (works without JavaScript; the map module enhances it), a service's
page and referral sheet, and the organisation directory."""

from typing import Any, NamedTuple
from uuid import UUID

from django.contrib.gis.db.backends.postgis.adapter import PostGISAdapter
from django.contrib.gis.geos import Point
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_organization
from boundaries.geocoding import display_name, gazetteer_search, geocode
from boundaries.models import Area, AreaLevel
from emergencies.selectors import search_page_context as emergency_search_context
from geo_accmr.db_router import read_connection
from search.selectors import service_list_nearby

from . import directory
from .cards import cards_list_html
from .forms import LANGUAGE_CHOICES, DirectoryFilterForm, SearchForm
from .geojson import nearby_feature
from .hours import days_label
from .languages import language_name
from .models import Organization
from .redaction import public_place, public_service_phones
from .selectors import service_detail_queryset

RESULT_LIMIT = 50  # the first page of results; "show more" adds as many again
MAX_RESULT_LIMIT = 200
SHELTER_BAND_MARGIN_M = 1000
DIRECTORY_PAGE_SIZE = 20
# What the map module reads of a result (static/js/map_search.js, search_layer.js: its marker and popup); the rest of
# a result is its card's, already in the page as HTML: sent twice, it was a third of the page.
MAP_PROPERTIES = ("service_id", "name", "organization", "open_now", "hours_today")


_LANGUAGE_NAMES: dict[str, dict[str, str]] = {}  # per worker process: page language → names (fixed at deploy)


def language_names() -> dict[str, str]:
    """ISO 639-1 code → the language's name in the page's language, for the search form's languages."""
    language = get_language() or ""
    names = _LANGUAGE_NAMES.get(language)
    if names is None:
        names = _LANGUAGE_NAMES[language] = {
            code: language_name(code, with_own_name=False) for code, _label in LANGUAGE_CHOICES
        }
    return names


class CoveringArea(NamedTuple):
    """An area covering the search point, as the page's place name and emergency banner read it."""

    pk: int
    level: str
    name_el: str | None
    name_en: str | None


_COVERING_SQL: dict[str, str] = {}  # per process: database alias → statement


def _covering_statement(alias: str) -> str:
    """Area.objects.covering(point), by code, names only, compiled to SQL once per process (building and compiling
    the queryset cost several times what PostgreSQL takes to answer it); the rule stays AreaQuerySet.covering's, and
    the point is the statement's one parameter."""
    sql = _COVERING_SQL.get(alias)
    if sql is None:
        query = Area.objects.covering(Point(0, 0, srid=4326)).order_by("code").values(*CoveringArea._fields).query
        sql, params = query.get_compiler(using=alias).as_sql()
        if len(params) != 1 or not isinstance(params[0], PostGISAdapter):
            raise ImproperlyConfigured(f"Area.objects.covering: one point parameter expected, not {params!r}")
        _COVERING_SQL[alias] = sql
    return sql


_MAP_URLS: dict[tuple[str, str], dict[str, str]] = {}  # per worker process: (language, script prefix) → URLs


def map_urls() -> dict[str, str]:
    """The URLs the map module calls, in the page's language (fixed at deploy: reversed once per worker)."""
    key = (get_language() or "", get_script_prefix())
    urls = _MAP_URLS.get(key)
    if urls is None:
        urls = _MAP_URLS[key] = {
            "areasUrl": reverse("api:areas"),
            "geocodeUrl": reverse("api:geocode"),
            "mapUrl": reverse("api:map"),
            "detailUrl": reverse("services:detail", args=[UUID(int=0)]),
        }
    return urls


def covering_areas(*, lat: float, lon: float) -> list[CoveringArea]:
    """The areas covering a point (every level: neighbourhood, community, municipality), by code, names only: one
    query the place's name and the emergency banner share (a polygon is large: fetching one cost more than the
    search)."""
    point: list[Any] = [PostGISAdapter(Point(lon, lat, srid=4326))]  # as the queryset passes it
    with read_connection.cursor() as cursor:
        cursor.execute(_covering_statement(read_connection.alias), point)
        columns = [column.name for column in cursor.description]
        return [CoveringArea(**dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]


def place_label(covering: list[CoveringArea]) -> str:
    """The name of the smallest area among those covering a point (neighbourhood, community, municipality), never
    numbers."""
    for level in (AreaLevel.NEIGHBOURHOOD, AreaLevel.COMMUNITY, AreaLevel.MUNICIPALITY):
        area = next((a for a in covering if a.level == level), None)  # as area_at_point: the first by code
        if area is not None:
            return display_name(name_el=area.name_el, name_en=area.name_en, english=get_language() == "en")
    return _("the point chosen on the map")


def result_card(feature: dict[str, Any], *, hours_today: list[str], names: dict[str, str]) -> dict[str, Any]:
    """A search result with what its card shows: today's hours, language names, a shelter's distance band."""
    p = feature["properties"]
    p["hours_today"] = hours_today
    p["language_names"] = [names.get(code, code.upper()) for code in p.get("languages") or []]
    # A shelter's distance is only known to its 500 m band around a stand-in up to 354 m from the door: show the
    # band's outer edge and sort by it, so the shown distances never decrease down the list.
    p["shown_m"] = p["distance_m"] + SHELTER_BAND_MARGIN_M if p.get("redacted") else p["distance_m"]
    return feature


def map_feature(feature: dict[str, Any]) -> dict[str, Any]:
    """A result as the page's map_config lists it: its point and the properties the map module reads."""
    p = feature["properties"]
    return {
        "type": feature["type"],
        "id": feature["id"],
        "geometry": feature["geometry"],
        "properties": {name: p[name] for name in MAP_PROPERTIES if name in p},
    }


def home(request: HttpRequest) -> HttpResponse:
    """The caseworker map: a place, filters, the nearest fitting services on a map and in a list."""
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "results": None}
    map_config: dict[str, Any] = {
        **map_urls(),
        "committees": [{"code": top.code, "name": str(top.name)} for top in form.categories],
        "languageNames": language_names(),
        "features": [],
        "center": None,
        "radius": None,
        "view": None,
    }
    if request.GET and form.is_valid():
        data = form.cleaned_data
        lat, lon, label = data["lat"], data["lon"], data["place"]
        if (lat is None or lon is None) and data["place"]:
            # Our own gazetteer answers place names at once; the external geocoder only when it knows nothing.
            candidates = gazetteer_search(query=data["place"], limit=6)
            if not candidates:
                candidates, context["geocode_warning"] = geocode(query=data["place"], limit=6)
            if candidates:
                lat, lon, label = candidates[0].lat, candidates[0].lon, candidates[0].label
                context["alternatives"] = candidates[1:]
            else:
                context["place_error"] = _("No place matches “%(place)s”. Try a street, a neighbourhood or a city.") % {
                    "place": data["place"]
                }
        if lat is not None and lon is not None:
            covering = None
            if not label:
                covering = covering_areas(lat=lat, lon=lon)
                label = place_label(covering)
            radius = data["radius_m"] or 5000
            asked = request.GET.get("limit", "")
            limit = min(max(int(asked) if asked.isdigit() else RESULT_LIMIT, RESULT_LIMIT), MAX_RESULT_LIMIT)
            results = service_list_nearby(
                lat=lat, lon=lon, radius_m=radius, filters=form.filters(), limit=limit + 1, hours_today=True
            )
            more = len(results) > limit
            results = results[:limit]
            names = language_names()
            features = [result_card(nearby_feature(r), hours_today=r.hours_today or [], names=names) for r in results]
            features.sort(key=lambda f: f["properties"]["shown_m"])  # stable: ties keep the nearest-first order
            more_query = request.GET.copy()
            more_query["limit"] = str(limit + RESULT_LIMIT)
            context.update(
                results=features,
                result_cards=cards_list_html(features),
                place_label=label,
                lat=lat,
                lon=lon,
                more_url=f"?{more_query.urlencode()}" if more and limit < MAX_RESULT_LIMIT else None,
            )
            map_config.update(features=[map_feature(f) for f in features], center=[lat, lon], radius=radius)
            selected = request.GET.get("emergency") == "1"
            context.update(
                emergency_search_context(
                    lat=lat,
                    lon=lon,
                    radius_m=radius,
                    selected=selected,
                    stamp=form.stamp,
                    covering_area_ids=None if covering is None else [area.pk for area in covering],
                )
            )
        context["active_filters"] = form.active_filter_count()
    context["map_config"] = map_config
    return render(request, "services/home.html", context)


def service_detail(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """Everything a caseworker needs about one service, with its locations on a small map."""
    service = get_object_or_404(service_detail_queryset(), pk=service_id)
    now = timezone.now()
    schedules = list(service.schedules.all())
    locations = [public_place(sal.location) for sal in service.service_at_locations.all()]
    hours = [
        {"days": days_label(s.days), "opens": s.opens_at, "closes": s.closes_at, "note": s.description}
        for s in schedules
    ]
    context = {
        "service": service,
        "locations": locations,
        "phones": public_service_phones(service),
        "hours": hours,
        "open_now": any(s.is_open_at(now) for s in schedules) if schedules else None,
        "current": service.is_current(),
        "map_config": {
            "points": [
                {"lat": loc.lat, "lon": loc.lon, "name": loc.name or service.name}
                for loc in locations
                if loc.lat is not None
            ]
        },
    }
    return render(request, "services/detail.html", context)


def organization_list(request: HttpRequest) -> HttpResponse:
    """The member directory: filter by kind and committee, search by name, a page at a time."""
    committees = directory.committee_list()
    counts = directory.organization_directory_counts()
    form = DirectoryFilterForm(request.GET or None, committees=[(t.code, t.name) for t in committees], counts=counts)
    filters: dict[str, Any] = {"kind": "", "committee": "", "q": ""}
    if form.is_valid():
        filters.update({k: v for k, v in form.cleaned_data.items() if v})
    organizations = directory.organization_directory(**filters)
    page = Paginator(organizations, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "total": page.paginator.count,
        "query": query.urlencode(),
        "filtered": any(filters.values()),
    }
    return render(request, "services/organization_list.html", context)


def organization_detail(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    """One organisation: its details, its current services, and their (non-redacted) places on a small map."""
    try:
        organization = directory.organization_detail(organization_id=organization_id)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "organization": organization,
        "services": organization.shown_services,
        # hidden from search until confirmed: not counted nor listed for the public, listed apart for its editors
        "hidden_services": organization.hidden_services if can_edit_organization(request.user, organization.pk) else [],
        "map_config": {"points": directory.organization_map_points(organization=organization)},
        "has_redacted": any(
            sal.location.redacted for s in organization.shown_services for sal in s.service_at_locations.all()
        ),
    }
    return render(request, "services/organization_detail.html", context)
