"""Pages for organisation editors and coordinators: dashboard, service form, review queue, history and revert."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import coordinator_required, editor_required, is_coordinator, scope_to_editable
from geo_accmr.geo import ATHENS_LATLON
from services.models import Organization, Service

from . import actions, selectors
from .forms import (
    HoursFormSet,
    LocationFormSet,
    OrganizationForm,
    ReviewForm,
    ServiceForm,
    form_errors_add,
    hours_rows,
    locations_state,
)
from .models import ChangeRequest, ChangeStatus, ResourceType, Version
from .state import service_state

SENT_FOR_REVIEW = gettext_lazy(
    "Thank you. Your change was sent to the coordinators for review; "
    "the published listing stays as it is until they approve it."
)


def _editable_organizations(user: Any) -> Any:
    return scope_to_editable(Organization.objects.order_by("name"), user, organization_field="id")


MANAGE_ORGANISATIONS_PER_PAGE = 25
MANAGE_SERVICES_PER_PAGE = 50
MANAGE_CHANGES_PER_PAGE = 25
REVIEW_QUEUE_PER_PAGE = 25


@editor_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """An editor's services and submitted changes; for coordinators all organisations and the review queue."""
    query = request.GET.get("q", "").strip()[:100]
    coordinator = is_coordinator(request.user)
    organizations = Paginator(
        selectors.organization_list_editable(user=request.user, query=query), MANAGE_ORGANISATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    # three paged lists on one page, each with its own page parameter (templates/_pager.html keeps the others)
    services = (
        None
        if coordinator and not query
        else Paginator(
            selectors.service_list_editable(user=request.user, query=query), MANAGE_SERVICES_PER_PAGE
        ).get_page(request.GET.get("services_page"))
    )
    changes = Paginator(selectors.change_request_list_for(user=request.user), MANAGE_CHANGES_PER_PAGE).get_page(
        request.GET.get("changes_page")
    )
    context = {
        "coordinator": coordinator,
        "query": query,
        "organizations": organizations,
        "services": services,
        "changes": changes,
        "pending_count": ChangeRequest.objects.filter(status=ChangeStatus.PENDING).count() if coordinator else None,
    }
    return render(request, "editing/dashboard.html", context)


def _map_config() -> dict[str, Any]:
    center = settings.LEAFLET_CONFIG.get("DEFAULT_CENTER", ATHENS_LATLON)
    return {"geocodeUrl": reverse("editing:geocode"), "center": list(center)}


def _service_form_page(request: HttpRequest, *, service: Service | None) -> HttpResponse:
    organizations = _editable_organizations(request.user)
    published = service_state(service) if service is not None else None
    allowed_keys = set(published["locations"]) if published else set()
    if request.method == "POST":
        form = ServiceForm(
            request.POST,
            instance=Service.objects.get(pk=service.pk) if service else Service(),
            organizations=organizations,
        )
        hours = HoursFormSet(request.POST, prefix="hours")
        places = LocationFormSet(request.POST, prefix="locations", allowed_keys=allowed_keys)
        if form.is_valid() and hours.is_valid() and places.is_valid():
            state = {**form.state_fields(), "hours": hours_rows(hours), "locations": locations_state(places)}
            try:
                result = actions.service_submit(
                    user=request.user,
                    service=service,
                    state=state,
                    base=form.cleaned_data["base"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form_errors_add(form, exc)
            else:
                if isinstance(result, ChangeRequest):
                    messages.success(request, SENT_FOR_REVIEW)
                    return redirect("editing:manage")
                messages.success(request, _("Published."))
                return redirect("editing:service_history", service_id=result.pk)  # shows the message and the diff
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    else:
        form = ServiceForm(instance=service or Service(), organizations=organizations)
        hours_initial = [
            {"days": row["byday"].split(","), "opens_at": row["opens_at"], "closes_at": row["closes_at"]}
            for row in (published["hours"] if published else [])
        ]
        hours = HoursFormSet(prefix="hours", initial=hours_initial)
        places_initial = [{"key": key, **loc} for key, loc in (published["locations"] if published else {}).items()]
        places = LocationFormSet(prefix="locations", initial=places_initial, allowed_keys=allowed_keys)
    pending = service.change_requests.filter(status=ChangeStatus.PENDING).count() if service else 0
    context = {
        "form": form,
        "hours": hours,
        "places": places,
        "service": service,
        "pending": pending,
        "coordinator": is_coordinator(request.user),
        "map_config": _map_config(),
    }
    return render(request, "editing/service_form.html", context)


@editor_required
def service_create(request: HttpRequest) -> HttpResponse:
    """A new service: published at once by coordinators, proposed for review by organisation editors."""
    return _service_form_page(request, service=None)


@editor_required
def service_edit(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """Edit a service of one of the person's organisations (another organisation's service: 404)."""
    service = get_object_or_404(scope_to_editable(Service.objects.all(), request.user), pk=service_id)
    return _service_form_page(request, service=service)


@require_GET
@editor_required
def geocode_preview(request: HttpRequest) -> JsonResponse:
    """Where an address is, for the map preview: our gazetteer first, then the geocoder."""
    address_1 = request.GET.get("address_1", "")[:300]
    city = request.GET.get("city", "")[:200]
    postal_code = request.GET.get("postal_code", "")[:10]
    if not address_1.strip() and not city.strip():
        return JsonResponse({"errors": {"address_1": [_("Type a street and a city.")]}}, status=400)
    found = actions.location_geocode(address_1=address_1, city=city, postal_code=postal_code)
    if found is None:
        return JsonResponse({"found": False, "message": _("Address not found; place the pin on the map.")})
    return JsonResponse({"found": True, "lat": found[0], "lon": found[1]})


@coordinator_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Waiting changes grouped by service, 25 changes a page (a service's changes may go on over two pages)."""
    page = Paginator(selectors.review_queue_pending(), REVIEW_QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "editing/review_queue.html", {"groups": selectors.review_queue(page), "page": page})


@coordinator_required
def review_detail(request: HttpRequest, change_id: int) -> HttpResponse:
    """One change, field by field (old → new), with approve and reject."""
    change = get_object_or_404(
        ChangeRequest.objects.select_related("organization", "service", "submitted_by"), pk=change_id
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and change.status == ChangeStatus.PENDING and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                service = actions.change_request_approve(
                    change_request=change, user=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("Approved and published: %(name)s") % {"name": service.name})
            else:
                actions.change_request_reject(
                    change_request=change, user=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("Rejected; the organisation sees your comment."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("editing:review_queue")
    conflicts = actions.change_request_conflicts(change_request=change) if change.status == ChangeStatus.PENDING else []
    context = {
        "change": change,
        "form": form,
        "rows": selectors.diff_rows(change.base, change.proposed, conflicts=conflicts),
        "conflicts": conflicts,
        "can_review": True,
    }
    return render(request, "editing/review_detail.html", context)


@editor_required
def change_detail(request: HttpRequest, change_id: int) -> HttpResponse:
    """What an organisation proposed and what came of it (read-only; another organisation's change: 404)."""
    changes = scope_to_editable(
        ChangeRequest.objects.select_related("organization", "service", "submitted_by"), request.user
    )
    change = get_object_or_404(changes, pk=change_id)
    context = {"change": change, "rows": selectors.diff_rows(change.base, change.proposed), "can_review": False}
    return render(request, "editing/review_detail.html", context)


def _latest(entries: list[selectors.HistoryEntry]) -> int | None:
    return max((e.version.number for e in entries if e.version), default=None)


@coordinator_required
def service_history(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """Every published version of a service and the rejected proposals, newest first, with revert."""
    service = get_object_or_404(Service, pk=service_id)
    entries = selectors.history_for(resource_type=ResourceType.SERVICE, resource_id=service.pk)
    context = {"record": service, "kind": "service", "entries": entries, "latest": _latest(entries)}
    return render(request, "editing/history.html", context)


@require_POST
@coordinator_required
def service_revert(request: HttpRequest, service_id: UUID, version_id: int) -> HttpResponse:
    """Make a service look as in an earlier version (a new version)."""
    service = get_object_or_404(Service, pk=service_id)
    version = get_object_or_404(Version, pk=version_id, resource_type=ResourceType.SERVICE, resource_id=service.pk)
    try:
        actions.service_revert(service=service, version=version, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Reverted to version %(number)s.") % {"number": version.number})
    return redirect("editing:service_history", service_id=service.pk)


@editor_required
def organization_edit(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    """Edit an organisation's public description (editors of it and coordinators); recorded in its history."""
    organization = get_object_or_404(_editable_organizations(request.user), pk=organization_id)
    form = OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=organization.pk))
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.organization_update(organization=organization, data=form.cleaned_data, user=request.user)
            except ValidationError as exc:
                form_errors_add(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("editing:manage")
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(request, "editing/organization_form.html", {"form": form, "organization": organization})


@coordinator_required
def organization_history(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    """Every recorded version of an organisation, newest first, with revert."""
    organization = get_object_or_404(Organization, pk=organization_id)
    entries = selectors.history_for(resource_type=ResourceType.ORGANIZATION, resource_id=organization.pk)
    context = {"record": organization, "kind": "organization", "entries": entries, "latest": _latest(entries)}
    return render(request, "editing/history.html", context)


@require_POST
@coordinator_required
def organization_revert(request: HttpRequest, organization_id: UUID, version_id: int) -> HttpResponse:
    """Make an organisation look as in an earlier version (a new version)."""
    organization = get_object_or_404(Organization, pk=organization_id)
    version = get_object_or_404(
        Version, pk=version_id, resource_type=ResourceType.ORGANIZATION, resource_id=organization.pk
    )
    try:
        actions.organization_revert(organization=organization, version=version, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Reverted to version %(number)s.") % {"number": version.number})
    return redirect("editing:organization_history", organization_id=organization.pk)
