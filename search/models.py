"""The search index and the map's pre-counted cells: derived data, written only by the SQL of search/sql/.

Tables and SQL objects are named `search_*`; the database objects (view, functions, triggers) are created by the
migrations from the versioned files of search/sql/ (README: "Changing the search index").
"""

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.db.models import Q
from django.utils import timezone

from geo_accmr.geo import WGS84
from services.models import Location, Service, ServiceAtLocation


# ----------------------------------------------------------------------------------------------- map aggregates
class MapCell(models.Model):
    """Pre-counted service locations per Web Mercator grid cell (EPSG:3857) of a few zooms, per single-filter key.

    Map views add up these cells, so a country-wide viewport never scans a million rows. `key` is "" for
    all current services, "category:<code>" (ancestors included), "language:<code>", "audience:<code>",
    "eligibility:<code>" or "free". Counted for one day by actions.map_cells.map_cells_refresh (nightly), and kept
    current through the day by triggers on the search index (search/sql/map_cells_v1.sql).
    """

    key = models.CharField(max_length=100)
    zoom = models.PositiveSmallIntegerField()
    cell_x = models.IntegerField()
    cell_y = models.IntegerField()
    count = models.IntegerField()  # kept by triggers (search/sql/map_cells_v1.sql); rows reaching 0 are deleted
    sum_x = models.FloatField()
    sum_y = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "zoom", "cell_x", "cell_y"], name="mapcell_key_zoom_xy")]


class DirectoryState(models.Model):
    """One row: bumped on every change to the directory, so caches and map aggregates know they are stale."""

    version = models.PositiveBigIntegerField(default=0)
    map_cells_version = models.PositiveBigIntegerField(default=0, help_text="The version the map cells were built at.")
    map_cells_on = models.DateField(null=True, help_text="The day the map cells were counted for (valid dates).")
    map_cells_visible_since = models.DateField(
        null=True, help_text="The freshness cut-off the map cells were counted with."
    )
    changed_at = models.DateTimeField(default=timezone.now)


# ----------------------------------------------------------------------------------------------- search index
class ScheduleRowsField(models.Field):
    """The schedules of a search-index row: an array of the SQL type `search_schedule` (byday, opens_at, closes_at,
    valid_from, valid_to; search/sql/search_schedule_v1.sql), written only by the SQL of search/sql/ and read only
    in SQL (`unnest(e.schedules) AS sc` gives the columns services.rules' schedule conditions test); Python sees the
    array's text."""

    description = "search_schedule[]"

    def db_type(self, connection):  # noqa: ANN001, ANN201 - Django's signature
        return "search_schedule[]"


class SearchEntry(models.Model):
    """One searchable service-at-location: derived data for `/api/nearby/`, kept by database triggers.

    `point` is the location's geography(Point, 4326) (a shelter's public stand-in), so `<->` is KNN in metres on
    the GiST index. Only active services at located places have an entry; valid dates are tested at query time
    (they depend on the day). The filters live on the row as arrays, and `properties_el`/`properties_en` hold the
    finished JSON of what a result shows, so the nearest-first query reads one table and returns text it does not
    have to re-encode. Derived by the view `search_source` and written only by the SQL function `search_refresh`
    (search/sql/), which triggers on the source tables call for the services a statement touched; never edit rows
    by hand.
    """

    service_at_location = models.OneToOneField(
        ServiceAtLocation, primary_key=True, on_delete=models.DO_NOTHING, related_name="+", db_column="id"
    )
    service = models.ForeignKey(Service, on_delete=models.DO_NOTHING, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.DO_NOTHING, related_name="+")
    point = models.PointField(srid=WGS84, geography=True)
    redacted = models.BooleanField()
    valid_from = models.DateField(null=True)
    valid_to = models.DateField(null=True)
    free_of_charge = models.BooleanField()
    category_ids = ArrayField(models.UUIDField())
    audience_ids = ArrayField(models.UUIDField())
    eligibility_ids = ArrayField(models.UUIDField())
    languages = ArrayField(models.CharField(max_length=3))
    municipality_id = models.BigIntegerField(null=True)
    community_id = models.BigIntegerField(null=True)
    neighbourhood_id = models.BigIntegerField(null=True)
    search_text = models.TextField()
    properties_el = models.TextField()
    properties_en = models.TextField()
    # freshness/policy.py: the day the service was last confirmed (its assured date, else its creation day);
    # searches leave out entries confirmed before the policy's hidden-before day.
    verified_on = models.DateField(null=True)
    # Every filter value of the row as a 32-bit token (SQL search_filter_token: categories, audiences and
    # eligibility by term id, languages, "free"), indexed together with the point: a filtered viewport or
    # nearest-first search skips non-matching rows inside the spatial index instead of reading them.
    tags = ArrayField(models.IntegerField(), default=list)
    # What a map point shows ahead of its committee and hours (search_source_v2.sql): `"service_id":"…","name":…,
    # "organization":…` as JSON members, per language, and the category codes as JSON text.
    map_head_el = models.TextField()
    map_head_en = models.TextField()
    category_codes = models.TextField()
    # The schedules that apply to the row (search_source_v3.sql): hours and open now are read from the row.
    schedules = ScheduleRowsField()

    class Meta:
        indexes = [
            GistIndex(
                fields=["point", "tags"],
                opclasses=["gist_geography_ops", "gist__int_ops"],
                name="searchentry_point_tags",
            ),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="searchentry_search_trgm"),
            # the day's roll-over of the map cells finds the rows whose visibility changes between two days by
            # these (search_map_cells_roll, search/sql/map_cells_v2.sql): a few hundred, not a scan of the table
            models.Index(fields=["verified_on"], name="searchentry_verified_on"),
            models.Index(fields=["valid_from"], name="searchentry_valid_from", condition=Q(valid_from__isnull=False)),
            models.Index(fields=["valid_to"], name="searchentry_valid_to", condition=Q(valid_to__isnull=False)),
        ]
