"""The activities as an iCalendar feed (RFC 5545) for calendar apps to subscribe to, written with `icalendar`."""

from collections.abc import Callable, Iterable
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Activity

PRODID = "-//geo_accmr//activities//EN"


def activities_ical(
    *, activities: Iterable[Activity], name: str, host: str, url_of: Callable[[Activity], str]
) -> bytes:
    """One VEVENT per activity, times in UTC, a stable UID per activity so updates replace the event."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Athens")
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")  # older clients (Outlook) read this one
    now = timezone.now()
    for activity in activities:
        event = Event()
        event.add("uid", f"activity-{activity.pk}@{host}")
        event.add("dtstamp", now)
        event.add("last-modified", activity.updated_at)
        event.add("dtstart", activity.starts_at)
        event.add("dtend", activity.ends_at)
        event.add("summary", activity.title)
        lines = [activity.description] if activity.description else []
        lines.append(_("Organiser: %(name)s") % {"name": activity.organization.name})
        if activity.registration_url:
            lines.append(_("Registration: %(url)s") % {"url": activity.registration_url})
        if activity.is_demo:
            lines.insert(0, _("Demo data: this activity is fictional."))
        event.add("description", "\n".join(lines))
        event.add("location", activity.online_url if activity.online else activity.place)
        if activity.point is not None and not activity.online:
            event.add("geo", (activity.point.y, activity.point.x))
        event.add("url", url_of(activity))
        event.add("categories", [str(activity.committee.name)])
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
