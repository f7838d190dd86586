"""Change tracking for the directory: one version number that caches and map aggregates compare against."""

from django.db import connection


def directory_changed() -> None:
    """Record that services, locations or their attributes changed (one statement, safe under concurrency)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_directorystate (id, version, map_cells_version, changed_at) VALUES (1, 1, 0, now())"
            " ON CONFLICT (id) DO UPDATE SET version = search_directorystate.version + 1, changed_at = now()"
        )
