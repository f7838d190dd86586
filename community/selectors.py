"""Reads of the community app: what the public, members and editors see."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import editable_organization_ids, is_coordinator, scope_to_editable
from geo_accmr.geo import ATHENS
from geo_accmr.text import fold
from services.directory import committee_list
from services.models import Address, Organization, TaxonomyTerm
from services.redaction import SHELTER_NEAR_M

from .models import Activity, ActivityQuerySet, ModerationStatus, OpenCall, ToolkitEntry

ICS_PAST_DAYS = 90  # a subscribed calendar keeps the recent past


def committee_from_code(code: str) -> TaxonomyTerm | None:
    """The committee of a `committee=` parameter (None when empty); an unknown code is a ValidationError."""
    if not code:
        return None
    committee = committee_list().filter(code=code).first()
    if committee is None:
        raise ValidationError(_("Unknown committee “%(code)s”.") % {"code": code[:80]})
    return committee


def month_from_param(value: str, today: date) -> date:
    """The first day of a `month=YYYY-MM` parameter (this month when empty); anything else is a ValidationError."""
    if not value:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        if not 2000 <= year <= 2100:  # the calendar's previous and next months must exist too
            raise ValueError
        return date(year, month, 1)
    except ValueError:
        raise ValidationError(_("Give the month as YYYY-MM, e.g. 2026-03.")) from None


def writable_organizations(user: Any) -> QuerySet[Organization]:
    """The organisations the person may publish for (all for coordinators)."""
    return scope_to_editable(Organization.objects.order_by("name"), user, organization_field="pk")


# ------------------------------------------------------------------------------------------------ activities
def activity_list_public(*, committee: TaxonomyTerm | None = None) -> ActivityQuerySet:
    """Published activities with their organiser and committee, optionally of one committee."""
    activities = cast(ActivityQuerySet, Activity.objects.all()).published().select_related("organization", "committee")
    return activities.filter(committee=committee) if committee else activities


def activity_list_feed(*, committee: TaxonomyTerm | None = None, now: datetime | None = None) -> QuerySet[Activity]:
    """What the iCalendar feed carries: published activities from ICS_PAST_DAYS ago on."""
    since = (now or timezone.now()) - timedelta(days=ICS_PAST_DAYS)
    return activity_list_public(committee=committee).filter(ends_at__gte=since)


def activity_get_visible(*, user: Any, activity_id: int) -> Activity:
    """A published activity, or one of the person's own organisations' waiting or refused ones (404 otherwise)."""
    activity = Activity.objects.select_related("organization", "committee").filter(pk=activity_id).first()
    if activity is None:
        raise Http404
    if activity.status != ModerationStatus.PUBLISHED and not activity_may_edit(user=user, activity=activity):
        raise Http404
    return activity


def activity_may_edit(*, user: Any, activity: Activity) -> bool:
    ids = editable_organization_ids(user)
    return ids is None or activity.organization_id in ids


def activity_get_editable(*, user: Any, activity_id: int) -> Activity:
    """An activity the person may change (404 for another organisation's)."""
    queryset = scope_to_editable(Activity.objects.select_related("organization", "committee"), user)
    activity = queryset.filter(pk=activity_id).first()
    if activity is None:
        raise Http404
    return activity


def activity_list_mine(*, user: Any) -> QuerySet[Activity]:
    """The activities of the person's organisations that wait for review or were refused, and their waiting changes
    (all organisations' for coordinators): the editor's and the coordinator's to-do list."""
    waiting = Q(status__in=[ModerationStatus.PENDING, ModerationStatus.REJECTED]) | Q(proposed__isnull=False)
    queryset = Activity.objects.filter(waiting).select_related("organization", "committee").order_by("-updated_at")
    return scope_to_editable(queryset, user) if not is_coordinator(user) else queryset


def activity_review_queue() -> QuerySet[Activity]:
    """What coordinators review: new activities and changes waiting."""
    waiting = Q(status=ModerationStatus.PENDING) | Q(proposed__isnull=False)
    return Activity.objects.filter(waiting).select_related("organization", "committee").order_by("updated_at")


def activity_shelter_warnings(activities: list[Activity]) -> set[int]:
    """The ids of waiting activities whose place, as they would be published (a change's proposal, else the activity),
    could reveal a shelter: a map point within SHELTER_NEAR_M of a shelter's (redacted) location, or a place text that
    names a shelter's street address (folded: accents, case and Greeklish do not hide it). For coordinators only:
    telling the editor who typed the place would let anyone with an account probe for shelters."""
    places: dict[int, tuple[str, list[float] | None]] = {}
    for activity in activities:
        if activity.proposed:
            places[activity.pk] = (activity.proposed.get("place") or "", activity.proposed.get("point"))
        else:
            point = activity.point
            places[activity.pk] = (activity.place or "", [point.x, point.y] if point is not None else None)
    located = [(pk, point) for pk, (_place, point) in places.items() if point]
    warned: set[int] = set()
    if located:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT p.id FROM unnest(%s::int[], %s::float8[], %s::float8[]) AS p(id, lon, lat)
                WHERE EXISTS (
                    SELECT 1 FROM services_location l
                    WHERE l.redacted
                      AND ST_DWithin(l.point, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, %s)
                )
                """,
                [[pk for pk, _ in located], [pt[0] for _, pt in located], [pt[1] for _, pt in located], SHELTER_NEAR_M],
            )
            warned.update(pk for (pk,) in cursor.fetchall())
    named = [(pk, f" {fold(place)} ") for pk, (place, _point) in places.items() if place.strip() and pk not in warned]
    if named:
        streets = (
            Address.objects.filter(location__redacted=True).exclude(address_1="").values_list("address_1", flat=True)
        )
        # a street and number, not a bare street name that many places share
        folded = {f" {key} " for key in map(fold, streets) if any(c.isdigit() for c in key) and len(key) >= 5}
        warned.update(pk for pk, place in named if any(street in place for street in folded))
    return warned


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    activities: list[Activity] = field(default_factory=list)


def activity_calendar(*, month: date, committee: TaxonomyTerm | None = None) -> list[list[CalendarDay]]:
    """The weeks (Monday first) of a month, each day with the published activities on it (Athens time); an activity
    over several days shows on each."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    start = datetime.combine(first, time.min, tzinfo=ATHENS)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=ATHENS)
    activities = list(activity_list_public(committee=committee).filter(starts_at__lt=end, ends_at__gt=start))
    days = {d: CalendarDay(day=d, in_month=d.month == month.month) for week in weeks for d in week}
    for activity in activities:
        day = max(timezone.localtime(activity.starts_at, ATHENS).date(), first)
        # an activity ending at midnight ends the day before
        last_day = timezone.localtime(activity.ends_at - timedelta(microseconds=1), ATHENS).date()
        while day <= min(last_day, last):
            days[day].activities.append(activity)
            day += timedelta(days=1)
    return [[days[d] for d in week] for week in weeks]


# ------------------------------------------------------------------------------------------------ open calls
def call_list(*, committee: TaxonomyTerm | None = None, kind: str = "", closed: bool = False) -> QuerySet[OpenCall]:
    """Open calls (soonest expiry first), or the closed ones (latest first)."""
    calls = OpenCall.objects.select_related("organization", "committee")
    calls = calls.closed().order_by("-expires_at") if closed else calls.open()
    if committee:
        calls = calls.filter(committee=committee)
    if kind:
        calls = calls.filter(kind=kind)
    return calls


def call_get_editable(*, user: Any, call_id: int) -> OpenCall:
    call = scope_to_editable(OpenCall.objects.select_related("organization"), user).filter(pk=call_id).first()
    if call is None:
        raise Http404
    return call


# ------------------------------------------------------------------------------------------------ toolkit
def toolkit_list(
    *, committee: TaxonomyTerm | None = None, language: str = "", kind: str = "", q: str = ""
) -> QuerySet[ToolkitEntry]:
    """Toolkit entries, newest first; each word of `q` must start a word of the title, description or organisation
    (Greek accents, case and Greeklish folded as search does, geo_accmr.text.fold)."""
    entries = ToolkitEntry.objects.select_related("organization", "committee", "file").defer("file__content")
    if committee:
        entries = entries.filter(committee=committee)
    if language:
        entries = entries.filter(language=language)
    if kind:
        entries = entries.filter(kind=kind)
    for word in fold(q).split()[:10]:
        entries = entries.filter(search_text__contains=" " + word)
    return entries


def toolkit_get_editable(*, user: Any, entry_id: int) -> ToolkitEntry:
    entry = scope_to_editable(ToolkitEntry.objects.select_related("organization"), user).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry
