"""manage.py refresh_reference_data [--dest DIR] [--allow-unpinned] [--timeout SECONDS] [--cache-dir DIR]"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from boundaries import upstream
from boundaries.actions import REFERENCE_FILES

OFFLINE_EXIT_CODE = 3


class Command(BaseCommand):
    help = (
        "Download the reference data from its pinned public sources (SHA-256 checked), convert it and write the "
        "files load_reference_data needs, gzip-compressed, into DIR (default GEO_ACCMR_DATA_DIR, the committed "
        "boundaries/data). Never run by set-up; review the result with git diff before committing it."
    )
    requires_system_checks: list[str] = []  # no database or app checks needed to download files

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dest", type=Path, default=None, help="Defaults to GEO_ACCMR_DATA_DIR.")
        parser.add_argument(
            "--allow-unpinned", action="store_true", help="Also download files that have no SHA-256 pin (unverified)."
        )
        parser.add_argument("--timeout", type=float, default=30.0, help="Per-request timeout in seconds.")
        parser.add_argument(
            "--cache-dir", type=Path, default=None, help=f"Download cache; defaults to {upstream.CACHE_DIRNAME}/ here."
        )

    def handle(
        self,
        *args: Any,
        dest: Path | None,
        allow_unpinned: bool,
        timeout: float,
        cache_dir: Path | None,
        **options: Any,
    ) -> None:
        dest = dest or settings.GEO_ACCMR_DATA_DIR
        try:
            written = upstream.fetch(
                dest,
                manifest=upstream.MANIFEST,
                timeout=timeout,
                allow_unpinned=allow_unpinned,
                cache_dir=cache_dir or settings.BASE_DIR / upstream.CACHE_DIRNAME,
                only=REFERENCE_FILES,
                compress=True,
            )
        except upstream.OfflineError as exc:
            self.stderr.write(str(exc))
            raise SystemExit(OFFLINE_EXIT_CODE) from None
        except upstream.FetchError as exc:
            raise CommandError(str(exc)) from exc
        for item in written:
            unit = "rows" if item.path.name.endswith(".csv.gz") else "features"
            self.stdout.write(f"wrote {item.path} ({item.count} {unit})")
