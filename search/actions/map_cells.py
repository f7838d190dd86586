"""Count the pre-counted map cells (search.models.MapCell) for a day, from the search index.

The counting rule is one SQL function (search/sql/map_cells_v1.sql): a recount calls it for the whole index, and
the triggers on the search index call it for the rows each edit changes, so the cells stay current through the
day. What depends on the day itself — valid dates and the freshness cut-off — is rolled over by the first map
request of a new day (`map_cells_current`, SQL search_map_cells_current of search/sql/map_cells_v2.sql): only the
rows whose visibility changes between the two days are counted again. No cron is needed; a full rebuild of the
search index (seed_demo, the benchmark, refresh_search_index) recounts the cells itself.
"""

from datetime import date

from django.db import connection, transaction

from freshness.policy import freshness_cutoffs
from services.rules import service_day

DEFERRED_SETTING = "geo_accmr.map_cells_deferred"  # read by the triggers of search/sql/map_cells_v1.sql


def map_cells_refresh(*, on: date | None = None) -> int:
    """Recount every cell for the day `on` (today); returns the number of cell rows. Seconds per million places."""
    on = on or service_day()
    since = freshness_cutoffs(today=on).hidden_before
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT search_map_cells_recount(%s, %s)", [on, since])
        return cursor.fetchone()[0]


def map_cells_current(*, on: date | None = None) -> bool:
    """Whether the cells answer the day `on` (today), rolling them over to it first when they were counted for
    another day (or counting them when they never were). False when another request or an edit in flight holds
    them, or on a read-only standby: the map then counts live this once. One statement."""
    on = on or service_day()
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_map_cells_current(%s, %s)", [on, freshness_cutoffs(today=on).hidden_before])
        return cursor.fetchone()[0]
