"""Template helpers for the directory pages."""

from datetime import date

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from freshness.policy import months_before
from services import directory, languages

register = template.Library()


@register.filter
def distance(metres: float | None) -> str:
    """450 m, 1,2 km (localised decimal separator)."""
    if metres is None:
        return ""
    if metres < 1000:
        return f"{int(round(metres, -1))} m"
    return f"{number_format(metres / 1000, 1)} km"


@register.filter
def verified_age(value: date | str | None) -> str:
    """How long ago a service was last verified, in words a caseworker can trust at a glance."""
    return verified_age_on(value, today=timezone.localdate())


def verified_age_on(value: date | str | None, *, today: date) -> str:
    """verified_age as of `today` (a page of result cards reads the day once: services/cards.py)."""
    if not value:
        return _("never verified")
    if isinstance(value, str):
        value = date.fromisoformat(value)
    days = (today - value).days
    if days < 31:
        return _("verified this month")
    months = days // 30
    if months < 12:
        return ngettext("verified %(n)d month ago", "verified %(n)d months ago", months) % {"n": months}
    return _("verified over a year ago")


@register.filter
def is_stale(value: date | str | None, months: int | None = None) -> bool:
    """Last verified longer ago than the freshness policy's period (FRESHNESS_MONTHS unless `months` is given)."""
    return is_stale_on(value, today=timezone.localdate(), months=months)


def is_stale_on(value: date | str | None, *, today: date, months: int | None = None) -> bool:
    """is_stale as of `today`."""
    if not value:
        return True
    if isinstance(value, str):
        value = date.fromisoformat(value)
    period = settings.FRESHNESS_MONTHS if months is None else months
    return value < months_before(today, period)


@register.filter
def language_name(code: str) -> str:
    """An ISO 639-1 code as a person reads it: its name in the page's language, and in itself when that differs."""
    return languages.language_name(code)


@register.filter
def place_lines(service: object) -> list[str]:
    """A service's places, one line each, the area named once (services.directory.place_lines)."""
    return directory.place_lines(service)  # type: ignore[arg-type]
