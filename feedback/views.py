"""Report a problem (anyone, rate-limited) and the coordinators' queue."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import coordinator_required
from services.models import Service

from . import actions, selectors
from .forms import ProblemReportForm, ResolveForm
from .models import ProblemReport, ReportStatus


def report(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """The report form (also on the service page); a valid report goes to the coordinators, never to the logs."""
    service = get_object_or_404(Service.objects.select_related("organization"), pk=service_id)
    form = ProblemReportForm(request.POST or None)
    if request.method == "POST":
        if not actions.report_rate_allow(request=request):
            return render(request, "feedback/rate_limited.html", {"service": service}, status=429)
        if form.is_bot:  # answered like a success, so the bot learns nothing
            return render(request, "feedback/report_done.html", {"service": service})
        if form.is_valid():
            actions.problem_report_create(
                service=service,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                contact_email=form.cleaned_data["contact_email"],
            )
            return render(request, "feedback/report_done.html", {"service": service})
        messages.error(request, _("Please correct the errors below; the report was not sent."))
    return render(request, "feedback/report.html", {"service": service, "form": form})


@coordinator_required
def queue(request: HttpRequest) -> HttpResponse:
    """Reports by status (open by default), each with links to the service, its edit page and a resolve form."""
    status = request.GET.get("status", ReportStatus.OPEN)
    if status not in (ReportStatus.OPEN, ReportStatus.RESOLVED, "all"):
        status = ReportStatus.OPEN
    reports = selectors.problem_report_queue(status="" if status == "all" else status)[:200]
    open_count = ProblemReport.objects.filter(status=ReportStatus.OPEN).count()
    context = {"reports": reports, "status": status, "open_count": open_count, "resolve_form": ResolveForm()}
    return render(request, "feedback/queue.html", context)


@require_POST
@coordinator_required
def resolve(request: HttpRequest, report_id: int) -> HttpResponse:
    """Close a report with a note."""
    problem = get_object_or_404(ProblemReport, pk=report_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            actions.problem_report_resolve(report=problem, user=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Report #%(id)s resolved.") % {"id": problem.pk})
    else:
        messages.error(request, _("The note is too long."))
    return redirect("feedback:queue")
