"""Writes: publish a service state, submit and review change requests, record history, revert."""

from datetime import datetime, time
from typing import Any
from uuid import UUID

from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_organization, is_coordinator
from boundaries.actions import location_areas_refresh
from boundaries.geocoding import GeocoderUnavailable, address_query, gazetteer_search, geocode
from geo_accmr.geo import WGS84
from services.models import (
    Address,
    GeocodeStatus,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

from .models import ChangeRequest, ChangeStatus, ResourceType, Version, VersionSource
from .state import (
    LOCATIONS,
    NEW_PREFIX,
    ORGANIZATION_FIELDS,
    SERVICE_DATES,
    SERVICE_PLAIN,
    SERVICE_TRANSLATED,
    TERM_FIELDS,
    conflicts,
    organization_state,
    service_state,
    state_diff,
    state_merge,
)
from .writer import StateChange, history_record, state_fields, who


# ----------------------------------------------------------------------------------------------- geocoding
def location_geocode(*, address_1: str, city: str, postal_code: str = "") -> tuple[float, float] | None:
    """(lat, lon) of an address: gazetteer, then the geocoder, then the gazetteer on the city alone; None if unknown."""
    query = address_query(address_1=address_1, city=city, postal_code=postal_code)
    try:
        candidates, _warning = geocode(query=query, limit=1)
    except GeocoderUnavailable:
        candidates = []
    if not candidates and city.strip():
        candidates = gazetteer_search(query=city, limit=1)
    if not candidates:
        return None
    return round(candidates[0].lat, 6), round(candidates[0].lon, 6)


# ----------------------------------------------------------------------------------------------- writing a state
def _write_service(*, service: Service | None, state: dict[str, Any]) -> Service:
    """Make the published tables hold `state` (a new service when `service` is None); returns the service."""
    service = service or Service()
    service.organization_id = UUID(state["organization"])
    for field in SERVICE_TRANSLATED:
        setattr(service, field, state.get(field) or "")
    for field in SERVICE_PLAIN:
        value = state.get(field)
        if field in SERVICE_DATES and value:
            value = datetime.fromisoformat(value).date()
        setattr(service, field, value)
    service.full_clean(exclude=["search_text"])
    service.save()
    for taxonomy, field in TERM_FIELDS.items():
        codes = state.get(field) or []
        terms = list(TaxonomyTerm.objects.filter(taxonomy__code=taxonomy, code__in=codes))
        if len(terms) != len(set(codes)):
            raise ValidationError({field: _("Unknown term in %(field)s.") % {"field": field}})
        getattr(service, field).set(terms)
    codes = set(state.get("languages") or [])
    service.languages.exclude(code__in=codes).delete()
    existing = set(service.languages.values_list("code", flat=True))
    for code in sorted(codes - existing):
        language = Language(service=service, code=code)
        language.full_clean()
        language.save()
    hours = state.get("hours") or []
    current_hours = service_state(service)["hours"] if service.pk else []
    if hours != current_hours:
        service.schedules.all().delete()
        for row in hours:
            schedule = Schedule(
                service=service,
                byday=row["byday"],
                opens_at=time.fromisoformat(row["opens_at"]),
                closes_at=time.fromisoformat(row["closes_at"]),
            )
            schedule.full_clean()
            schedule.save()
    _write_locations(service=service, locations=state.get(LOCATIONS) or {})
    return service


def _write_locations(*, service: Service, locations: dict[str, dict[str, Any]]) -> None:
    """Create, update or detach the service's locations; only locations already at this service can be updated."""
    own = {str(sal.location_id): sal for sal in service.service_at_locations.select_related("location")}
    for key, sal in own.items():
        if key not in locations:
            location = sal.location
            sal.delete()
            if not location.service_at_locations.exists():
                location.delete()
    touched = []
    for key, data in locations.items():
        location = own[key].location if key in own else Location(organization_id=service.organization_id)
        location.name_el = data.get("name_el") or ""
        location.name_en = data.get("name_en") or ""
        location.redacted = bool(data.get("redacted"))
        if data.get("lat") is not None and data.get("lon") is not None:
            location.point = Point(float(data["lon"]), float(data["lat"]), srid=WGS84)
            location.geocode_status = GeocodeStatus.SOURCE
        else:
            location.point = None
            location.geocode_status = GeocodeStatus.FAILED
        location.full_clean(exclude=["municipality", "community", "neighbourhood"])
        location.save()
        address = location.addresses.order_by("created_at", "id").first() or Address(location=location)
        address.address_1 = data.get("address_1") or ""
        address.postal_code = data.get("postal_code") or ""
        address.city = data.get("city") or ""
        address.full_clean()
        address.save()
        if key not in own:
            ServiceAtLocation.objects.create(service=service, location=location)
        touched.append(location.pk)
    if touched:
        location_areas_refresh(ids=touched)


def service_publish(
    *,
    service: Service | None,
    state: dict[str, Any],
    base: dict[str, Any] | None,
    user: Any,
    comment: str,
    source: str,
    change_request: ChangeRequest | None = None,
) -> Service:
    """Publish the fields where `state` differs from `base` onto the service as it is now (one transaction).

    Sets `assured_date` to today (a person confirmed the listing); records HSDS metadata for every changed field
    and a new history version, even when nothing differs (the person published it as it is).
    """
    with transaction.atomic():
        if service is not None:
            service = Service.objects.select_for_update().get(pk=service.pk)
            current = service_state(service)
        else:
            current = {}
        diff = state_diff(base, state)
        merged = state_merge(current, diff) if service is not None else state
        service = _write_service(service=service, state=merged)
        Service.objects.filter(pk=service.pk).update(assured_date=timezone.localdate())
        service.refresh_from_db()
        new_state = service_state(service)
        history_record(
            states=[StateChange(ResourceType.SERVICE, service.pk, after=new_state, before=current or None)],
            fields=state_fields(
                resource_type=ResourceType.SERVICE,
                resource_id=service.pk,
                diff=state_diff(current or None, new_state),
                action="create" if not current else "update",
            ),
            user=user,
            source=source,
            comment=comment,
            change_request=change_request,
            unchanged=True,
        )
    return service


# ----------------------------------------------------------------------------------------------- moderation
def service_submit(
    *, user: Any, service: Service | None, state: dict[str, Any], base: dict[str, Any] | None = None, note: str = ""
) -> Any:
    """An edit from the form: coordinators publish at once (returns the Service), editors propose (a ChangeRequest).

    `base` is the published state the form was filled from (None: as it is now), so fields someone else changed
    while the form was open are not part of this change.
    """
    organization_id = UUID(state["organization"])
    if not can_edit_organization(user, organization_id) or (
        service is not None and not can_edit_organization(user, service.organization_id)
    ):
        raise PermissionDenied
    if service is None:
        base = None
    elif base is None or base.get("organization") != str(service.organization_id):
        base = service_state(service)
    if is_coordinator(user):
        comment = (
            _("Edited by %(user)s") % {"user": who(user)} if service else _("Created by %(user)s") % {"user": who(user)}
        )
        return service_publish(
            service=service, state=state, base=base, user=user, comment=comment, source=VersionSource.EDITOR
        )
    return ChangeRequest.objects.create(
        organization_id=organization_id,
        service=service,
        service_name=state.get("name_el") or state.get("name_en") or "",
        proposed=state,
        base=base,
        note=note,
        submitted_by=user,
    )


def change_request_approve(*, change_request: ChangeRequest, user: Any, comment: str = "") -> Service:
    """Apply exactly the proposed diff to the service as it is now, in one transaction; record who approved."""
    if not is_coordinator(user):
        raise PermissionDenied
    with transaction.atomic():
        change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
        if change_request.status != ChangeStatus.PENDING:
            raise ValidationError(_("This change was already reviewed."))
        if change_request.base is not None and change_request.service_id is None:
            raise ValidationError(_("The service this change was made for no longer exists."))
        history_comment = _("Approved change request #%(id)s from %(editor)s") % {
            "id": change_request.pk,
            "editor": who(change_request.submitted_by),
        }
        if comment:
            history_comment += f": {comment}"
        service = service_publish(
            service=change_request.service,
            state=change_request.proposed,
            base=change_request.base,
            user=user,
            comment=history_comment,
            source=VersionSource.APPROVAL,
            change_request=change_request,
        )
        change_request.service = service
        change_request.status = ChangeStatus.APPROVED
        change_request.reviewed_by = user
        change_request.reviewed_at = timezone.now()
        change_request.review_comment = comment
        change_request.save()
    return service


def change_request_reject(*, change_request: ChangeRequest, user: Any, comment: str) -> ChangeRequest:
    """Record the rejection (who, when, why); the published record is not touched."""
    if not is_coordinator(user):
        raise PermissionDenied
    with transaction.atomic():
        change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
        if change_request.status != ChangeStatus.PENDING:
            raise ValidationError(_("This change was already reviewed."))
        change_request.status = ChangeStatus.REJECTED
        change_request.reviewed_by = user
        change_request.reviewed_at = timezone.now()
        change_request.review_comment = comment
        change_request.save()
    return change_request


def change_request_conflicts(*, change_request: ChangeRequest) -> list[str]:
    """Fields of a waiting change that were changed by someone else since it was proposed."""
    if change_request.service is None:
        return []
    diff = state_diff(change_request.base, change_request.proposed)
    return conflicts(service_state(change_request.service), change_request.base, diff)


# ----------------------------------------------------------------------------------------------- history
def service_revert(*, service: Service, version: Version, user: Any) -> Service:
    """Make the service look as in `version` again; the result is a new version (history is never rewritten)."""
    if not is_coordinator(user):
        raise PermissionDenied
    if version.resource_type != ResourceType.SERVICE or version.resource_id != service.pk:
        raise ValidationError(_("This version belongs to another record."))
    target = dict(version.state)
    current = service_state(service)
    # Locations deleted since come back as new locations (their old rows are gone).
    target[LOCATIONS] = {
        (key if key in current[LOCATIONS] else f"{NEW_PREFIX}{key}"): loc
        for key, loc in (target.get(LOCATIONS) or {}).items()
    }
    return service_publish(
        service=service,
        state=target,
        base=current,
        user=user,
        comment=_("Reverted to version %(number)s by %(user)s") % {"number": version.number, "user": who(user)},
        source=VersionSource.REVERT,
    )


def organization_update(*, organization: Organization, data: dict[str, Any], user: Any) -> Organization:
    """Save an organisation's editable fields (editors of it and coordinators), with metadata and a version."""
    if not can_edit_organization(user, organization.pk):
        raise PermissionDenied
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        before = organization_state(organization)
        for field in ORGANIZATION_FIELDS:
            if field in data:
                setattr(organization, field, data[field] or "")
        # Imports leave `kind` blank when HSDS has none (they warn: set it in the admin); the editing form does not
        # carry it, so an edit of the description is not refused for it.
        organization.full_clean(exclude=["kind"])
        organization.save()
        after = organization_state(organization)
        history_record(
            states=[StateChange(ResourceType.ORGANIZATION, organization.pk, after=after, before=before)],
            fields=state_fields(
                resource_type=ResourceType.ORGANIZATION,
                resource_id=organization.pk,
                diff=state_diff(before, after),
                action="update",
            ),
            user=user,
            source=data.get("_source") or VersionSource.EDITOR,
            comment=data.get("_comment") or _("Edited by %(user)s") % {"user": who(user)},
        )
    return organization


def organization_revert(*, organization: Organization, version: Version, user: Any) -> Organization:
    """Make the organisation look as in `version` again, as a new version."""
    if not is_coordinator(user):
        raise PermissionDenied
    if version.resource_type != ResourceType.ORGANIZATION or version.resource_id != organization.pk:
        raise ValidationError(_("This version belongs to another record."))
    data = {
        **version.state,
        "_comment": _("Reverted to version %(number)s by %(user)s") % {"number": version.number, "user": who(user)},
        "_source": VersionSource.REVERT,
    }
    return organization_update(organization=organization, data=data, user=user)


def record_outside_change(
    *, service: Service | None = None, organization: Organization | None = None, user: Any, comment: str
) -> Version | None:
    """Version a record changed elsewhere (the Django admin): the diff from its last version becomes metadata."""
    if service is not None:
        resource_type, resource_id, state = ResourceType.SERVICE, service.pk, service_state(service)
    elif organization is not None:
        resource_type, resource_id, state = ResourceType.ORGANIZATION, organization.pk, organization_state(organization)
    else:
        return None
    with transaction.atomic():
        last = (
            Version.objects.select_for_update()
            .filter(resource_type=resource_type, resource_id=resource_id)
            .order_by("-number")
            .first()
        )
        before = last.state if last is not None else None
        fields = (
            state_fields(
                resource_type=resource_type,
                resource_id=resource_id,
                diff=state_diff(before, state),
                action="update",
            )
            if before is not None
            else []
        )
        versions = history_record(
            states=[StateChange(resource_type, resource_id, after=state, before=before)],
            fields=fields,
            user=user,
            source=VersionSource.ADMIN,
            comment=comment,
        )
    return versions[0] if versions else None
