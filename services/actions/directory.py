"""Change tracking for the directory: one version number that caches and map aggregates compare against."""

from datetime import date

from django.db import connection

from services.freshness import freshness_cutoffs
from services.models import DirectoryState


def map_cells_fresh(*, on: date) -> bool:
    """Whether the pre-counted map cells describe the directory on the day `on` (triggers keep them current through
    the day; the day's valid dates and freshness cut-off need the nightly recount)."""
    state = DirectoryState.objects.filter(pk=1).values_list("map_cells_on", "map_cells_visible_since").first()
    return state is not None and state == (on, freshness_cutoffs(today=on).hidden_before)


def directory_changed() -> None:
    """Record that services, locations or their attributes changed (one statement, safe under concurrency)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO services_directorystate (id, version, map_cells_version, changed_at) VALUES (1, 1, 0, now())"
            " ON CONFLICT (id) DO UPDATE SET version = services_directorystate.version + 1, changed_at = now()"
        )
