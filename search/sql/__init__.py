"""SQL that the database keeps (views, functions), in versioned files: a change is a new file plus a migration."""

from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent


def sql_file(name: str) -> str:
    """The text of one versioned SQL file of this folder, for a migration's RunSQL or for code that runs it."""
    return (SQL_DIR / name).read_text(encoding="utf-8")
