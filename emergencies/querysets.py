"""The emergency rules as QuerySet methods. "Active" is always derived from the dates at the moment asked, so an
emergency and everything offered for it end by themselves: nothing has to run at the end."""

from datetime import datetime

from django.contrib.gis.geos import Point
from django.db import models
from django.db.models import Q


class EmergencyQuerySet(models.QuerySet):
    def active(self, at: datetime) -> "EmergencyQuerySet":
        """Declared and running at `at`: started, not yet ended."""
        return self.filter(starts_at__lte=at, ends_at__gt=at)

    def upcoming(self, at: datetime) -> "EmergencyQuerySet":
        return self.filter(starts_at__gt=at)

    def ended(self, at: datetime) -> "EmergencyQuerySet":
        """The history: emergencies whose end has passed."""
        return self.filter(ends_at__lte=at)

    def covering(self, point: Point) -> "EmergencyQuerySet":
        """Emergencies whose affected areas (municipalities or communities) cover the point."""
        from boundaries.models import Area

        return self.filter(areas__in=Area.objects.covering(point)).distinct()


class OfferQuerySet(models.QuerySet):
    def published(self) -> "OfferQuerySet":
        return self.filter(status="published")

    def active(self, at: datetime) -> "OfferQuerySet":
        """Published offers running at `at`: their emergency is active and their own end, if any, has not passed."""
        return self.published().filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=at),
            emergency__starts_at__lte=at,
            emergency__ends_at__gt=at,
        )
