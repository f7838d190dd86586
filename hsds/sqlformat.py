# ruff: noqa: S608  (SQL built from model metadata and constants only: no outside input reaches it)
"""SQL expressions that format values as the Python writers do: the one home of those fragments.

`export._cell` (a CSV cell) and `serializers.plain` + `json.dumps(..., ensure_ascii=False)` (a JSON value) turn
dates, times, decimals, booleans and floats into text; the export builds its files in PostgreSQL, so each rule is
written here once as SQL and the tests compare the bytes with the Python writers'.

Each `json_*` function takes a SQL expression and returns a SQL expression whose value is the JSON text of it, or
NULL where `serializers.compact` would leave the key out (None, and "" for text). `json_object` joins such members
(NULL members are skipped by concat_ws) in the key order of `json.dumps(..., sort_keys=True)`.
"""

from .serializers import ATTRIBUTE_NAMESPACE

# datetime.isoformat() of the UTC datetimes Django reads (the export's session runs in UTC)
ISO_DATETIME_SQL = (
    "to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    " || CASE WHEN extract(microseconds FROM {c})::int % 1000000 <> 0"
    " THEN to_char({c} AT TIME ZONE 'UTC', '.US') ELSE '' END || '+00:00'"
)
# time.isoformat(): HH:MM:SS, with .ffffff only when there are microseconds
ISO_TIME_SQL = (
    "to_char({c}, 'HH24:MI:SS')"
    " || CASE WHEN extract(microseconds FROM {c})::int % 1000000 <> 0 THEN to_char({c}, '.US') ELSE '' END"
)
ISO_DATE_SQL = "to_char({c}, 'YYYY-MM-DD')"
BOOLEAN_SQL = "CASE WHEN {c} THEN 'true' WHEN NOT {c} THEN 'false' END"
# repr() of a Python float: PostgreSQL's shortest float8 text (extra_float_digits 1, the default), with ".0" added
# to a whole number as Python writes it. Exponents are not expected (coordinates, amounts under 10^8).
FLOAT_SQL = "(SELECT CASE WHEN f ~ '[.eEnN]' THEN f ELSE f || '.0' END FROM (SELECT ({c})::float8::text AS f) x)"
# round(value, 7) of a float, as Python rounds the coordinates it publishes: the shortest decimal of the float
# (Python's repr) rounded to 7 places; it differs from Python only on an exact tie at the 8th place
ROUND7_SQL = "round(({c})::float8::text::numeric, 7)"
# int(text) if text.isdigit() (a phone extension), else NULL: ASCII and Arabic-Indic digits (Python's isdigit()
# knows more scripts; other ones are not expected in a phone extension)
_DIGITS = "translate({c}, '٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹', '01234567890123456789')"
DIGITS_SQL = f"CASE WHEN {_DIGITS} ~ '^[0-9]+$' THEN ({_DIGITS})::numeric::text END"


def text_or_null(column: str) -> str:
    """NULL for NULL and "" (compact's test)."""
    return f"NULLIF({column}, '')"


def json_text(column: str, *, keep: bool = False) -> str:
    """A JSON string of a text column; kept keys write null/"" as compact does."""
    if keep:
        return f"COALESCE(to_json({column})::text, 'null')"
    return f"to_json({text_or_null(column)})::text"


def json_uuid(column: str) -> str:
    return f"('\"' || ({column})::text || '\"')"


def json_int(column: str) -> str:
    return f"({column})::text"


def json_float(column: str) -> str:
    return f"CASE WHEN ({column}) IS NOT NULL THEN {FLOAT_SQL.format(c=column)} END"


def json_bool(column: str) -> str:
    return BOOLEAN_SQL.format(c=column)


def json_date(column: str) -> str:
    return f"('\"' || {ISO_DATE_SQL.format(c=column)} || '\"')"


def json_time(column: str) -> str:
    return f"('\"' || {ISO_TIME_SQL.format(c=column)} || '\"')"


def json_datetime(column: str) -> str:
    return f"('\"' || {ISO_DATETIME_SQL.format(c=column)} || '\"')"


def json_object(members: dict[str, str]) -> str:
    """A JSON object of `key: SQL JSON text` members in sorted key order (json.dumps sort_keys); NULL ones left out.

    concat_ws takes at most 100 arguments: objects are smaller than that.
    """
    parts = [f"'\"{key}\": ' || ({members[key]})" for key in sorted(members)]
    assert len(parts) < 100 and all('"' not in key and "'" not in key for key in members)
    return f"('{{' || concat_ws(', ', {', '.join(parts)}) || '}}')"


def json_list(element: str, source: str, order: str) -> str:
    """A JSON array of `element` (SQL JSON text) over the rows of `source` (FROM … WHERE …), in `order`."""
    return f"('[' || COALESCE((SELECT string_agg({element}, ', ' ORDER BY {order}) FROM {source}), '') || ']')"


def attribute_id_sql(owner: str, term: str) -> str:
    """serializers.attribute_id in SQL: uuid5 of "<owner id>:<term id>" (uuid-ossp, hsds/sql/uuid_ossp_v1.sql)."""
    return f"uuid_generate_v5('{ATTRIBUTE_NAMESPACE}'::uuid, {owner}::text || ':' || {term}::text)"
