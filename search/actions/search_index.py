"""The search index (`SearchEntry`): database triggers keep it current; bulk loaders defer it and rebuild once."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

from search.actions.map_cells import DEFERRED_SETTING as MAP_CELLS_DEFERRED
from search.actions.map_cells import map_cells_refresh

DEFERRED_SETTING = "geo_accmr.search_deferred"  # read by the triggers of search/sql/search_triggers_v1.sql


def search_index_refresh(*, service_ids: list[Any] | None = None) -> int:
    """Re-derive the index rows of these services (None: of every service); returns the number of rows now indexed.

    Both run the SQL function `search_refresh` (search/sql/search_refresh_v1.sql). A full rebuild empties the table
    and builds its indexes after the rows are in (much faster than maintaining them row by row); searches wait for
    it to commit.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        if service_ids is None:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_searchentry'"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint"
                "                       WHERE conrelid = 'search_searchentry'::regclass)"
            )
            indexes = cursor.fetchall()
            # TRUNCATE and CREATE INDEX refuse to run while deferred row checks wait: run those checks now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # the map cells' triggers would count every row again: they stand aside and the cells are recounted
            cursor.execute(f"SET LOCAL {MAP_CELLS_DEFERRED} = 'on'")
            cursor.execute("TRUNCATE search_searchentry")
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute("SELECT search_refresh(NULL)")
            for _, definition in indexes:
                cursor.execute(definition)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("ANALYZE search_searchentry")
            cursor.execute(f"SET LOCAL {MAP_CELLS_DEFERRED} = 'off'")
            map_cells_refresh()  # every bulk load leaves the cells counted: no first map request counts in full
        else:
            cursor.execute("SELECT search_refresh(%s::uuid[])", [service_ids])
        cursor.execute("SELECT count(*) FROM search_searchentry")
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
