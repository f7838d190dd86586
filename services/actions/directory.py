"""Change tracking for the directory: one version number that caches and map aggregates compare against."""

from datetime import date

from django.db import connection

from services.models import DirectoryState


def map_cells_fresh(*, on: date) -> bool:
    """Whether the pre-counted map cells describe the directory as it is now, for the day `on`."""
    state = DirectoryState.objects.filter(pk=1).values_list("version", "map_cells_version", "map_cells_on").first()
    return state is not None and state[0] == state[1] and state[2] == on


def directory_changed() -> None:
    """Record that services, locations or their attributes changed (one statement, safe under concurrency)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO services_directorystate (id, version, map_cells_version, changed_at) VALUES (1, 1, 0, now())"
            " ON CONFLICT (id) DO UPDATE SET version = services_directorystate.version + 1, changed_at = now()"
        )
