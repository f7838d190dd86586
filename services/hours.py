"""Opening hours as people read them."""

from datetime import time

from babel import Locale
from babel.dates import format_skeleton
from django.utils.translation import gettext_lazy

from .languages import babel_locale
from .rules import WEEKDAYS

WEEKDAY_NAMES = {
    "MO": gettext_lazy("Monday"),
    "TU": gettext_lazy("Tuesday"),
    "WE": gettext_lazy("Wednesday"),
    "TH": gettext_lazy("Thursday"),
    "FR": gettext_lazy("Friday"),
    "SA": gettext_lazy("Saturday"),
    "SU": gettext_lazy("Sunday"),
}


def days_label(days: list[str]) -> str:
    """MO,TU,WE,TH,FR → "Monday–Friday"; runs of three or more days become ranges."""
    order = sorted({WEEKDAYS.index(d) for d in days})
    runs: list[list[int]] = []
    for index in order:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts = []
    for run in runs:
        names = [str(WEEKDAY_NAMES[WEEKDAYS[i]]) for i in run]
        parts.append(f"{names[0]}–{names[-1]}" if len(run) >= 3 else ", ".join(names))
    return ", ".join(parts)


def weekday_names_in(language: str) -> dict[str, str]:
    """MO…SU → the day's name in `language` (a CLDR locale: services.languages.babel_locale), from CLDR via Babel."""
    wide = Locale.parse(babel_locale(language)).days["format"]["wide"]
    return {code: wide[index] for index, code in enumerate(WEEKDAYS)}  # CLDR counts from Monday = 0


def time_in(moment: time, language: str) -> str:
    """A time of day as `language` writes a 24-hour time (CLDR skeleton Hm, e.g. 09:30 or 9:30)."""
    return format_skeleton("Hm", moment, locale=babel_locale(language))
