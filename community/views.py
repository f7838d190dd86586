"""Pages of activities, open calls and the toolkit: thin, the rules live in selectors, actions and forms."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import coordinator_required, editor_required, user_role
from bulkupload.limits import UploadLimitHandler, body_over_limit, content_length, discard_refused_body
from services.directory import committee_list
from services.forms import LANGUAGE_CHOICES, term_choices
from services.languages import language_name
from services.redaction import SHELTER_NEAR_M

from . import actions, selectors
from .forms import ActivityForm, OpenCallForm, ToolkitForm
from .ical import activities_ical
from .models import Activity, CallKind, ModerationStatus, OpenCall, ToolkitEntry, ToolkitFile, ToolkitKind
from .state import activity_diff
from .uploads import megabytes, pdf_response

PAGE_SIZE = 20
WRITERS = (Role.COORDINATOR, Role.EDITOR)


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "community/bad_request.html", {"message": message}, status=400)


def _filters(request: HttpRequest) -> tuple[Any, str]:
    """The committee of `?committee=` (a ValidationError for an unknown code) and its code."""
    code = request.GET.get("committee", "").strip()
    return selectors.committee_from_code(code), code


# ------------------------------------------------------------------------------------------------ activities
def activity_list(request: HttpRequest) -> HttpResponse:
    """Upcoming activities (or past ones), by committee, with the calendar feed's address for that filter."""
    try:
        committee, code = _filters(request)
    except ValidationError as exc:
        return _bad_request(request, exc.messages[0])
    past = request.GET.get("when") == "past"
    activities = selectors.activity_list_public(committee=committee)
    now = timezone.now()
    activities = activities.filter(ends_at__lt=now).order_by("-starts_at") if past else activities.upcoming(now)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    feed = reverse("activities_ics") + (f"?{urlencode({'committee': code})}" if code else "")
    context = {
        "page": page,
        "committees": committee_list(),
        "committee": committee,
        "code": code,
        "past": past,
        "feed_url": request.build_absolute_uri(feed),
        "feed_webcal": "webcal://" + request.get_host() + feed,
        "mine": selectors.activity_list_mine(user=request.user) if user_role(request.user) else [],
        "may_post": user_role(request.user) in WRITERS,
    }
    return render(request, "community/activity_list.html", context)


def activity_calendar(request: HttpRequest) -> HttpResponse:
    """The month's calendar (Monday first) with the published activities of each day."""
    try:
        committee, code = _filters(request)
        month = selectors.month_from_param(request.GET.get("month", ""), timezone.localdate())
    except ValidationError as exc:
        return _bad_request(request, exc.messages[0])
    weeks = selectors.activity_calendar(month=month, committee=committee)
    prev_month = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    context = {
        "weeks": weeks,
        "month": month,
        "prev_month": prev_month,
        "next_month": next_month,
        "committees": committee_list(),
        "committee": committee,
        "code": code,
        "has_any": any(day.activities for week in weeks for day in week if day.in_month),
    }
    return render(request, "community/activity_calendar.html", context)


def activity_map(request: HttpRequest) -> HttpResponse:
    """Upcoming published activities that take place somewhere, on a map."""
    try:
        committee, code = _filters(request)
    except ValidationError as exc:
        return _bad_request(request, exc.messages[0])
    activities = selectors.activity_list_public(committee=committee).upcoming().filter(online=False)
    located = [a for a in activities if a.point is not None]
    points = [
        {
            "lat": a.point.y,
            "lon": a.point.x,
            "name": a.title,
            "when": _when(a),
            "url": reverse("activities:detail", args=[a.pk]),
        }
        for a in located
    ]
    context = {
        "activities": located,
        "unlocated": [a for a in activities if a.point is None],
        "committees": committee_list(),
        "committee": committee,
        "code": code,
        "map_config": {"points": points},
    }
    return render(request, "community/activity_map.html", context)


def _when(activity: Activity) -> str:
    start = timezone.localtime(activity.starts_at)
    end = timezone.localtime(activity.ends_at)
    if start.date() == end.date():
        return f"{start:%d/%m/%Y %H:%M}–{end:%H:%M}"
    return f"{start:%d/%m/%Y %H:%M} – {end:%d/%m/%Y %H:%M}"


