"""The search index (`SearchEntry`): database triggers keep it current; bulk loaders defer it and rebuild once."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

DEFERRED_SETTING = "geo_accmr.search_deferred"  # read by the triggers of migration services/0005


def search_index_refresh(*, service_ids: list[Any] | None = None) -> int:
    """Re-derive the index rows of these services (None: of every service); returns the number of rows now indexed."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT services_search_refresh(%s::uuid[])", [service_ids])
        if service_ids is None:
            cursor.execute("ANALYZE services_searchentry")
        cursor.execute("SELECT count(*) FROM services_searchentry")
        return cursor.fetchone()[0]


@contextmanager
def search_index_deferred() -> Iterator[None]:
    """A transaction in which the triggers leave the index alone; it is rebuilt once, in full, at the end.

    For bulk loads: per-statement refreshes of a COPY that later statements extend would each redo the work.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL {DEFERRED_SETTING} = 'on'")
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL {DEFERRED_SETTING} = 'off'")
        search_index_refresh()
