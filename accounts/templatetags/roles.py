"""Template filters about people's roles."""

from datetime import timedelta
from typing import Any

from django import template

from accounts import permissions

register = template.Library()


@register.filter
def is_coordinator(user: Any) -> bool:
    """{% if user|is_coordinator %}: coordinators and superusers."""
    return permissions.is_coordinator(user)


@register.filter
def can_manage_listings(user: Any) -> bool:
    """{% if user|can_manage_listings %}: organisation editors and coordinators."""
    return permissions.user_role(user) in (permissions.Role.COORDINATOR, permissions.Role.EDITOR)


@register.filter
def can_record_unmet_need(user: Any) -> bool:
    """{% if user|can_record_unmet_need %}: signed-in people (caseworkers and above)."""
    return permissions.can_record_unmet_need(user)


@register.filter
def minutes(value: timedelta | None) -> int:
    """A duration in whole minutes (rounded up)."""
    if not value:
        return 0
    return int(-(-value.total_seconds() // 60))
