"""Reads: the coordinators' queue and the reports an organisation's editors may see."""

from typing import Any

from django.db.models import QuerySet

from accounts.permissions import scope_to_editable

from .models import ProblemReport, ReportStatus


def problem_report_queue(*, status: str = ReportStatus.OPEN) -> QuerySet[ProblemReport]:
    """Reports for coordinators, newest first; `status` "" for all."""
    reports = ProblemReport.objects.select_related("service__organization", "resolved_by")
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("-created_at")


def problem_report_list_for_editor(*, user: Any) -> QuerySet[ProblemReport]:
    """Reports about the services of the person's organisations (all for coordinators), open first, newest first."""
    reports = ProblemReport.objects.select_related("service__organization")
    return scope_to_editable(reports, user, organization_field="service__organization").order_by(
        "-status", "-created_at"
    )
