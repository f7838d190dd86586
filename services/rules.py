"""The rules that decide what users see, each written once for raw SQL: named fragments formatted per table alias.

Their ORM twins are the QuerySet methods of services/querysets.py (`Service.objects.current()`, `.visible()`,
`.open_at()`, `Schedule.objects.open_at()`); tests/services/test_rules.py checks that both sides agree.

- **current**: active and inside its valid dates on the day `%(on)s`.
- **verified on**: the assured date, else the day the service was created (in Athens); freshness/policy.py decides
  how old is too old.
- **visible** (what search, the map, the exports, coverage and the organisation directory show): current and verified
  on or after `%(visible_since)s`, the policy's hidden-before day.
- **open now**: one time-zone rule for every schedule: Europe/Athens. Our schedules are always in Athens time (the
  HSDS importer converts offsets to it; the `timezone` field says so), so the weekday and clock are Athens' on both
  sides: here in SQL and in `Schedule.is_open_at`.
- **address line**: street, postcode, city of a location's first address.

The search index (search/sql/search_source_v1.sql) stores `verified_on` and the address line it computed with the same
expressions; tests/services/test_rules.py compares them row by row.
"""

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from freshness.policy import freshness_cutoffs
from geo_accmr.geo import ATHENS, LEVEL_COLUMN

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


# ----------------------------------------------------------------------------------------------- days and moments
def athens_time(moment: datetime) -> datetime:
    """An aware moment as Athens wall-clock time."""
    return timezone.localtime(moment, timezone=ATHENS)


def service_day(moment: datetime | None = None) -> date:
    """The day in Athens at `moment` (now by default): the day valid dates and freshness are judged on."""
    return athens_time(moment or timezone.now()).date()


# ----------------------------------------------------------------------------------------------- current, visible
ACTIVE_SQL = "{s}.status = 'active'"
VALID_ON_SQL = (
    "({s}.valid_from IS NULL OR {s}.valid_from <= %(on)s) AND ({s}.valid_to IS NULL OR {s}.valid_to >= %(on)s)"
)
VERIFIED_ON_SQL = "COALESCE({s}.assured_date, ({s}.created_at AT TIME ZONE 'Europe/Athens')::date)"
FRESH_SQL = "{verified_on} >= %(visible_since)s"


def current_sql(s: str = "s") -> str:
    """Service `s` is active and inside its valid dates on `%(on)s`."""
    return f"{ACTIVE_SQL.format(s=s)} AND {VALID_ON_SQL.format(s=s)}"


def verified_on_sql(s: str = "s") -> str:
    """The day service `s` was last confirmed."""
    return VERIFIED_ON_SQL.format(s=s)


def visible_sql(s: str = "s") -> str:
    """Service `s` is shown by search: current on `%(on)s` and confirmed since `%(visible_since)s`."""
    return f"{current_sql(s)} AND {FRESH_SQL.format(verified_on=verified_on_sql(s))}"


def entry_visible_sql(e: str = "e") -> str:
    """A search-index row `e` is shown: the index holds active services only and stores their `verified_on`."""
    return f"{VALID_ON_SQL.format(s=e)} AND {FRESH_SQL.format(verified_on=f'{e}.verified_on')}"


def visible_params(on: date) -> dict[str, Any]:
    """The parameters of current_sql / visible_sql / entry_visible_sql for the day `on`."""
    return {"on": on, "visible_since": freshness_cutoffs(today=on).hidden_before}


# ----------------------------------------------------------------------------------------------- open now
# The schedules that apply to a service at location `{sal}` of the service `{service}` (the aliases to format in):
# its own, or its service's; each as `sc`.
SCHEDULE_OWNER_SQL = "(sc.service_id = {service} OR sc.service_at_location_id = {sal})"
# Schedule `sc` is valid on %(today)s (Athens; open_now_params).
SCHEDULE_VALID_SQL = (
    "(sc.valid_from IS NULL OR sc.valid_from <= %(today)s) AND (sc.valid_to IS NULL OR sc.valid_to >= %(today)s)"
)
# Schedule `sc` is open at %(clock)s on %(dow)s (Athens): valid today, and a period of today's, or one of yesterday's
# (%(prev_dow)s) that runs past midnight (its closing time is before its opening time), holds the clock. Written once
# for the EXISTS of OPEN_NOW_SQL and for readers that test the schedules they already read (search.selectors);
# period_open is its Python twin.
SCHEDULE_OPEN_SQL = f"""
    {SCHEDULE_VALID_SQL}
    AND (
      (position(%(dow)s in sc.byday) > 0 AND sc.opens_at <= %(clock)s
       AND (sc.closes_at > %(clock)s OR sc.closes_at < sc.opens_at))
      OR (position(%(prev_dow)s in sc.byday) > 0 AND sc.closes_at < sc.opens_at AND %(clock)s < sc.closes_at)
    )
"""
# An applicable schedule is open now.
OPEN_NOW_SQL = f"EXISTS (SELECT 1 FROM services_schedule sc WHERE {SCHEDULE_OWNER_SQL} AND {SCHEDULE_OPEN_SQL})"  # noqa: S608


def open_now_sql(*, service: str, sal: str) -> str:
    """Some schedule of the service `service` or of the service at location `sal` is open at the moment's clock."""
    return OPEN_NOW_SQL.format(service=service, sal=sal)


def open_now_params(moment: datetime) -> dict[str, Any]:
    """Athens weekday codes, time of day and date of `moment`, for the open-now test (SQL and Python alike)."""
    local = athens_time(moment)
    return {
        "dow": WEEKDAYS[local.weekday()],
        "prev_dow": WEEKDAYS[(local.weekday() - 1) % 7],
        "clock": time(local.hour, local.minute, local.second),
        "today": local.date(),
    }


def period_open(*, days: list[str], opens_at: time, closes_at: time, params: dict[str, Any]) -> bool:
    """The open-now test of SCHEDULE_OPEN_SQL for one weekly period, in Python (valid dates aside)."""
    clock, overnight = params["clock"], closes_at < opens_at
    return (params["dow"] in days and opens_at <= clock and (clock < closes_at or overnight)) or (
        params["prev_dow"] in days and overnight and clock < closes_at
    )


# ----------------------------------------------------------------------------------------------- areas, addresses
def in_area_sql(location: str = "l", area: str = "%(area_id)s") -> str:
    """Location (or search-index row) `location` lies in the area `area` of any level."""
    return f"{area} IN ({', '.join(f'{location}.{column}' for column in LEVEL_COLUMN.values())})"


ADDRESS_LINE_SQL = "concat_ws(', ', NULLIF({a}.address_1, ''), NULLIF({a}.postal_code, ''), NULLIF({a}.city, ''))"


def address_line_sql(address: str = "a") -> str:
    """The address line of the address `address`: street, postcode, city (the empty ones left out)."""
    return ADDRESS_LINE_SQL.format(a=address)


def location_address_line_sql(location: str = "l") -> str:
    """The address line of location `location`'s first address (by creation), or NULL."""
    first = f"FROM services_address a WHERE a.location_id = {location}.id ORDER BY a.created_at LIMIT 1"
    return f"(SELECT {address_line_sql('a')} {first})"
