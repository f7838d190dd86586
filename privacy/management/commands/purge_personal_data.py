"""`manage.py purge_personal_data`: apply the retention rules once (daily; `make run` schedules it itself)."""

from typing import Any

from django.core.management.base import BaseCommand

from privacy.actions import personal_data_purge


class Command(BaseCommand):
    help = "Delete or anonymise personal data past its retention period (privacy/policy.py); logs counts only."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = personal_data_purge()
        self.stdout.write(f"purged: {counts.total} rows changed")
