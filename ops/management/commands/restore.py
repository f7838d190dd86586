"""manage.py restore PATH — replace the database with a backup made by `manage.py backup`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backups import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Replace the database with the backup at PATH. It is restored into a new database first; the current one "
        "is dropped (ending its sessions: stop the app first) only when that succeeded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args: Any, path: Path, interactive: bool, **options: Any) -> None:
        if interactive:
            answer = input("This replaces every row in the database with the backup. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled")
        try:
            database_restore(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"database restored from {path}")
