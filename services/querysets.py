"""Composable filters for the service directory; no I/O, always return a QuerySet."""

from django.contrib.gis.db import models
from django.db.models import Q


class TaxonomyTermQuerySet(models.QuerySet):
    def with_descendants(self, codes: list[str]) -> "TaxonomyTermQuerySet":
        """The terms with these codes and every term below them (the taxonomy is two levels deep)."""
        return self.filter(Q(code__in=codes) | Q(parent__code__in=codes) | Q(parent__parent__code__in=codes))


class LocationQuerySet(models.QuerySet):
    def pending_geocoding(self) -> "LocationQuerySet":
        """Locations whose address waits for the geocoder."""
        return self.filter(geocode_status="pending")
