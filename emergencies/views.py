"""Emergency pages: the list with the history, the printable page and its GeoJSON (everyone); declaring and ending
(coordinators); offering a service (organisation editors and coordinators); the fast review lane (coordinators)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import (
    can_edit_organization,
    coordinator_required,
    editable_organization_ids,
    editor_required,
    is_coordinator,
)

from . import actions, selectors
from .forms import EmergencyForm, OfferForm, ReviewForm
from .models import Emergency, EmergencyOffer, OfferStatus


def emergency_list(request: HttpRequest) -> HttpResponse:
    """Active and upcoming emergencies, then the history."""
    context: dict[str, Any] = selectors.emergency_lists()
    if is_coordinator(request.user):
        context["pending_count"] = selectors.pending_offers().count()
    return render(request, "emergencies/list.html", context)


def emergency_detail(request: HttpRequest, emergency_id: int) -> HttpResponse:
    """The public, printable page: areas, dates and what is (or was) offered."""
    emergency = get_object_or_404(selectors.emergency_detail_queryset(), pk=emergency_id)
    now = timezone.now()
    offers = emergency.published_offers  # type: ignore[attr-defined]
    organization_ids = editable_organization_ids(request.user)
    own_offers: list[EmergencyOffer] = []
    if request.user.is_authenticated and organization_ids != set():
        own_offers = list(
            EmergencyOffer.objects.filter(emergency=emergency)
            .exclude(status=OfferStatus.PUBLISHED)
            .filter(**({} if organization_ids is None else {"organization_id__in": organization_ids}))
            .select_related("organization", "area")
        )
    context = {
        "emergency": emergency,
        "status": emergency.status(now),
        "areas": list(emergency.areas.order_by("level", "name")),
        "offers": [(offer, offer.is_active(now)) for offer in offers],
        "own_offers": own_offers,
        "can_offer": organization_ids != set() and emergency.status(now) != "ended",
        "can_end": {
            o.pk for o in offers if can_edit_organization(request.user, o.organization_id) and o.is_active(now)
        },
        "now": now,
    }
    return render(request, "emergencies/detail.html", context)


def emergency_geojson(request: HttpRequest, emergency_id: int) -> JsonResponse:
    """The affected areas (simplified) and the published offers; a temporary shelter has no geometry."""
    emergency = get_object_or_404(selectors.emergency_detail_queryset(), pk=emergency_id)
    now = timezone.now()
    features = [
        {
            "type": "Feature",
            "id": f"area-{area.code}",
            "geometry": {"type": area.display_geom.geom_type, "coordinates": area.display_geom.coords},  # type: ignore[attr-defined]
            "properties": {"feature": "area", "code": area.code, "name": area.name, "level": area.level},
        }
        for area in selectors.emergency_areas_geometry(emergency)
    ]
    features += [
        {**f, "properties": {"feature": "offer", **f["properties"]}}
        for f in (selectors.offer_feature(offer, at=now) for offer in emergency.published_offers)  # type: ignore[attr-defined]
    ]
    body = {
        "type": "FeatureCollection",
        "emergency": {
            "id": emergency.pk,
            "kind": emergency.kind,
            "title_el": emergency.title_el,
            "title_en": emergency.title_en,
            "starts_at": emergency.starts_at.isoformat(),
            "ends_at": emergency.ends_at.isoformat(),
            "status": emergency.status(now),
        },
        "features": features,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json"
    return response


@coordinator_required
def emergency_create(request: HttpRequest) -> HttpResponse:
    form = EmergencyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            emergency = actions.emergency_save(form=form, user=request.user)
            messages.success(request, _("The emergency is declared."))
            return redirect("emergencies:detail", emergency.pk)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(request, "emergencies/form.html", {"form": form, "emergency": None})


@coordinator_required
def emergency_edit(request: HttpRequest, emergency_id: int) -> HttpResponse:
    emergency = get_object_or_404(Emergency, pk=emergency_id)
    form = EmergencyForm(request.POST or None, instance=emergency)
    if request.method == "POST":
        if form.is_valid():
            actions.emergency_save(form=form, user=request.user)
            messages.success(request, _("The emergency is saved."))
            return redirect("emergencies:detail", emergency.pk)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(request, "emergencies/form.html", {"form": form, "emergency": emergency})


@require_POST
@coordinator_required
def emergency_end(request: HttpRequest, emergency_id: int) -> HttpResponse:
    emergency = get_object_or_404(Emergency, pk=emergency_id)
    actions.emergency_end_now(emergency=emergency)
    messages.success(request, _("The emergency has ended; it stays in the history."))
    return redirect("emergencies:detail", emergency.pk)


@editor_required
def offer_create(request: HttpRequest, emergency_id: int) -> HttpResponse:
    """Offer a service for an emergency that has not ended: coordinators publish, editors' offers are reviewed."""
    emergency = get_object_or_404(Emergency, pk=emergency_id)
    if emergency.status() == "ended":
        raise Http404
    form = OfferForm(
        request.POST or None, emergency=emergency, organization_ids=editable_organization_ids(request.user)
    )
    if request.method == "POST":
        if form.is_valid():
            offer = actions.offer_submit(form=form, user=request.user)
            if offer.status == OfferStatus.PUBLISHED:
                messages.success(request, _("The service is published."))
            else:
                messages.success(request, _("Thank you: a coordinator will review the service shortly."))
            return redirect("emergencies:detail", emergency.pk)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(request, "emergencies/offer_form.html", {"form": form, "emergency": emergency})


@require_POST
@editor_required
def offer_end(request: HttpRequest, offer_id: int) -> HttpResponse:
    """Stop an offer now (its organisation's editors and coordinators)."""
    offer = get_object_or_404(EmergencyOffer.objects.select_related("emergency"), pk=offer_id)
    if not can_edit_organization(request.user, offer.organization_id):
        raise Http404
    actions.offer_end_now(offer=offer)
    messages.success(request, _("The service has ended."))
    return redirect("emergencies:detail", offer.emergency_id)


@coordinator_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "emergencies/review.html", {"offers": selectors.pending_offers(), "form": ReviewForm()})


@require_POST
@coordinator_required
def offer_review(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = get_object_or_404(EmergencyOffer, pk=offer_id, status=OfferStatus.PENDING)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose to publish or to reject the service."))
    publish = form.cleaned_data["decision"] == "publish"
    actions.offer_review(offer=offer, user=request.user, publish=publish, note=form.cleaned_data["note"])
    messages.success(request, _("The service is published.") if publish else _("The service is rejected."))
    return redirect("emergencies:review")
