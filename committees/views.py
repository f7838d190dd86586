"""Committee pages: the six committees, one committee's workspace, its monthly gap report (page and CSV), and the
coordinators' writes (report notes, attached organisations)."""

import csv
from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import coordinator_required, is_coordinator, user_role
from geo_accmr.geo import ATHENS_LATLON
from services.directory import committee_list
from services.models import TaxonomyTerm
from services.rules import service_day

from .actions import committee_note_save, committee_organization_attach, committee_organization_detach
from .forms import AttachForm, NoteForm, ReportMonthForm
from .selectors import (
    HORIZON_DAYS,
    UNMET_WEEKS,
    attachable_organizations,
    committee_area_tables,
    committee_cliffs,
    committee_figures,
    committee_get,
    committee_members,
    committee_month_services,
    committee_month_unmet,
    committee_note,
    committee_subcategories,
    report_day,
    service_areas,
)


def _committee(code: str) -> TaxonomyTerm:
    committee = committee_get(code=code)
    if committee is None:
        raise Http404(_("No such committee."))
    return committee


def _map_config(committee: TaxonomyTerm) -> dict[str, Any]:
    """What the map module needs: the search page's map API, filtered to the committee's categories."""
    return {
        "mapUrl": reverse("api:map"),
        "areasUrl": reverse("api:areas"),
        "detailUrl": reverse("services:detail", args=[UUID(int=0)]),
        "committees": [{"code": c.code, "name": str(c.name)} for c in committee_list()],
        "category": committee.code,
        "center": list(ATHENS_LATLON),
        "zoom": 12,
    }


def _figures(code: str, on: date) -> dict[str, Any]:
    return next(f for f in committee_figures(on=on) if f["code"] == code)


def committee_index(request: HttpRequest) -> HttpResponse:
    """The six committees with what each covers and its counts."""
    figures = {f["code"]: f for f in committee_figures()}
    committees = [
        {"committee": c, "figures": figures[c.code], "subcategories": list(committee_subcategories(committee=c))}
        for c in committee_list()
    ]
    return render(
        request,
        "committees/list.html",
        {"committees": committees, "horizon_days": HORIZON_DAYS, "unmet_weeks": UNMET_WEEKS},
    )


def committee_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A committee's workspace: what it covers, members, counts, its services on a map and the gap tables."""
    committee = _committee(code)
    on = service_day()
    context: dict[str, Any] = {
        "committee": committee,
        "subcategories": committee_subcategories(committee=committee),
        "figures": _figures(code, on),
        "members": committee_members(committee=committee, on=on),
        "tables": committee_area_tables(committee=committee, on=on),
        "map_config": _map_config(committee),
        "horizon_days": HORIZON_DAYS,
        "unmet_weeks": UNMET_WEEKS,
        "month": on.replace(day=1),
        "can_edit": is_coordinator(request.user),
    }
    if context["can_edit"]:
        context["attach_form"] = AttachForm(organizations=attachable_organizations(committee=committee))
    return render(request, "committees/detail.html", context)


# The report fits one or two A4 pages: long lists show their first entries and say how many more there are.
REPORT_LIST_LIMIT = 8
REPORT_UNMET_ROWS = 8


def _listed(name: str, services: list[Any]) -> dict[str, Any]:
    key = "new_services" if name == "new" else "ended_services" if name == "ended" else "cliffs"
    return {
        key: [(s, service_areas(s)) for s in services[:REPORT_LIST_LIMIT]],
        f"{name}_count": len(services),
        f"{name}_more": max(0, len(services) - REPORT_LIST_LIMIT),
    }


def _report_context(request: HttpRequest, committee: TaxonomyTerm, month: date) -> dict[str, Any]:
    on = report_day(month)
    month_services = committee_month_services(committee=committee, month=month)
    cliffs = committee_cliffs(committee=committee, on=on)
    note = committee_note(committee=committee, month=month)
    unmet = committee_month_unmet(committee=committee, month=month)
    return {
        "committee": committee,
        "month": month,
        "on": on,
        "figures": _figures(committee.code, on),
        "tables": committee_area_tables(committee=committee, on=on),
        **_listed("new", month_services["new"]),
        **_listed("ended", month_services["ended"]),
        **_listed("cliffs", cliffs),
        "unmet": unmet[:REPORT_UNMET_ROWS],
        "unmet_more": max(0, len(unmet) - REPORT_UNMET_ROWS),
        "note": note,
        "can_read_notes": user_role(request.user) is not None,
        "can_edit": is_coordinator(request.user),
        "map_config": _map_config(committee),
        "horizon_days": HORIZON_DAYS,
        "unmet_weeks": UNMET_WEEKS,
    }


