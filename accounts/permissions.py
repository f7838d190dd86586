"""The one place that decides who may read or write what. Views, APIs and the admin all ask here.

Rules: superusers and coordinators may do everything; an organisation editor may write only the services,
locations and organisation records of the organisations on their profile; caseworkers and anonymous visitors
write nothing in the directory; unmet need (a search that found nothing) is counted for signed-in people only.
Objects outside a person's reach are answered with 404 (their existence is not revealed), a whole area they may not
enter with 403.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from .models import Profile, Role


def user_role(user: Any) -> str | None:
    """The person's role, coordinators including superusers; None for anonymous visitors."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.COORDINATOR
    profile = _profile(user)
    return profile.role if profile else Role.CASEWORKER


def is_coordinator(user: Any) -> bool:
    """May see and change all data, moderate and manage people."""
    return user_role(user) == Role.COORDINATOR


def is_editor(user: Any) -> bool:
    """An organisation editor (coordinators are not counted here)."""
    return user_role(user) == Role.EDITOR


def editable_organization_ids(user: Any) -> set[UUID] | None:
    """Ids of the organisations the person may edit: None means all (coordinators), empty means none."""
    role = user_role(user)
    if role == Role.COORDINATOR:
        return None
    if role != Role.EDITOR:
        return set()
    if not hasattr(user, "_editable_organization_ids"):
        profile = _profile(user)
        user._editable_organization_ids = set(profile.organizations.values_list("id", flat=True)) if profile else set()
    return set(user._editable_organization_ids)


def can_record_unmet_need(user: Any) -> bool:
    """May the person count a search as unmet need? Signed-in people (caseworkers and above), never anonymous
    visitors: counts anyone could post would tell planners nothing."""
    return user_role(user) is not None


def can_edit_organization(user: Any, organization_id: UUID | None) -> bool:
    """May the person write records of this organisation?"""
    ids = editable_organization_ids(user)
    return ids is None or (organization_id is not None and organization_id in ids)


def scope_to_editable(queryset: QuerySet, user: Any, *, organization_field: str = "organization") -> QuerySet:
    """The rows of `queryset` the person may edit, `organization_field` leading to their organisation's id."""
    ids = editable_organization_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{organization_field}__in": ids})


def _profile(user: Any) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def coordinator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views for coordinators only: anonymous visitors go to the login page, everyone else gets 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views for organisation editors and coordinators: anonymous to the login page, others 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user_role(request.user) not in (Role.COORDINATOR, Role.EDITOR):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
