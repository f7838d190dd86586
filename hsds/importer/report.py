"""What an HSDS import tells: its issues (row, id, field, problem) and its counts."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ImportIssue:
    """One problem in the file: the row (1-based; 0 for the whole file), the HSDS id, the field path and what."""

    row: int
    hsds_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = [_("row %(row)s") % {"row": self.row} if self.row else _("file")]
        if self.hsds_id:
            where.append(f"id {self.hsds_id}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}"


@dataclass
class ImportReport:
    """What an HSDS import did (or, on a dry run, would do); with any `errors` nothing was written."""

    path: Path
    dry_run: bool = False
    language: str = "el"
    rows: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    geocoded: list[str] = field(default_factory=list)  # location ids
    geocode_pending: list[str] = field(default_factory=list)  # queued for `geocode_pending` (or, dry run: to do)
    geocode_failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors
