"""Bulk upload pages for coordinators: upload and dry run, preview with the error report, apply, templates."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import coordinator_required

from .actions import upload_apply, upload_create
from .forms import UploadForm
from .limits import UploadLimitHandler, body_over_limit, content_length, discard_refused_body
from .reading import UploadRefused
from .selectors import upload_get, upload_list_recent
from .sheet import COLUMNS
from .template_files import errors_csv, template_csv, template_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: HttpRequest, form: UploadForm, *, status: int = 200, error: str = "") -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "error": error,
        "uploads": upload_list_recent(user=request.user),
        "columns": COLUMNS,
        "max_mb": round(settings.BULKUPLOAD_MAX_BYTES / 1048576, 1),
    }
    return render(request, "bulkupload/upload.html", context, status=status)


def _megabytes(size: int) -> float:
    return round(size / 1048576, 1)


@csrf_exempt  # the CSRF check reads the body, so it runs in _upload_form, once the size limit is in place
@coordinator_required
@require_http_methods(["GET", "POST"])
def upload_page(request: HttpRequest) -> HttpResponse:
    """The upload form; a body larger than the limit is refused (413) before it is read, a file that grows past it
    while arriving stops there; otherwise the file is checked in full (dry run) and stored for its preview."""
    limit = settings.BULKUPLOAD_MAX_BYTES
    if request.method == "POST":
        if body_over_limit(request):
            discard_refused_body(request)
            error = _("The file is %(size)s MB; the limit is %(max)s MB.") % {
                "size": _megabytes(content_length(request)),
                "max": _megabytes(limit),
            }
            return _page(request, UploadForm(), status=413, error=error)
        limiter = UploadLimitHandler(request)
        request.upload_handlers.insert(0, limiter)
        request.POST  # noqa: B018 - parse the body now, with the limit counting
        if limiter.exceeded:
            error = _("The file is larger than the limit of %(max)s MB.") % {"max": _megabytes(limit)}
            return _page(request, UploadForm(), status=413, error=error)
    return _upload_form(request)


@csrf_protect
def _upload_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    uploaded = form.cleaned_data["file"]
    if uploaded.size > settings.BULKUPLOAD_MAX_BYTES:  # cannot happen past UploadLimitHandler; kept as the last word
        error = _("The file is %(size)s MB; the limit is %(max)s MB.") % {
            "size": round(uploaded.size / 1048576, 1),
            "max": round(settings.BULKUPLOAD_MAX_BYTES / 1048576, 1),
        }
        return _page(request, UploadForm(), status=400, error=error)
    try:
        upload = upload_create(user=request.user, name=uploaded.name, content=uploaded.read())
    except UploadRefused as exc:
        return _page(request, UploadForm(), status=400, error=str(exc))
    return redirect("bulkupload:detail", upload_id=upload.pk)


@coordinator_required
def upload_detail(request: HttpRequest, upload_id: Any) -> HttpResponse:
    """The dry-run preview (counts, first rows, error report) and the apply button; after apply, the result."""
    upload = upload_get(user=request.user, upload_id=upload_id)
    report = upload.result or upload.report  # after an apply (done or refused), what the apply found
    return render(request, "bulkupload/detail.html", {"upload": upload, "report": report})


@coordinator_required
@require_POST
def upload_apply_view(request: HttpRequest, upload_id: Any) -> HttpResponse:
    """Write the stored upload, all or nothing."""
    upload = upload_get(user=request.user, upload_id=upload_id)
    try:
        result = upload_apply(upload=upload, user=request.user)
    except UploadRefused as exc:
        messages.error(request, str(exc))
        return redirect("bulkupload:detail", upload_id=upload.pk)
    if result["ok"]:
        messages.success(request, _("Applied: every row was written."))
    else:
        messages.error(request, _("Nothing was written: the file no longer passes the checks (see below)."))
    return redirect("bulkupload:detail", upload_id=upload.pk)


@coordinator_required
def upload_errors_csv(request: HttpRequest, upload_id: Any) -> HttpResponse:
    """The row-level report as CSV (UTF-8 with BOM; cells that look like formulas are neutralised)."""
    upload = upload_get(user=request.user, upload_id=upload_id)
    response = HttpResponse(
        errors_csv(upload.result if upload.result else upload.report), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="errors-{upload.pk}.csv"'
    return response


@coordinator_required
def template_csv_download(request: HttpRequest) -> HttpResponse:
    """The spreadsheet template as CSV UTF-8."""
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="geo_accmr-services-template.csv"'
    return response


@coordinator_required
def template_xlsx_download(request: HttpRequest) -> HttpResponse:
    """The spreadsheet template as an Excel workbook with a notes sheet."""
    response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="geo_accmr-services-template.xlsx"'
    return response
