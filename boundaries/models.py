"""Administrative areas (municipality, municipal community, neighbourhood) and the gazetteer of named places."""

from typing import ClassVar

from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.utils.translation import gettext_lazy as _

from geo_accmr.geo import WGS84

from .querysets import AreaManager, AreaQuerySet, PlaceManager, PlaceQuerySet


class AreaLevel(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COMMUNITY = "community", _("Municipal community")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")


class Area(models.Model):
    """An administrative area; MultiPolygon geometry in SRID 4326 (geometry, not geography: exact covers tests)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent area"), null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=200, blank=True)
    cni_member = models.BooleanField(_("Cities Network for Integration member"), default=False)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    geom = models.MultiPolygonField(_("boundary"), srid=WGS84)
    source = models.CharField(_("source"), max_length=200, blank=True)
    properties = models.JSONField(_("source attributes"), default=dict, blank=True)

    # Added at runtime by django-modeltranslation (translation.py; nullable): declared here for mypy only.
    name_el: str | None
    name_en: str | None
    # modeltranslation replaces the managers' classes at runtime; mypy cannot resolve them (nor the reverse managers):
    # mypy is given the class that as_manager() builds.
    objects: ClassVar[AreaManager["Area"]] = AreaQuerySet.as_manager()
    _default_manager: ClassVar[AreaManager["Area"]]

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(population__gte=0), name="area_population_non_negative"),
            models.CheckConstraint(
                condition=~models.Q(level="municipality") | models.Q(parent__isnull=True),
                name="area_municipality_has_no_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_level_display()})"


class PlaceKind(models.TextChoices):
    AREA = "area", _("Area")
    LANDMARK = "landmark", _("Landmark")


class Place(models.Model):
    """A gazetteer entry: a name (Greek and English) with a point in SRID 4326, searched through folded keys."""

    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=300)
    area = models.OneToOneField(Area, null=True, blank=True, on_delete=models.CASCADE, related_name="place")
    point = models.PointField(_("point"), srid=WGS84)
    search_text = models.TextField(
        _("search keys"), help_text=_("Folded names (Latin, no accents, Greeklish variants merged), one per line.")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=50, help_text=_("Lower ranks are listed first."))
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_id = models.CharField(_("source id"), max_length=100, blank=True)

    # Added at runtime by django-modeltranslation (translation.py; nullable): declared here for mypy only.
    name_el: str | None
    name_en: str | None
    # modeltranslation replaces the managers' classes at runtime; mypy cannot resolve them (nor the reverse managers):
    # mypy is given the class that as_manager() builds.
    objects: ClassVar[PlaceManager["Place"]] = PlaceQuerySet.as_manager()
    _default_manager: ClassVar[PlaceManager["Place"]]

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="place_search_trgm")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~models.Q(source_id=""), name="place_unique_source_id"
            )
        ]

    def __str__(self) -> str:
        return self.name


class GeocodeCacheEntry(models.Model):
    """A geocoding provider's answer kept in the database, so each query is asked of the provider once."""

    provider = models.CharField(max_length=40)
    query_key = models.CharField(max_length=500)
    results = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("geocoder cache entry")
        verbose_name_plural = _("geocoder cache")
        constraints = [models.UniqueConstraint(fields=["provider", "query_key"], name="geocode_cache_unique")]

    def __str__(self) -> str:
        return f"{self.provider}: {self.query_key}"


class GeocoderThrottle(models.Model):
    """When a geocoding provider may next be asked: one row per provider host, shared by every worker and process.

    Each request reserves the next free slot in one statement (`boundaries.geocoding.provider_turn_wait`), so
    requests leave at least MIN_DELAY_SECONDS apart whichever process sends them.
    """

    provider = models.CharField(max_length=200, primary_key=True)
    next_at = models.DateTimeField()

    class Meta:
        verbose_name = _("geocoder throttle")
        verbose_name_plural = _("geocoder throttles")

    def __str__(self) -> str:
        return f"{self.provider}: {self.next_at}"


class ReferenceDataLoad(models.Model):
    """What `load_reference_data` last loaded, so a second run with unchanged files is a no-op."""

    file_name = models.CharField(max_length=200, unique=True)
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)
    rows = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.file_name
