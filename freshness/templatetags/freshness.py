"""Template helpers: a service's freshness badge and who may confirm it (the policy, accounts.permissions)."""

from typing import Any

from django import template

from accounts.models import Role
from accounts.permissions import can_edit_organization, is_coordinator, scope_to_editable, user_role
from services.models import Service

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


@register.inclusion_tag("freshness/_dashboard_notice.html", takes_context=True)
def freshness_dashboard_notice(context: dict[str, Any]) -> dict[str, Any]:
    """Editors: their services to re-confirm, each with its button, and one button per organisation for all of them.
    Coordinators: how many services need it, with a link to the list."""
    user = context["user"]
    if is_coordinator(user):
        return {"coordinator": True, "total": service_list_unconfirmed().count()}
    rows: list[dict[str, Any]] = [
        {"service": s, "info": service_freshness_info(service=s)}
        for s in service_list_unconfirmed(scope=scope_to_editable(Service.objects.all(), user))[:100]
    ]
    organizations: dict[Any, dict[str, Any]] = {}
    for row in rows:
        entry = organizations.setdefault(row["service"].organization_id, {"organization": row["service"].organization})
        entry["count"] = entry.get("count", 0) + 1
    return {
        "coordinator": False,
        "rows": rows,
        "organizations": list(organizations.values()),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "user": user,
    }
