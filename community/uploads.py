"""The toolkit's PDF files: what is accepted (a PDF by its bytes and its declared type, within the size limit) and
how one is sent back (always as a download of type application/pdf, never sniffed by the browser)."""

import re
import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

PDF_TYPES = {"application/pdf", "application/x-pdf"}
PDF_MAGIC = b"%PDF-"


def megabytes(size: int) -> float:
    return round(size / 1048576, 1)


def pdf_check(uploaded: Any) -> tuple[str, bytes]:
    """The upload's safe file name and bytes, or a ValidationError saying what is wrong with it."""
    limit = settings.TOOLKIT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(max)s MB.")
            % {"size": megabytes(uploaded.size), "max": megabytes(limit)}
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."))
    declared = (uploaded.content_type or "").split(";")[0].strip().lower()
    content = uploaded.read()
    if declared not in PDF_TYPES or not content.startswith(PDF_MAGIC):
        raise ValidationError(_("Only PDF files can be uploaded; this file is not a PDF."))
    return pdf_file_name(uploaded.name), content


def pdf_file_name(name: str) -> str:
    """A name fit for a Content-Disposition header and a file system: no path, no control characters, ends in .pdf."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]", "", name).strip(" .") or "document"
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"{stem[:120]}.pdf"


def pdf_response(*, name: str, content: bytes) -> HttpResponse:
    """The file as a download: its type fixed, sniffing off, no page of ours around it."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