def activity_feed(request: HttpRequest) -> HttpResponse:
    """/activities.ics[?committee=code]: the calendar apps' subscription (published activities, recent and coming)."""
    try:
        committee, _code = _filters(request)
    except ValidationError as exc:
        return HttpResponse(exc.messages[0], status=400, content_type="text/plain; charset=utf-8")
    name = _("Activities of the coordination network")
    if committee:
        name = f"{name}: {committee.name}"
    body = activities_ical(
        activities=selectors.activity_list_feed(committee=committee),
        name=name,
        host=request.get_host().split(":")[0],
        url_of=lambda a: request.build_absolute_uri(reverse("activities:detail", args=[a.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="activities.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get_visible(user=request.user, activity_id=activity_id)
    may_edit = user_role(request.user) is not None and selectors.activity_may_edit(user=request.user, activity=activity)
    context = {
        "activity": activity,
        "when": _when(activity),
        "languages": [language_name(code) for code in activity.languages],
        "audiences": [name for code, name in term_choices("audience") if code in activity.audiences],
        "may_edit": may_edit,
        "map_config": {"points": [{"lat": activity.point.y, "lon": activity.point.x, "name": activity.title}]}
        if activity.point is not None and not activity.online
        else {"points": []},
    }
    return render(request, "community/activity_detail.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    return _activity_form(request, None)


@editor_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    return _activity_form(request, selectors.activity_get_editable(user=request.user, activity_id=activity_id))


def _activity_form(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    organizations = selectors.writable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = ActivityForm(request.POST, instance=activity, organizations=organizations)
        if form.is_valid():
            try:
                saved = actions.activity_save(user=request.user, activity=activity, values=form.values())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if saved.status == ModerationStatus.PUBLISHED and not saved.proposed:
                    messages.success(request, _("Published."))
                else:
                    messages.success(request, _("Sent to the coordinators for review."))
                return redirect("activities:detail", activity_id=saved.pk)
        status = 400
    else:
        form = ActivityForm(instance=activity, organizations=organizations)
        if activity is not None and activity.proposed:  # continue from the waiting change
            form = ActivityForm(instance=activity, organizations=organizations, initial=_proposed_initial(activity))
        status = 200
    return render(request, "community/activity_form.html", {"form": form, "activity": activity}, status=status)


def _proposed_initial(activity: Activity) -> dict[str, Any]:
    proposed = dict(activity.proposed or {})
    point = proposed.pop("point", None)
    proposed["longitude"], proposed["latitude"] = point or (None, None)
    for key in ("starts_at", "ends_at"):
        proposed[key] = timezone.localtime(datetime.fromisoformat(proposed[key]))
    return proposed


@editor_required
@require_POST
def activity_delete(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get_editable(user=request.user, activity_id=activity_id)
    actions.activity_delete(user=request.user, activity=activity)
    messages.success(request, _("The activity was removed."))
    return redirect("activities:list")


def _review_context() -> dict[str, Any]:
    """The review queue: each waiting activity with what it changes, and those whose place could reveal a shelter."""
    activities = list(selectors.activity_review_queue())
    return {
        "items": [(activity, activity_diff(activity)) for activity in activities],
        "shelter_warnings": selectors.activity_shelter_warnings(activities),
        "shelter_near_m": SHELTER_NEAR_M,
    }


@coordinator_required
def activity_review_queue(request: HttpRequest) -> HttpResponse:
    """Coordinators: new activities and changes waiting, each with what it changes."""
    return render(request, "community/activity_review.html", _review_context())


@coordinator_required
@require_POST
def activity_review(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Approve or reject (with a comment) one waiting activity or change."""
    activity = get_object_or_404(Activity, pk=activity_id)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            actions.activity_approve(user=request.user, activity=activity)
            messages.success(request, _("Approved and published."))
        elif decision == "reject":
            actions.activity_reject(user=request.user, activity=activity, comment=request.POST.get("comment", ""))
            messages.success(request, _("Rejected; the editor sees your comment."))
        else:
            return _bad_request(request, _("Choose approve or reject."))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return render(request, "community/activity_review.html", _review_context(), status=400)
    return redirect("activities:review_queue")


# ------------------------------------------------------------------------------------------------ open calls
@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    """Members' needs and offers: open ones, soonest closing first; `?show=closed` for those closed."""
    try:
        committee, code = _filters(request)
    except ValidationError as exc:
        return _bad_request(request, exc.messages[0])
    kind = request.GET.get("kind", "")
    if kind and kind not in CallKind.values:
        return _bad_request(request, _("Unknown kind “%(kind)s”.") % {"kind": kind[:40]})
    closed = request.GET.get("show") == "closed"
    calls = selectors.call_list(committee=committee, kind=kind, closed=closed)
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    editable = selectors.writable_organizations(request.user).values_list("pk", flat=True)
    context = {
        "page": page,
        "committees": committee_list(),
        "committee": committee,
        "code": code,
        "kind": kind,
        "kinds": CallKind.choices,
        "closed": closed,
        "editable": set(editable) if user_role(request.user) in WRITERS else set(),
        "may_post": user_role(request.user) in WRITERS,
        "now": timezone.now(),
    }
    return render(request, "community/call_list.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    return _call_form(request, None)


@editor_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, call_id: int) -> HttpResponse:
    return _call_form(request, selectors.call_get_editable(user=request.user, call_id=call_id))


def _call_form(request: HttpRequest, call: OpenCall | None) -> HttpResponse:
    organizations = selectors.writable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = OpenCallForm(request.POST, instance=call, organizations=organizations)
        if form.is_valid():
            try:
                actions.call_save(user=request.user, call=call, values=form.values())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Posted for the members."))
                return redirect("calls:list")
        status = 400
    else:
        form = OpenCallForm(instance=call, organizations=organizations)
        status = 200
    return render(request, "community/call_form.html", {"form": form, "call": call}, status=status)


@editor_required
@require_POST
def call_close(request: HttpRequest, call_id: int) -> HttpResponse:
    call = selectors.call_get_editable(user=request.user, call_id=call_id)
    actions.call_close(user=request.user, call=call)
    messages.success(request, _("The call is closed."))
    return redirect("calls:list")


# ------------------------------------------------------------------------------------------------ toolkit
def toolkit_list(request: HttpRequest) -> HttpResponse:
    """Publications, guides and templates by committee, language and kind; searched by words."""
    try:
        committee, code = _filters(request)
    except ValidationError as exc:
        return _bad_request(request, exc.messages[0])
    language = request.GET.get("language", "")
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()[:200]
    if kind and kind not in ToolkitKind.values:
        return _bad_request(request, _("Unknown kind “%(kind)s”.") % {"kind": kind[:40]})
    entries = selectors.toolkit_list(committee=committee, language=language, kind=kind, q=q)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    editable = selectors.writable_organizations(request.user).values_list("pk", flat=True)
    context = {
        "page": page,
        "committees": committee_list(),
        "committee": committee,
        "code": code,
        "language": language,
        "languages": LANGUAGE_CHOICES,
        "kind": kind,
        "kinds": ToolkitKind.choices,
        "q": q,
        "editable": set(editable) if user_role(request.user) in WRITERS else set(),
        "may_post": user_role(request.user) in WRITERS,
    }
    return render(request, "community/toolkit_list.html", context)


@csrf_exempt  # the CSRF check reads the body: it runs in _toolkit_form, once the size limit is in place
@editor_required
@require_http_methods(["GET", "POST"])
def toolkit_create(request: HttpRequest) -> HttpResponse:
    return _toolkit_limited(request, None)


@csrf_exempt  # as toolkit_create
@editor_required
@require_http_methods(["GET", "POST"])
def toolkit_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _toolkit_limited(request, selectors.toolkit_get_editable(user=request.user, entry_id=entry_id))


def _toolkit_limited(request: HttpRequest, entry: ToolkitEntry | None) -> HttpResponse:
    """A body larger than the file limit is refused (413) before it is read; a file growing past it stops there."""
    limit = settings.TOOLKIT_MAX_BYTES
    if request.method == "POST":
        error = ""
        if body_over_limit(request, limit):
            discard_refused_body(request, limit)
            error = _("The file is %(size)s MB; the limit is %(max)s MB.") % {
                "size": megabytes(content_length(request)),
                "max": megabytes(limit),
            }
        else:
            limiter = UploadLimitHandler(request, limit=limit)
            request.upload_handlers.insert(0, limiter)
            request.POST  # noqa: B018 - parse the body now, with the limit counting
            if limiter.exceeded:
                error = _("The file is larger than the limit of %(max)s MB.") % {"max": megabytes(limit)}
        if error:
            organizations = selectors.writable_organizations(request.user)
            form = ToolkitForm(instance=entry, organizations=organizations)
            context = {"form": form, "entry": entry, "error": error, "max_mb": megabytes(limit)}
            return render(request, "community/toolkit_form.html", context, status=413)
    return _toolkit_form(request, entry)


@csrf_protect
def _toolkit_form(request: HttpRequest, entry: ToolkitEntry | None) -> HttpResponse:
    organizations = selectors.writable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = ToolkitForm(request.POST, request.FILES, instance=entry, organizations=organizations)
        if form.is_valid():
            try:
                actions.toolkit_save(user=request.user, entry=entry, values=form.values(), pdf=form.pdf)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved in the toolkit."))
                return redirect("toolkit:list")
        status = 400
    else:
        form = ToolkitForm(instance=entry, organizations=organizations)
        status = 200
    context = {"form": form, "entry": entry, "max_mb": megabytes(settings.TOOLKIT_MAX_BYTES)}
    return render(request, "community/toolkit_form.html", context, status=status)


@editor_required
@require_POST
def toolkit_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.toolkit_get_editable(user=request.user, entry_id=entry_id)
    actions.toolkit_delete(user=request.user, entry=entry)
    messages.success(request, _("Removed from the toolkit."))
    return redirect("toolkit:list")


def toolkit_file(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The entry's PDF, always as a download (Content-Disposition: attachment, nosniff)."""
    file = ToolkitFile.objects.filter(entry_id=entry_id).first()
    if file is None:
        raise Http404
    return pdf_response(name=file.name, content=bytes(file.content))
