"""Template filters for links to the editing pages, asked of accounts.permissions."""

from typing import Any

from django import template

from accounts.permissions import can_edit_organization, is_coordinator, user_role

register = template.Library()


@register.filter
def may_edit_service(user: Any, service: Any) -> bool:
    """Whether the person may edit (or propose changes to) this service."""
    return user_role(user) is not None and can_edit_organization(user, service.organization_id)


@register.filter
def may_review(user: Any) -> bool:
    """Coordinators see history links."""
    return is_coordinator(user)
