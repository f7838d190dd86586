"""The editors' view of reports about their services, for the editing dashboard."""

from typing import Any

from django import template

from accounts.permissions import is_coordinator

from ..selectors import problem_report_list_for_editor

register = template.Library()


@register.inclusion_tag("feedback/_dashboard_reports.html", takes_context=True)
def problem_reports_for_dashboard(context: dict[str, Any]) -> dict[str, Any]:
    """Editors: reports about their organisations' services (without the reporter's address); coordinators: none."""
    user = context["user"]
    coordinator = is_coordinator(user)
    reports = [] if coordinator else list(problem_report_list_for_editor(user=user)[:50])
    return {"reports": reports, "coordinator": coordinator}


@register.inclusion_tag("feedback/_report_form.html", takes_context=True)
def problem_report_form(context: dict[str, Any], service: Any) -> dict[str, Any]:
    """An empty report form for the service page."""
    from ..forms import ProblemReportForm

    return {"service": service, "form": ProblemReportForm(), "csrf_token": context.get("csrf_token")}
