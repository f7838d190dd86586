"""Opening hours as people read them."""

from django.utils.translation import gettext_lazy

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
