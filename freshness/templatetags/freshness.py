"""Template helpers: a service's freshness badge and who may confirm it (the policy, accounts.permissions)."""

from typing import Any

from django import template

from accounts.models import Role
from accounts.permissions import can_edit_organization, user_role

from ..selectors import FreshnessInfo, service_freshness_info, service_list_unconfirmed

register = template.Library()


@register.filter
def freshness_info(service: Any) -> FreshnessInfo:
    """{% with info=service|freshness_info %}: state, last confirmed, stale from, hidden from."""
    return service_freshness_info(service=service)


@register.filter
def may_confirm(user: Any, service: Any) -> bool:
    """Editors of the service's organisation and coordinators may press “Still accurate”."""
    return user_role(user) in (Role.COORDINATOR, Role.EDITOR) and can_edit_organization(user, service.organization_id)


@register.inclusion_tag("freshness/_badge.html")
def freshness_badge(service: Any, show_fresh: bool = False) -> dict[str, Any]:
    """A badge for services needing re-confirmation or hidden (and “Confirmed” when `show_fresh`)."""
    return {"info": service_freshness_info(service=service), "show_fresh": show_fresh}


@register.filter
def unconfirmed_count(organization: Any) -> int:
    """How many of an organisation's current services need re-confirmation or are hidden (one query)."""
    return service_list_unconfirmed(organization_id=organization.pk).count()
