"""manage.py load_reference_data [--data-dir DIR] [--check] [--force]"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from boundaries.actions import ReferenceDataError, reference_data_load, reference_files_missing


class Command(BaseCommand):
    help = "Load areas, population, the Cities Network, the gazetteer and the taxonomy from GEO_ACCMR_DATA_DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=None, help="Defaults to GEO_ACCMR_DATA_DIR.")
        parser.add_argument("--check", action="store_true", help="Only check that every file is present.")
        parser.add_argument("--force", action="store_true", help="Reload even when the files are unchanged.")

    def handle(self, *args: Any, data_dir: Path | None, check: bool, force: bool, **options: Any) -> None:
        data_dir = data_dir or settings.GEO_ACCMR_DATA_DIR
        if check:
            missing = reference_files_missing(data_dir=data_dir)
            if missing:
                raise CommandError(f"reference data missing in {data_dir}: {', '.join(missing)}")
            self.stdout.write(f"reference data complete in {data_dir}")
            return
        try:
            report = reference_data_load(data_dir=data_dir, force=force)
        except ReferenceDataError as exc:
            raise CommandError(f"{exc} (set GEO_ACCMR_DATA_DIR to a folder with the reference files)") from exc
        state = "unchanged, nothing to do" if report.skipped else "loaded"
        self.stdout.write(
            f"reference data {state}: {report.municipalities} municipalities ({report.cni_members} Cities Network "
            f"members), {report.communities} communities, {report.neighbourhoods} neighbourhoods, "
            f"{report.places} gazetteer places"
        )
