"""Reads for the freshness pages, badges and reminders (the policy itself lives in freshness/policy.py)."""

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet

from freshness.policy import Freshness, freshness_cutoffs, months_before, service_freshness, service_verified_on
from services.models import Service
from services.querysets import ServiceQuerySet
from services.rules import service_day


@dataclass(frozen=True)
class FreshnessInfo:
    """A service's freshness today: its state, the day it was last confirmed, and when it turns stale and hidden."""

    state: str
    verified_on: date | None
    stale_from: date | None
    hidden_from: date | None

    @property
    def needs_confirmation(self) -> bool:
        return self.state != Freshness.FRESH


def _first_day_older_than(verified: date, months: int) -> date:
    """The first day on which `verified` is older than `months` (the policy's `verified < months_before(day)`)."""
    day = months_before(verified, -months) + timedelta(days=1)
    while months_before(day, months) <= verified:  # short months clamp: a day or two more at most
        day += timedelta(days=1)
    return day


def service_freshness_info(*, service: Service, today: date | None = None) -> FreshnessInfo:
    """The freshness of one service as of `today` (Athens time)."""
    verified = getattr(service, "verified_on", None) or service_verified_on(
        assured_date=service.assured_date, created_at=service.created_at
    )
    state = service_freshness(assured_date=verified, created_at=None, today=today)
    if verified is None:
        return FreshnessInfo(state=state, verified_on=None, stale_from=None, hidden_from=None)
    period = settings.FRESHNESS_MONTHS
    return FreshnessInfo(
        state=state,
        verified_on=verified,
        stale_from=_first_day_older_than(verified, period),
        hidden_from=_first_day_older_than(verified, 2 * period),
    )


def service_list_with_verified_on() -> ServiceQuerySet:
    """Services annotated with `verified_on`: the assured date, else the creation day in Athens (VERIFIED_ON_SQL)."""
    return Service.objects.with_verified_on()


def service_list_unconfirmed(
    *, today: date | None = None, organization_id: UUID | None = None, state: str = "", scope: QuerySet | None = None
) -> QuerySet[Service]:
    """Current services that need re-confirmation or are hidden from search, oldest confirmation first."""
    today = today or service_day()
    cutoffs = freshness_cutoffs(today=today)
    services = service_list_with_verified_on().current(today).filter(verified_on__lt=cutoffs.stale_before)
    if scope is not None:
        services = services.filter(pk__in=scope.values("pk"))
    if organization_id:
        services = services.filter(organization_id=organization_id)
    if state == Freshness.HIDDEN:
        services = services.filter(verified_on__lt=cutoffs.hidden_before)
    elif state == Freshness.NEEDS_RECONFIRMATION:
        services = services.filter(verified_on__gte=cutoffs.hidden_before)
    # pk last: a total order, so pages neither repeat nor skip services with the same day and name
    return services.select_related("organization").order_by("verified_on", "organization__name", "name", "pk")


def services_crossed_into_hidden(*, since: date, today: date) -> bool:
    """Did any current service become hidden after `since`, up to `today` (so pre-counted map cells are out of date)?"""
    if since >= today:
        return False
    start = freshness_cutoffs(today=since).hidden_before
    end = freshness_cutoffs(today=today).hidden_before
    return service_list_with_verified_on().current(today).filter(verified_on__gte=start, verified_on__lt=end).exists()
