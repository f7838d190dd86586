"""manage.py freshness_reminders [--dry-run] [--today YYYY-MM-DD] [--base-url URL]: daily, from cron."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from freshness.actions import freshness_reminders_send


class Command(BaseCommand):
    help = (
        "Email each organisation whose services need re-confirmation or are hidden from search (at most once per "
        "FRESHNESS_REMINDER_DAYS for the same services), and recount the map cells when a service became hidden."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent; send and record nothing")
        parser.add_argument("--today", help="the day to judge freshness on (YYYY-MM-DD; default: today in Athens)")
        parser.add_argument("--base-url", help="scheme and host for the links (default: the SITE_URL setting)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date: YYYY-MM-DD") from exc
        run = freshness_reminders_send(today=today, dry_run=options["dry_run"], base_url=options["base_url"])
        for outcome in run.outcomes:
            hidden = sum(1 for row in outcome.services if row["state"] == "hidden")
            what = f"{len(outcome.services)} services ({hidden} hidden)"
            if outcome.sent:
                status = f"sent to {len(outcome.recipients)} recipients"
            elif outcome.skipped:
                status = f"skipped: {outcome.skipped}"
            else:
                status = f"would send to {len(outcome.recipients)} recipients"
            self.stdout.write(f"{outcome.organization.name}: {what}, {status}")
        sent = sum(1 for o in run.outcomes if o.sent)
        self.stdout.write(f"{sent} reminders sent{' (dry run)' if options['dry_run'] else ''}.")
        if run.map_cells_refreshed:
            self.stdout.write("Map cells recounted: services became hidden since they were counted.")
