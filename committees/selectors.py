"""Reads for the committee workspaces: what each committee covers, its members, its figures and its monthly report.

Nothing here redefines a rule. A committee's services are those the caseworker search shows for its category (the
search index with search.selectors.entry_conditions: active, inside valid dates, confirmed recently enough, at a
located place, subcategories included); figures per area are the coverage dashboard's (coverage.selectors); unmet
need is coverage's UnmetNeed; "ending soon" is coverage's service-cliff horizon (valid_to within 60 days).
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from boundaries.models import Area, AreaLevel
from coverage.actions import week_start
from coverage.models import UnmetNeed
from coverage.selectors import (
    ATHENS_CODE,
    DEFAULT_HORIZON_DAYS,
    CoverageQuery,
    area_name,
    coverage_result,
    unmet_need_counts,
)
from geo_accmr.geo import ATHENS
from search.selectors import committee_of_codes, entry_conditions
from services.directory import CATEGORIES, committee_list
from services.languages import language_name
from services.models import Organization, Service, ServiceAtLocation, TaxonomyTerm
from services.rules import service_day
from services.selectors import SearchFilters

from .models import CommitteeNote, CommitteeOrganization

HORIZON_DAYS = DEFAULT_HORIZON_DAYS  # service cliffs: valid_to within this many days (coverage's horizon)
UNMET_WEEKS = 4  # unmet need: the last 4 weekly buckets (this week and the 3 before) against the 4 before them


# ----------------------------------------------------------------------------------------------- committees
def committee_get(*, code: str) -> TaxonomyTerm | None:
    """The committee with this taxonomy code (a top-level category), or None."""
    return committee_list().filter(code=code).first()


def committee_codes(*, committee: TaxonomyTerm) -> list[str]:
    """The committee's code and the codes of every category below it."""
    terms = TaxonomyTerm.objects.filter(taxonomy__code=CATEGORIES).with_descendants([committee.code])
    return sorted(terms.values_list("code", flat=True))


def committee_subcategories(*, committee: TaxonomyTerm) -> QuerySet[TaxonomyTerm]:
    """What the committee covers: its subcategories in display order."""
    return TaxonomyTerm.objects.filter(parent=committee).order_by("position", "code")


def unmet_recent_since(on: date) -> date:
    """The first week (a Monday) counted as "the last 4 weeks" on the day `on`: this week and the 3 before."""
    return week_start(on) - timedelta(weeks=UNMET_WEEKS - 1)


# ----------------------------------------------------------------------------------------------- services
def _search_conditions(*, committee: TaxonomyTerm, on: date) -> tuple[str, dict[str, Any]]:
    where, params = entry_conditions(filters=SearchFilters(categories=(committee.code,)), on=on, moment=timezone.now())
    params["horizon"] = on + timedelta(days=HORIZON_DAYS)
    return " AND ".join(where), params


def committee_services_by_organization(*, committee: TaxonomyTerm, on: date | None = None) -> dict[UUID, int]:
    """Organisation id → how many of its services search shows in the committee's categories on the day `on`."""
    condition, params = _search_conditions(committee=committee, on=on or service_day())
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT s.organization_id, count(DISTINCT e.service_id)
            FROM search_searchentry e JOIN services_service s ON s.id = e.service_id
            WHERE {condition} GROUP BY s.organization_id
            """,  # noqa: S608 - our own condition strings; values are parameters
            params,
        )
        return dict(cursor.fetchall())


def committee_cliff_ids(*, committee: TaxonomyTerm, on: date) -> list[UUID]:
    """The committee's services in search whose valid_to falls within HORIZON_DAYS of `on` (service cliffs)."""
    condition, params = _search_conditions(committee=committee, on=on)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT e.service_id FROM search_searchentry e WHERE {condition} AND e.valid_to <= %(horizon)s",  # noqa: S608
            params,
        )
        return [row[0] for row in cursor.fetchall()]


