"""Change tracking for the directory: one version number that caches and map aggregates compare against."""

from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Generic, TypeVar

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class StampCache(Generic[K, V]):
    """Per worker process: what depends only on the directory, under keys that hold the directory stamp, read once
    per key; emptied when it holds `size` keys (older stamps are never asked again)."""

    def __init__(self, size: int = 16) -> None:
        self._values: dict[K, V] = {}
        self._size = size

    def get(self, key: K, read: Callable[[], V]) -> V:
        value = self._values.get(key)
        if value is None:
            if len(self._values) >= self._size:
                self._values.clear()
            value = self._values[key] = read()
        return value

    def clear(self) -> None:
        self._values.clear()


def directory_changed() -> None:
    """Record that services, locations or their attributes changed (one statement, safe under concurrency)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_directorystate (id, version, map_cells_version, changed_at) VALUES (1, 1, 0, now())"
            " ON CONFLICT (id) DO UPDATE SET version = search_directorystate.version + 1, changed_at = now()"
        )


def stamp_of(version: int, changed_at: datetime) -> str:
    """The directory stamp of a read of DirectoryState's (version, changed_at) (directory_stamp's text)."""
    return f"{version}@{changed_at.isoformat()}"


# The directory stamp read inside a statement, as text (version@changed_at in PostgreSQL's spelling; a key of its
# own, not stamp_of's): a statement that also reads the directory sees the stamp of the same snapshot.
DIRECTORY_STAMP_SQL = "(SELECT d.version || '@' || d.changed_at FROM search_directorystate d WHERE d.id = 1)"


def directory_state(*, using: BaseDatabaseWrapper = connection) -> tuple[int, datetime] | None:
    """The directory's (version, changed_at), None before its first change: one indexed read, on `using` (the
    request's read connection, geo_accmr.db_router.read_connection, where the answer is read from there)."""
    with using.cursor() as cursor:
        cursor.execute("SELECT version, changed_at FROM search_directorystate WHERE id = 1")
        return cursor.fetchone()


def directory_stamp() -> str:
    """The directory's version and the moment it changed, as one string: the key of caches of what the directory
    shows (the number alone can come back after a rolled-back transaction). One indexed read."""
    state = directory_state()
    return stamp_of(*state) if state else "0"
