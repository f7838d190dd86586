"""Versioned SQL files: the database's views and functions live in `<app>/sql/<name>_vN.sql`; a change is a new file
plus a migration that loads it. Each app's `sql` package names its folder and gets its reader from here."""

from collections.abc import Callable
from pathlib import Path


def sql_reader(folder: Path) -> Callable[[str], str]:
    """A reader of one folder's SQL files, for a migration's RunSQL or for code that runs them."""

    def sql_file(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    return sql_file