def committee_figures(*, on: date | None = None) -> list[dict[str, Any]]:
    """Per committee: distinct services search shows in its categories, their organisations (with the attached
    ones), those ending within HORIZON_DAYS, and unmet need recorded in the last UNMET_WEEKS weeks."""
    on = on or service_day()
    attached: dict[UUID, set[UUID]] = {}
    for committee_id, organization_id in CommitteeOrganization.objects.values_list("committee_id", "organization_id"):
        attached.setdefault(committee_id, set()).add(organization_id)
    top_of = committee_of_codes()
    unmet: dict[str, int] = {}
    recent = UnmetNeed.objects.filter(week__gte=unmet_recent_since(on)).exclude(category="")
    for category, total in recent.values_list("category").annotate(n=Sum("count")).values_list("category", "n"):
        if category in top_of:
            unmet[top_of[category]] = unmet.get(top_of[category], 0) + total
    figures = []
    for committee in committee_list():
        condition, params = _search_conditions(committee=committee, on=on)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT count(DISTINCT e.service_id),
                       count(DISTINCT e.service_id) FILTER (WHERE e.valid_to <= %(horizon)s),
                       coalesce(array_agg(DISTINCT s.organization_id), '{{}}')
                FROM search_searchentry e JOIN services_service s ON s.id = e.service_id
                WHERE {condition}
                """,  # noqa: S608 - our own condition strings; values are parameters
                params,
            )
            services, ending, organization_ids = cursor.fetchone()
        organisations = {UUID(str(i)) for i in organization_ids if i} | attached.get(committee.id, set())
        figures.append(
            {
                "code": committee.code,
                "name": str(committee.name),
                "name_el": committee.name_el or "",
                "name_en": committee.name_en or committee.name_el or "",
                "services": services,
                "organisations": len(organisations),
                "ending_soon": ending,
                "unmet_need_4w": unmet.get(committee.code, 0),
            }
        )
    return figures


# ----------------------------------------------------------------------------------------------- members
@dataclass
class Member:
    """A member organisation of a committee: its services there (search's count) and whether it was attached."""

    organization: Organization
    services: int
    attached: bool


def committee_members(*, committee: TaxonomyTerm, on: date | None = None) -> list[Member]:
    """Organisations with services search shows in the committee's categories, and those attached to it, by name."""
    counts = committee_services_by_organization(committee=committee, on=on)
    attached = set(CommitteeOrganization.objects.filter(committee=committee).values_list("organization_id", flat=True))
    organizations = Organization.objects.filter(id__in=set(counts) | attached).order_by("name", "id")
    return [Member(organization=o, services=counts.get(o.id, 0), attached=o.id in attached) for o in organizations]


def attachable_organizations(*, committee: TaxonomyTerm) -> QuerySet[Organization]:
    """Organisations a coordinator may still attach to the committee."""
    attached = CommitteeOrganization.objects.filter(committee=committee).values("organization_id")
    return Organization.objects.exclude(id__in=attached).order_by("name", "id")


# ----------------------------------------------------------------------------------------------- areas
@dataclass
class AreaTable:
    """The gap table of one kind of area: coverage's rows with unmet need now and before."""

    key: str
    level: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)


def committee_area_tables(*, committee: TaxonomyTerm, on: date | None = None) -> list[AreaTable]:
    """By Athens community and by Cities Network city: services, per 10,000 residents, median distance, share
    farther than 1 km, ending within HORIZON_DAYS (coverage's figures), unmet need in the last UNMET_WEEKS weeks and
    in the UNMET_WEEKS before."""
    on = on or service_day()
    codes = tuple(committee_codes(committee=committee))
    filters = SearchFilters(categories=(committee.code,))
    queries = {
        "communities": CoverageQuery(
            level=AreaLevel.COMMUNITY, city=ATHENS_CODE, filters=filters, horizon_days=HORIZON_DAYS
        ),
        "cities": CoverageQuery(
            level=AreaLevel.MUNICIPALITY, cni_only=True, filters=filters, horizon_days=HORIZON_DAYS
        ),
    }
    tables = []
    for key, query in queries.items():
        result, _cached = coverage_result(query=query, on=on)
        ids = [row["id"] for row in result.rows]
        # coverage counts `weeks` weekly buckets before this week's: UNMET_WEEKS - 1 gives UNMET_WEEKS buckets
        recent = unmet_need_counts(level=query.level, area_ids=ids, categories=codes, weeks=UNMET_WEEKS - 1, on=on)
        both = unmet_need_counts(level=query.level, area_ids=ids, categories=codes, weeks=2 * UNMET_WEEKS - 1, on=on)
        rows = [
            {
                **row,
                "name": area_name(row),
                "unmet_recent": recent.get(row["id"], 0),
                "unmet_before": both.get(row["id"], 0) - recent.get(row["id"], 0),
            }
            for row in result.rows
        ]
        rows.sort(key=lambda row: row["name"])
        totals = {
            **result.totals,
            "unmet_recent": sum(row["unmet_recent"] for row in rows),
            "unmet_before": sum(row["unmet_before"] for row in rows),
        }
        tables.append(AreaTable(key=key, level=query.level, rows=rows, totals=totals))
    return tables


