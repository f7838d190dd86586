"""One-click confirmation for editors and coordinators, and the coordinators' list of services to re-confirm."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import coordinator_required, editor_required, scope_to_editable
from freshness.policy import Freshness
from services.models import Organization, Service

from . import actions, selectors

UNCONFIRMED_PER_PAGE = 50


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@require_POST
@editor_required
def service_confirm(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """“Still accurate”: the service's details were checked today (another organisation's service: 404)."""
    service = get_object_or_404(scope_to_editable(Service.objects.all(), request.user), pk=service_id)
    actions.service_confirm(service=service, user=request.user)
    messages.success(request, _("Thank you: “%(name)s” is confirmed as still accurate.") % {"name": service.name})
    return _back(request, reverse("services:detail", args=[service.pk]))


@require_POST
@editor_required
def organization_confirm(request: HttpRequest, organization_id: UUID) -> HttpResponse:
    """Confirm every service of an organisation that needs it (editors of it and coordinators)."""
    organizations = scope_to_editable(Organization.objects.all(), request.user, organization_field="id")
    organization = get_object_or_404(organizations, pk=organization_id)
    count = actions.organization_services_confirm(organization=organization, user=request.user)
    messages.success(
        request,
        ngettext(
            "Thank you: %(count)d service confirmed as still accurate.",
            "Thank you: %(count)d services confirmed as still accurate.",
            count,
        )
        % {"count": count},
    )
    return _back(request, reverse("editing:manage"))


@coordinator_required
def unconfirmed_list(request: HttpRequest) -> HttpResponse:
    """Services that need re-confirmation or are hidden from search, filterable by organisation and state."""
    requested = request.GET.get("organization", "")
    organization_id: UUID | None
    try:
        organization_id = UUID(requested) if requested else None
    except ValueError:
        organization_id = None
    state = request.GET.get("state", "")
    if state not in (Freshness.NEEDS_RECONFIRMATION, Freshness.HIDDEN):
        state = ""
    # the same queryset as the dashboard's count (freshness_dashboard_notice), paged rather than cut off
    page = Paginator(
        selectors.service_list_unconfirmed(organization_id=organization_id, state=state), UNCONFIRMED_PER_PAGE
    ).get_page(request.GET.get("page"))
    rows = [{"service": s, "info": selectors.service_freshness_info(service=s)} for s in page]
    # organisations with something to confirm, and the chosen one even when it has nothing left
    organizations = Organization.objects.filter(
        Q(pk__in=selectors.service_list_unconfirmed().values("organization_id")) | Q(pk=organization_id)
    ).order_by("name")
    context = {
        "rows": rows,
        "page": page,
        "organizations": organizations,
        "organization_id": organization_id,
        "state": state,
        "states": [(value, Freshness(value).label) for value in (Freshness.NEEDS_RECONFIRMATION, Freshness.HIDDEN)],
        "months": settings.FRESHNESS_MONTHS,
    }
    return render(request, "freshness/unconfirmed_list.html", context)
