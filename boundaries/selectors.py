"""Reads of areas and places."""

from django.contrib.gis.geos import Point
from django.db.models import QuerySet

from geo_accmr.gis import SimplifyPreserveTopology

from .models import Area


def area_list(
    *, level: str, parent: str | None = None, cni_member: bool | None = None, simplify: float | None = None
) -> QuerySet[Area]:
    """Areas of one level, optionally inside a parent area or only Cities Network members."""
    areas = Area.objects.of_level(level).select_related("parent").order_by("code")
    if parent:
        areas = areas.filter(parent__code=parent)
    if cni_member is not None:
        areas = areas.filter(cni_member=cni_member)
    if simplify:
        areas = areas.annotate(display_geom=SimplifyPreserveTopology("geom", simplify))
    return areas


def area_at_point(*, point: Point, level: str) -> Area | None:
    """The area of a level that covers the point (the first by code when the point lies on a shared border)."""
    return Area.objects.covering(point).of_level(level).order_by("code").first()
