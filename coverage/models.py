"""Planner dashboard data: sample grids of the areas, the area version, and aggregated unmet need."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from geo_accmr.geo import WGS84


class SamplePoint(models.Model):
    """The centre of one cell of an area's regular grid (squares in EPSG:2100), stored in SRID 4326.

    `point` is geography (the nearest-service search reads its longitude and latitude); `x`/`y` are the cell centre
    in the grid's own EPSG:2100 metres; `cell` is the grid square as a geometry Polygon in 4326, for drawing. Built
    by actions.sample_grid_build; dropped when the area changes.
    """

    area = models.ForeignKey("boundaries.Area", on_delete=models.CASCADE, related_name="+")
    point = models.PointField(srid=WGS84, geography=True)
    cell = models.PolygonField(srid=WGS84)
    spacing_m = models.FloatField()
    x = models.FloatField(help_text="Easting in EPSG:2100 (metres).")
    y = models.FloatField(help_text="Northing in EPSG:2100 (metres).")

    class Meta:
        indexes = [models.Index(fields=["area"], name="samplepoint_area")]


class AreaPiece(models.Model):
    """A piece of an area's boundary (ST_Subdivide, at most 128 vertices; SRID 4326 geometry), for fast exact tests.

    The pieces together are exactly the area, so `covers(area, p)` holds when any piece covers p. `box` is the
    piece's bounding box, widened by 1e-6° and kept as geography, so the services' geography index answers
    "which points may lie in this piece".
    """

    area = models.ForeignKey("boundaries.Area", on_delete=models.CASCADE, related_name="+")
    piece = models.GeometryField(srid=WGS84)
    box = models.GeometryField(srid=WGS84, geography=True, spatial_index=False)

    class Meta:
        indexes = [models.Index(fields=["area"], name="areapiece_area")]


class AreaState(models.Model):
    """One row: bumped whenever an area (boundary or population) changes, so cached coverage is recomputed."""

    version = models.PositiveBigIntegerField(default=0)


class UnmetNeedReason(models.TextChoices):
    NO_RESULTS = "no_results", _("The search found nothing")
    NOT_SUITABLE = "not_suitable", _("Marked “no suitable service”")


class UnmetNeed(models.Model):
    """An aggregated count of searches that found no fitting service, per week, area and need.

    Deliberately coarse: never the point or address searched, never the time of day, nothing about the client —
    only the week, the areas that covered the search point and the category, language and audience asked for
    ("" when none was chosen).
    """

    week = models.DateField(_("week starting"))
    municipality = models.ForeignKey(
        "boundaries.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    community = models.ForeignKey("boundaries.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(
        "boundaries.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(_("category"), max_length=80, blank=True)
    language = models.CharField(_("language"), max_length=3, blank=True)
    audience = models.CharField(_("audience"), max_length=80, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=UnmetNeedReason.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("unmet need")
        verbose_name_plural = _("unmet need")
        constraints = [
            models.UniqueConstraint(
                fields=["week", "municipality", "community", "neighbourhood", "category", "language", "audience",
                        "reason"],
                name="unmet_need_one_row_per_bucket",
                nulls_distinct=False,
            )
        ]  # fmt: skip
