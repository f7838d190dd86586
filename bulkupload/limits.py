"""The upload's size limit, enforced while the request arrives: a body that says it is too large is refused before
anything of it is parsed or stored, and a file that grows past the limit while streaming stops the parse."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

# What surrounds the file in a multipart body: the CSRF field, boundaries and part headers (a few hundred bytes).
MULTIPART_ALLOWANCE = 64 * 1024
# A refused body no larger than this many times the limit is read and thrown away before the answer, so the browser,
# still sending, shows the message instead of "connection reset"; anything larger is never read at all.
DISCARD_FACTOR = 4
CHUNK = 64 * 1024


def content_length(request: HttpRequest) -> int:
    """The body's declared size (0 when absent or malformed: Django then reads no body at all)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_over_limit(request: HttpRequest, limit: int | None = None) -> bool:
    """Does the declared body exceed the largest file (`limit`, by default BULKUPLOAD_MAX_BYTES) plus its multipart
    wrapping?"""
    return content_length(request) > (limit or settings.BULKUPLOAD_MAX_BYTES) + MULTIPART_ALLOWANCE


def discard_refused_body(request: HttpRequest, limit: int | None = None) -> None:
    """Read a refused body into nothing, chunk by chunk, when it is at most DISCARD_FACTOR times the limit."""
    if content_length(request) > DISCARD_FACTOR * (limit or settings.BULKUPLOAD_MAX_BYTES):
        return
    while request.read(CHUNK):
        pass


class UploadLimitHandler(FileUploadHandler):
    """First of the request's upload handlers: counts the file bytes as they arrive and stops the parse once more
    than `limit` (by default BULKUPLOAD_MAX_BYTES) came; the other handlers (memory, temporary file) never see the
    bytes beyond. The toolkit's PDF upload (community/) uses it with its own limit."""

    def __init__(self, request: HttpRequest | None = None, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = limit or settings.BULKUPLOAD_MAX_BYTES
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)  # the rest (under MULTIPART_ALLOWANCE) is read and dropped
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file
