"""Freshness policy: how long a service's details count as confirmed, and what happens when they do not.

A service is *verified on* its `assured_date` (set at every confirmation), or on the day it was created when it has
never been confirmed (in SQL: services/rules.py VERIFIED_ON_SQL; in the ORM: ServiceQuerySet.with_verified_on).
Older than one policy period (`FRESHNESS_MONTHS`, default 6): it needs re-confirmation (a badge, a reminder to its
organisation). Older than two periods: it is hidden from search (the caseworker map, the nearby API, the exports,
the coverage counts and the organisation directory) until someone confirms it.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_accmr.geo import ATHENS


class Freshness(models.TextChoices):
    FRESH = "fresh", _("Confirmed")
    NEEDS_RECONFIRMATION = "needs_reconfirmation", _("Needs re-confirmation")
    HIDDEN = "hidden", _("Hidden from search until confirmed")


@dataclass(frozen=True)
class FreshnessCutoffs:
    """Verified before `stale_before`: needs re-confirmation; before `hidden_before`: hidden from search."""

    stale_before: date
    hidden_before: date


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def freshness_cutoffs(*, today: date | None = None) -> FreshnessCutoffs:
    """The policy's two cut-off days as of `today` (Athens time)."""
    today = today or timezone.localdate(timezone=ATHENS)
    period = settings.FRESHNESS_MONTHS
    return FreshnessCutoffs(stale_before=months_before(today, period), hidden_before=months_before(today, 2 * period))


def service_verified_on(*, assured_date: date | None, created_at: datetime | None) -> date | None:
    """The day a service was last confirmed: its assured date, else the day it was created."""
    if assured_date:
        return assured_date
    return timezone.localtime(created_at, timezone=ATHENS).date() if created_at else None


def service_freshness(*, assured_date: date | None, created_at: datetime | None, today: date | None = None) -> str:
    """Fresh, needs re-confirmation, or hidden from search (Freshness values)."""
    verified = service_verified_on(assured_date=assured_date, created_at=created_at)
    if verified is None:
        return Freshness.FRESH  # not saved yet
    cutoffs = freshness_cutoffs(today=today)
    if verified < cutoffs.hidden_before:
        return Freshness.HIDDEN
    if verified < cutoffs.stale_before:
        return Freshness.NEEDS_RECONFIRMATION
    return Freshness.FRESH
