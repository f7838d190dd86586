"""Count the pre-counted map cells (search.models.MapCell) for a day, from the search index.

The counting rule is one SQL function (search/sql/map_cells_v1.sql): this recount calls it for the whole index,
and the triggers on the search index call it for the rows each edit changes, so the cells stay current through
the day. What depends on the day itself — valid dates and the freshness cut-off — needs this recount once a day:
`refresh_map_cells` from cron just after midnight; until then the map counts live.
"""

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from freshness.policy import freshness_cutoffs
from search.models import DirectoryState

DEFERRED_SETTING = "geo_accmr.map_cells_deferred"  # read by the triggers of search/sql/map_cells_v1.sql


def map_cells_refresh(*, on: date | None = None) -> int:
    """Recount every cell for the day `on` (today); returns the number of cell rows. Seconds per million places."""
    on = on or timezone.localdate()
    since = freshness_cutoffs(today=on).hidden_before
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT version FROM search_directorystate WHERE id = 1 FOR UPDATE")
        row = cursor.fetchone()
        version = row[0] if row else 0
        cursor.execute("TRUNCATE search_mapcell")
        cursor.execute(
            "INSERT INTO search_mapcell (key, zoom, cell_x, cell_y, count, sum_x, sum_y)"
            " SELECT key, zoom, cell_x, cell_y, count, sum_x, sum_y FROM search_map_cells_counted(%s, %s)",
            [on, since],
        )
        rows = cursor.rowcount
        DirectoryState.objects.update_or_create(
            pk=1,
            defaults={
                "map_cells_version": version,
                "version": version,
                "map_cells_on": on,
                "map_cells_visible_since": since,
            },
        )
        cursor.execute("ANALYZE search_mapcell")
    return rows