def _bad_request(request: HttpRequest, committee: TaxonomyTerm, errors: Iterable[Any]) -> HttpResponse:
    return render(request, "committees/bad_request.html", {"committee": committee, "errors": errors}, status=400)


def _month(request: HttpRequest, committee: TaxonomyTerm) -> date | HttpResponse:
    form = ReportMonthForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, committee, form.errors["month"])
    return form.cleaned_data["month"] or service_day().replace(day=1)


def committee_report(request: HttpRequest, code: str) -> HttpResponse:
    """The monthly gap report `?month=YYYY-MM` (default: this month): one printable A4 document."""
    committee = _committee(code)
    month = _month(request, committee)
    if isinstance(month, HttpResponse):
        return month
    context = _report_context(request, committee, month)
    if context["can_edit"]:
        note = context["note"]
        context["note_form"] = NoteForm(initial={"month": f"{month:%Y-%m}", "text": note.text if note else ""})
    return render(request, "committees/report.html", context)


CSV_COLUMNS = [
    ("level", gettext_lazy("Level")),
    ("code", gettext_lazy("Code")),
    ("name", gettext_lazy("Name")),
    ("population", gettext_lazy("Population")),
    ("services", gettext_lazy("Services")),
    ("per_10k", gettext_lazy("Services per 10,000 residents")),
    ("median_nearest_m", gettext_lazy("Median distance to nearest service (m)")),
    ("share_beyond_1km", gettext_lazy("Share of area farther than 1 km")),
    ("ending_soon", gettext_lazy("Ending within 60 days")),
    ("unmet_recent", gettext_lazy("Unmet need, last 4 weeks")),
    ("unmet_before", gettext_lazy("Unmet need, the 4 weeks before")),
]


def committee_report_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The report's gap table as CSV (UTF-8 with BOM, as the coverage dashboard's): Athens communities, then cities."""
    committee = _committee(code)
    month = _month(request, committee)
    if isinstance(month, HttpResponse):
        return month
    tables = committee_area_tables(committee=committee, on=report_day(month))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="committee-{committee.code}-{month:%Y-%m}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for table in tables:
        for row in table.rows:
            writer.writerow(["" if row.get(key) is None else row.get(key) for key, _label in CSV_COLUMNS])
    return response


@require_POST
@coordinator_required
def note_save(request: HttpRequest, code: str) -> HttpResponse:
    """Coordinators set the notes of a month's report."""
    committee = _committee(code)
    form = NoteForm(request.POST)
    if not form.is_valid():
        if "month" in form.errors:
            return _bad_request(request, committee, form.errors["month"])
        context = _report_context(request, committee, form.cleaned_data["month"])
        context["note_form"] = form
        return render(request, "committees/report.html", context, status=400)
    month = form.cleaned_data["month"]
    committee_note_save(committee=committee, month=month, text=form.cleaned_data["text"], user=request.user)
    return redirect(f"{reverse('committees:report', args=[committee.code])}?month={month:%Y-%m}#notes")


@require_POST
@coordinator_required
def organization_attach(request: HttpRequest, code: str) -> HttpResponse:
    """Coordinators attach an organisation to the committee."""
    committee = _committee(code)
    form = AttachForm(request.POST, organizations=attachable_organizations(committee=committee))
    if not form.is_valid():
        return _bad_request(request, committee, form.errors["organization"])
    committee_organization_attach(
        committee=committee, organization=form.cleaned_data["organization"], user=request.user
    )
    return redirect(reverse("committees:detail", args=[committee.code]) + "#members")


@require_POST
@coordinator_required
def organization_detach(request: HttpRequest, code: str) -> HttpResponse:
    """Coordinators remove an organisation they attached."""
    committee = _committee(code)
    form = AttachForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, committee, form.errors["organization"])
    committee_organization_detach(committee=committee, organization=form.cleaned_data["organization"])
    return redirect(reverse("committees:detail", args=[committee.code]) + "#members")
