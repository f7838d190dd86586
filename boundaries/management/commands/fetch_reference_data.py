"""manage.py fetch_reference_data [--dest DIR] [--allow-unpinned] [--timeout SECONDS]"""

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boundaries import upstream

OFFLINE_EXIT_CODE = 3


def default_dest() -> Path:
    """settings.GEO_ACCMR_DATA_DIR when Django is configured with it, else $GEO_ACCMR_DATA_DIR, else ./data."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        configured = getattr(settings, "GEO_ACCMR_DATA_DIR", None)
    except ImproperlyConfigured:
        configured = None
    return Path(configured or os.environ.get(upstream.DATA_DIR_ENV) or "data")


class Command(BaseCommand):
    help = "Download the reference data from its pinned public sources (SHA-256 checked) and convert it into DIR."
    requires_system_checks: list[str] = []  # no database or app checks needed to download files

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dest", type=Path, default=None, help="Defaults to GEO_ACCMR_DATA_DIR, else ./data.")
        parser.add_argument(
            "--allow-unpinned", action="store_true", help="Also download files that have no SHA-256 pin (unverified)."
        )
        parser.add_argument("--timeout", type=float, default=30.0, help="Per-request timeout in seconds.")

    def handle(self, *args: Any, dest: Path | None, allow_unpinned: bool, timeout: float, **options: Any) -> None:
        dest = dest or default_dest()
        try:
            written = upstream.fetch(dest, timeout=timeout, allow_unpinned=allow_unpinned)
        except upstream.OfflineError as exc:
            self.stderr.write(str(exc))
            raise SystemExit(OFFLINE_EXIT_CODE) from None
        except upstream.FetchError as exc:
            raise CommandError(str(exc)) from exc
        for item in written:
            unit = "rows" if item.path.suffix == ".csv" else "features"
            self.stdout.write(f"wrote {item.path} ({item.count} {unit})")
