"""Composable spatial filters for areas and places (no I/O beyond the query itself)."""

from django.contrib.gis.db import models
from django.contrib.gis.geos import Point


class AreaQuerySet(models.QuerySet):
    """Areas, filtered with exact predicates (answers people rely on never use bounding boxes)."""

    def covering(self, point: Point) -> "AreaQuerySet":
        """Areas whose polygon covers the point (a point on the border belongs to both sides)."""
        return self.filter(geom__covers=point)

    def of_level(self, level: str) -> "AreaQuerySet":
        return self.filter(level=level)


class PlaceQuerySet(models.QuerySet):
    """Gazetteer entries."""

    def matching_key(self, key: str) -> "PlaceQuerySet":
        """Entries any of whose folded names contains the folded query (trigram index)."""
        return self.filter(search_text__contains=key)


# Manager types for the annotations on the models, which keep `QuerySet.as_manager()` at runtime: mypy cannot see the
# manager classes that django-modeltranslation substitutes at runtime (django-stubs' django-manager-missing).
AreaManager = models.Manager.from_queryset(AreaQuerySet)
PlaceManager = models.Manager.from_queryset(PlaceQuerySet)
