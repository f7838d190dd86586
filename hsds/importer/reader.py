"""Reading the fields of one HSDS object into model values, each problem recorded against its path."""

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from .records import join_path
from .rules import KNOWN_KEYS, QUIET_KEYS, UUID_RE

if TYPE_CHECKING:
    from .plan import Plan


class Reader:
    """Reads the fields of one HSDS object into model values, recording problems against its path."""

    def __init__(self, plan: "Plan", data: dict[str, Any], path: str, table: str) -> None:
        self.plan = plan
        self.data = data
        self.path = path
        self.table = table
        self.raw_id = str(data.get("id") or "")
        self.values: dict[str, Any] = {}
        self.failed = False
        suffixes = tuple(f"_{code}" for code, _name in settings.LANGUAGES)
        unknown = {
            key
            for key in set(data) - KNOWN_KEYS[table] - QUIET_KEYS
            if not (key.endswith(suffixes) and key[:-3] in KNOWN_KEYS[table])  # name_en: a translation
        }
        plan.not_stored.update(f"{table}.{key}" for key in unknown)

    def error(self, key: str, message: str) -> None:
        self.failed = True
        self.plan.error(field=join_path(self.path, key), hsds_id=self.raw_id, message=message)

    def present(self, key: str) -> bool:
        return key in self.data

    def uuid(self, key: str = "id", *, required: bool = True) -> uuid.UUID | None:
        raw = self.data.get(key)
        if raw in (None, ""):
            if required:
                self.error(key, _("an id (a UUID) is required"))
            return None
        if not isinstance(raw, str) or not UUID_RE.match(raw.strip()):
            self.error(key, _("%(value)r is not a valid UUID") % {"value": raw})
            return None
        return uuid.UUID(raw.strip())

    def text(self, key: str, *, translated: bool = False, attname: str | None = None) -> None:
        if key not in self.data:
            return
        raw = self.data[key]
        if isinstance(raw, bool) or isinstance(raw, dict | list):
            self.error(key, _("must be text"))
            return
        value = "" if raw is None else str(raw).strip()
        name = attname or key
        self.values[f"{name}_{self.plan.language}" if translated else name] = value
        if not translated:
            return
        for code, _name in settings.LANGUAGES:  # profile: `name_en` beside `name` holds the English text
            other = self.data.get(f"{key}_{code}")
            if code != self.plan.language and isinstance(other, str | type(None)) and f"{key}_{code}" in self.data:
                self.values[f"{name}_{code}"] = (other or "").strip()

    def required_name(self, key: str = "name") -> None:
        raw = self.data.get(key)
        if not isinstance(raw, str) or not raw.strip():
            self.error(key, _("a name is required"))

    def choice(self, key: str, choices: list[str], *, upper: bool = False, lower: bool = False) -> None:
        if key not in self.data or self.data[key] in (None, ""):
            return
        value = str(self.data[key]).strip()
        value = value.upper() if upper else value.lower() if lower else value
        if value not in choices:
            self.error(key, _("%(value)r is not one of: %(choices)s") % {"value": value, "choices": ", ".join(choices)})
            return
        self.values[key] = value

    def date(self, key: str) -> None:
        if key not in self.data:
            return
        raw = self.data[key]
        if raw in (None, ""):
            self.values[key] = None
            return
        try:
            self.values[key] = date.fromisoformat(str(raw).strip()[:10])
        except ValueError:
            self.error(key, _("%(value)r is not a date (YYYY-MM-DD)") % {"value": raw})

    def _number(self, key: str) -> tuple[bool, Any, Decimal | None]:
        """(present and not blank, the raw value, its Decimal or None when it is not a finite number)."""
        if key not in self.data:
            return False, None, None
        raw = self.data[key]
        if raw in (None, ""):
            self.values[key] = None
            return False, raw, None
        try:
            number = Decimal(str(raw)) if not isinstance(raw, bool) else None
        except InvalidOperation:
            number = None
        return True, raw, number if number is not None and number.is_finite() else None

    def integer(self, key: str, *, minimum: int = 0) -> None:
        present, raw, number = self._number(key)
        if not present:
            return
        if number is None or number != number.to_integral_value() or number < minimum:
            self.error(key, _("%(value)r is not a whole number of at least %(min)s") % {"value": raw, "min": minimum})
            return
        self.values[key] = int(number)

    def decimal(self, key: str) -> None:
        present, raw, number = self._number(key)
        if not present:
            return
        if number is None or number < 0:
            self.error(key, _("%(value)r is not an amount of at least 0") % {"value": raw})
            return
        self.values[key] = number

    def boolean(self, key: str) -> None:
        if key not in self.data or self.data[key] is None:
            return
        if not isinstance(self.data[key], bool):
            self.error(key, _("must be true or false"))
            return
        self.values[key] = self.data[key]

    def objects(self, key: str) -> list[tuple[int, dict[str, Any]]] | None:
        """The objects of a list-valued key (None when absent: the stored list is left alone)."""
        if key not in self.data:
            return None
        raw = self.data[key]
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.error(key, _("must be a list"))
            return None
        result = []
        for index, child in enumerate(raw):
            if isinstance(child, dict):
                result.append((index, child))
            else:
                self.error(f"{key}[{index}]", _("must be an object"))
        return result
