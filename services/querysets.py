"""Composable filters for the service directory; no I/O, always return a QuerySet.

The ORM side of the rules in services/rules.py (current, verified on, visible, open now): tests/services/test_rules.py
checks that both sides agree.
"""

from datetime import date, datetime

from django.contrib.gis.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate

from freshness.policy import freshness_cutoffs

from .rules import ATHENS, open_now_params, service_day

# The day a service was last confirmed (rules.VERIFIED_ON_SQL): its assured date, else its creation day in Athens.
VERIFIED_ON = Coalesce("assured_date", TruncDate("created_at", tzinfo=ATHENS))


class TaxonomyTermQuerySet(models.QuerySet):
    def with_descendants(self, codes: list[str]) -> "TaxonomyTermQuerySet":
        """The terms with these codes and every term below them (the taxonomy is two levels deep)."""
        return self.filter(Q(code__in=codes) | Q(parent__code__in=codes) | Q(parent__parent__code__in=codes))


class LocationQuerySet(models.QuerySet):
    def pending_geocoding(self) -> "LocationQuerySet":
        """Locations whose address waits for the geocoder."""
        return self.filter(geocode_status="pending")


class ServiceQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> "ServiceQuerySet":
        """Active and inside their valid dates on the day `on` (today in Athens by default); rules.current_sql."""
        on = on or service_day()
        return self.filter(
            Q(status="active"),
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )

    def with_verified_on(self) -> "ServiceQuerySet":
        """Annotated with `verified_on`, the day each was last confirmed (rules.VERIFIED_ON_SQL)."""
        return self.annotate(verified_on=VERIFIED_ON)

    def visible(self, on: date | None = None) -> "ServiceQuerySet":
        """What search shows on the day `on`: current, and confirmed since the freshness policy's hidden-before day
        (rules.visible_sql). Search lists them at their located places."""
        on = on or service_day()
        return (
            self.current(on)
            .alias(visible_verified_on=VERIFIED_ON)
            .filter(visible_verified_on__gte=freshness_cutoffs(today=on).hidden_before)
        )

    def open_at(self, moment: datetime) -> "ServiceQuerySet":
        """With a schedule of their own or of one of their places open at `moment` (rules.OPEN_NOW_SQL)."""
        from .models import Schedule

        schedules = Schedule.objects.open_at(moment).filter(
            Q(service=OuterRef("pk")) | Q(service_at_location__service=OuterRef("pk"))
        )
        return self.filter(Exists(schedules))


# Manager types for the annotations on the models, which keep `QuerySet.as_manager()` at runtime: mypy cannot see the
# manager classes that django-modeltranslation substitutes at runtime (django-stubs' django-manager-missing).
TaxonomyTermManager = models.Manager.from_queryset(TaxonomyTermQuerySet)
LocationManager = models.Manager.from_queryset(LocationQuerySet)
ServiceManager = models.Manager.from_queryset(ServiceQuerySet)


class ScheduleQuerySet(models.QuerySet):
    def open_at(self, moment: datetime) -> "ScheduleQuerySet":
        """Schedules with a period open at `moment`, Athens time (rules.OPEN_NOW_SQL; Schedule.is_open_at)."""
        p = open_now_params(moment)
        overnight = Q(closes_at__lt=F("opens_at"))
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=p["today"]),
            Q(valid_to__isnull=True) | Q(valid_to__gte=p["today"]),
            (Q(byday__contains=p["dow"]) & Q(opens_at__lte=p["clock"]) & (Q(closes_at__gt=p["clock"]) | overnight))
            | (Q(byday__contains=p["prev_dow"]) & overnight & Q(closes_at__gt=p["clock"])),
        )
