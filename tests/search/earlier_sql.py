"""The earlier code paths' schedule fragments, which the reference functions of test_nearby_answer.py and
test_map_answer.py read verbatim: built from the same pieces as search.selectors.ENTRY_SCHEDULES_SQL, which replaced
them (its s.has_hours, s.periods with first_each, and s.open_now), so that the comparison checks the one lateral
against the correlated sub-queries it replaced. They read services_schedule itself, where the lateral reads the
row's stored copy of the schedules (search_source_v3.sql): the comparison checks that copy too. No code outside the
tests reads them."""

from search.selectors import PERIOD_SQL, SCHEDULE_TODAY_SQL
from services.rules import OPEN_NOW_SQL, SCHEDULE_OWNER_SQL

_ENTRY_OWNS_SQL = SCHEDULE_OWNER_SQL.format(service="e.service_id", sal="e.id")
# some schedule of `e` in services_schedule is open now (search.selectors.ENTRY_OPEN_NOW_SQL tests the row's own copy)
ENTRY_OPEN_NOW_LIVE_SQL = OPEN_NOW_SQL.format(service="e.service_id", sal="e.id")

# whether a search-index row `e` has schedules at all
ENTRY_HAS_HOURS_SQL = f"EXISTS (SELECT 1 FROM services_schedule sc WHERE {_ENTRY_OWNS_SQL})"  # noqa: S608
# today's periods of `e`, each once (by its earliest row), earliest first
ENTRY_HOURS_TODAY_SQL = f"""ARRAY(SELECT h.period FROM (
    SELECT DISTINCT ON (period) {PERIOD_SQL} AS period, sc.opens_at, sc.closes_at FROM services_schedule sc
    WHERE {SCHEDULE_TODAY_SQL.format(service="e.service_id", sal="e.id")}
    ORDER BY period, sc.opens_at, sc.closes_at
) h ORDER BY h.opens_at, h.closes_at)"""  # noqa: S608