# ----------------------------------------------------------------------------------------------- the monthly report
def month_parse(value: str) -> date | None:
    """`YYYY-MM` as the first day of that month, or None when it is not one."""
    try:
        parsed = datetime.strptime(value, "%Y-%m")
    except (TypeError, ValueError):
        return None
    return parsed.date() if parsed.year >= 2000 else None


def month_last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def report_day(month: date) -> date:
    """The day a month's figures describe: its last day, or today for the current month."""
    return min(month_last_day(month), service_day())


def _with_places(services: QuerySet[Service]) -> QuerySet[Service]:
    places = ServiceAtLocation.objects.select_related("location__municipality", "location__community")
    return services.select_related("organization").prefetch_related(Prefetch("service_at_locations", queryset=places))


def service_areas(service: Service) -> str:
    """Where a service is, as area names only (a shelter's area is public, its place is not)."""
    names = []
    for sal in service.service_at_locations.all():
        area = sal.location.community or sal.location.municipality
        if area is not None and area.name not in names:
            names.append(area.name)
    return ", ".join(names)


def committee_month_services(*, committee: TaxonomyTerm, month: date) -> dict[str, list[Service]]:
    """Services of the committee's categories that started (valid_from, else the day they were listed) or ended
    (valid_to, a day already past) in the month; active ones only for the new."""
    first, last = month, month_last_day(month)
    start = timezone.make_aware(datetime.combine(first, time.min), ATHENS)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), ATHENS)
    terms = TaxonomyTerm.objects.filter(taxonomy__code=CATEGORIES).with_descendants([committee.code])
    ids = Service.objects.filter(categories__in=terms).values("id")
    base = _with_places(Service.objects.filter(id__in=ids))
    new = base.filter(status="active").filter(
        Q(valid_from__range=(first, last)) | Q(valid_from__isnull=True, created_at__gte=start, created_at__lt=end)
    )
    # ended: the last valid day has passed (a service valid until later this month is a service cliff instead)
    ended = base.filter(valid_to__range=(first, min(last, service_day() - timedelta(days=1))))
    return {"new": list(new.order_by("name", "id")), "ended": list(ended.order_by("valid_to", "name", "id"))}


def committee_cliffs(*, committee: TaxonomyTerm, on: date) -> list[Service]:
    """The committee's services in search ending within HORIZON_DAYS of `on`, soonest first."""
    ids = committee_cliff_ids(committee=committee, on=on)
    return list(_with_places(Service.objects.filter(id__in=ids)).order_by("valid_to", "name", "id"))


def committee_month_unmet(*, committee: TaxonomyTerm, month: date) -> list[dict[str, Any]]:
    """Unmet need for the committee's categories recorded in the weeks starting in the month, by area (Athens
    community, else municipality) and language, largest first."""
    codes = committee_codes(committee=committee)
    needs = UnmetNeed.objects.filter(week__range=(month, month_last_day(month)), category__in=codes)
    totals: dict[tuple[int | None, str], int] = {}
    for community, municipality, language, count in needs.values_list(
        "community_id", "municipality_id", "language", "count"
    ):
        key = (community or municipality, language)
        totals[key] = totals.get(key, 0) + count
    areas = Area.objects.in_bulk([area_id for area_id, _language in totals if area_id])
    rows: list[dict[str, Any]] = [
        {
            "area": areas[area_id].name if area_id in areas else "",
            "language": language_name(language, with_own_name=False) if language else "",
            "count": count,
        }
        for (area_id, language), count in totals.items()
    ]
    rows.sort(key=lambda row: (-row["count"], row["area"], row["language"]))
    return rows


def committee_note(*, committee: TaxonomyTerm, month: date) -> CommitteeNote | None:
    """The notes of the committee's report for the month, if someone wrote them."""
    return CommitteeNote.objects.filter(committee=committee, month=month).select_related("updated_by").first()
