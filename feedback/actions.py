"""Writes: record a problem report, resolve it; and the per-address rate limit for reports."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.backends import axes_client_ip
from accounts.permissions import is_coordinator
from services.models import Service

from .models import ProblemReport, ReportStatus

RATE_WINDOW_SECONDS = 3600


def report_rate_allow(*, request: HttpRequest) -> bool:
    """Count one report from the client's address; False once it made FEEDBACK_REPORTS_PER_HOUR this hour.

    Fixed one-hour windows in the default cache (shared between workers when REDIS_URL is set). The client address is
    read like the sign-in throttle does (X-Forwarded-For only as far as API_NUM_PROXIES trusts it).
    """
    limit = settings.FEEDBACK_REPORTS_PER_HOUR
    if limit <= 0:
        return True
    window = int(timezone.now().timestamp()) // RATE_WINDOW_SECONDS
    key = f"feedback-rate:{axes_client_ip(request) or 'unknown'}:{window}"
    try:
        cache.add(key, 0, timeout=RATE_WINDOW_SECONDS + 60)
        count = cache.incr(key)
    except Exception:  # noqa: BLE001 - a cache outage must not silence reports: fail open
        return True
    return count <= limit


def problem_report_create(*, service: Service, kind: str, text: str = "", contact_email: str = "") -> ProblemReport:
    """Store a report for the coordinators' queue."""
    report = ProblemReport(service=service, kind=kind, text=text.strip(), contact_email=contact_email.strip())
    report.full_clean()
    report.save()
    return report


def problem_report_resolve(*, report: ProblemReport, user: Any, note: str = "") -> ProblemReport:
    """A coordinator closes a report with a note (who and when are kept)."""
    if not is_coordinator(user):
        raise PermissionDenied
    with transaction.atomic():
        report = ProblemReport.objects.select_for_update().get(pk=report.pk)
        if report.status == ReportStatus.RESOLVED:
            raise ValidationError(_("This report was already resolved."))
        report.status = ReportStatus.RESOLVED
        report.resolved_by = user
        report.resolved_at = timezone.now()
        report.resolution_note = note.strip()
        report.save()
    return report
