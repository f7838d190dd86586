"""ETag / Last-Modified and conditional GET (304) for the list endpoints, validated by the directory version.

The validator is computed before the view runs, from one indexed read of search.models.DirectoryState, so a
revalidation that matches costs that read and no query of the lists themselves; the read's directory stamp is left
on the request (`request.directory_stamp`) for the view's caches. What a list shows depends on:
- the directory (DirectoryState.version, bumped by every change to services, locations and areas);
- the day in Athens (services enter and leave the lists on their valid dates);
- for answers that say whether a service is open now, the minute (opening hours are given to the minute);
- the request: path, query string, the language (names and messages follow Accept-Language), and whether a
  browser is given the HTML page (/ogc/, ogc_html.py).
A version read before the view runs is never newer than the data the view then reads, so a stale answer is never
labelled with a fresh validator.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime, time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from geo_accmr.db_router import read_connection
from geo_accmr.geo import ATHENS
from search.actions.directory import directory_state, stamp_of

from .ogc_html import wants_html

# (path prefix, whether every answer depends on the clock to the minute); HSDS lists can join with one line.
# /api/nearby/ is left out: each answer is for one point and says open_now (minute-bound), so a revalidation would
# rarely match, while the extra read would count against its latency budget. ("/api/nearby/", True) adds it.
DEFAULT_CONDITIONAL_PATHS: tuple[tuple[str, bool], ...] = (
    ("/api/map/", False),
    ("/api/areas/", False),
    ("/export/", False),
    ("/ogc/collections", False),
)


def _minute_rule(path: str) -> bool | None:
    """Whether answers under this path always depend on the minute; None when the path is not covered."""
    for prefix, minute in getattr(settings, "CONDITIONAL_GET_PATHS", DEFAULT_CONDITIONAL_PATHS):
        if path.startswith(prefix):
            return minute
    return None


def list_validators(request: HttpRequest, *, minute: bool = False) -> tuple[str, datetime]:
    """(strong ETag, Last-Modified) of the answer this request would get now."""
    state = directory_state(using=read_connection)  # where the view reads from (the router's choice)
    version, changed_at = state if state else (0, datetime(2000, 1, 1, tzinfo=ATHENS))
    # the view keys its caches of the directory (filter codes → term ids) by this read: no second read of it
    request.directory_stamp = stamp_of(version, changed_at) if state else "0"  # type: ignore[attr-defined]
    now = timezone.localtime(timezone.now(), timezone=ATHENS)
    if minute or request.GET.get("open_now", "").lower() in ("true", "1", "yes", "on"):
        period_start = now.replace(second=0, microsecond=0)
        period = period_start.isoformat()
    else:
        period_start = datetime.combine(now.date(), time(0), tzinfo=ATHENS)
        period = now.date().isoformat()
    html = "html" if wants_html(request) else ""  # /ogc/ answers a browser with a page (ogc_html.py)
    key = "\n".join(
        [str(version), period, get_language() or "", request.path, request.META.get("QUERY_STRING", ""), html]
    )
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    return etag, max(changed_at, period_start)


class ConditionalListMiddleware:
    """Answers 304 Not Modified when the client's copy is current; labels fresh list answers with validators."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        minute = _minute_rule(request.path)
        if request.method not in ("GET", "HEAD") or minute is None:
            return self.get_response(request)
        etag, last_modified = list_validators(request, minute=minute)
        unmodified = get_conditional_response(request, etag=etag, last_modified=int(last_modified.timestamp()))
        if unmodified is not None:
            unmodified["ETag"] = etag
            unmodified["Last-Modified"] = http_date(last_modified.timestamp())
            patch_vary_headers(unmodified, ["Accept-Language", "Accept"])
            return unmodified
        response = self.get_response(request)
        if response.status_code == 200:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified.timestamp())
            response.setdefault("Cache-Control", "public, no-cache")  # may be stored, must be revalidated
            patch_vary_headers(response, ["Accept-Language", "Accept"])
        return response
