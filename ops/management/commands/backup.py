"""manage.py backup PATH — the whole database as a pg_dump custom-format file."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backups import BackupError, database_backup


class Command(BaseCommand):
    help = "Back up the whole database to PATH (pg_dump custom format; restore with `manage.py restore PATH`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            size = database_backup(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup written: {path} ({size:,} bytes)")
