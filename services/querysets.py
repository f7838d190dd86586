"""Composable filters for the service directory; no I/O, always return a QuerySet."""

from datetime import date

from django.contrib.gis.db import models
from django.contrib.gis.geos import Point, Polygon
from django.contrib.gis.measure import D
from django.db.models import Q


def _current_q(prefix: str, on: date) -> Q:
    """Active services inside their valid dates (prefix points at the service relation)."""
    return (
        Q(**{f"{prefix}status": "active"})
        & (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on}))
        & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on}))
    )


class TaxonomyTermQuerySet(models.QuerySet):
    def with_descendants(self, codes: list[str]) -> "TaxonomyTermQuerySet":
        """The terms with these codes and every term below them (the taxonomy is two levels deep)."""
        return self.filter(Q(code__in=codes) | Q(parent__code__in=codes) | Q(parent__parent__code__in=codes))


class ServiceQuerySet(models.QuerySet):
    def current(self, on: date) -> "ServiceQuerySet":
        """Active and inside the valid dates on `on`."""
        return self.filter(_current_q("", on))


class LocationQuerySet(models.QuerySet):
    def near(self, point: Point, *, distance: D) -> "LocationQuerySet":
        """Locations within `distance` of the point (geodesic, on the geography column)."""
        return self.filter(point__dwithin=(point, distance))

    def in_bbox(self, bbox: Polygon) -> "LocationQuerySet":
        """Viewport filter (bounding-box overlap): for maps only."""
        return self.filter(point__bboverlaps=bbox)

    def pending_geocoding(self) -> "LocationQuerySet":
        return self.filter(geocode_status="pending")


class ServiceAtLocationQuerySet(models.QuerySet):
    def current(self, on: date) -> "ServiceAtLocationQuerySet":
        """Rows whose service is active and inside its valid dates, at a located place."""
        return self.filter(_current_q("service__", on), location__point__isnull=False)
