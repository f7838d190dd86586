"""manage.py seed_demo [--services N] [--seed S] [--if-empty]"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from committees.actions import committee_demo_seed
from emergencies.demo import emergency_demo_seed
from services.actions.demo import DemoSeedError, demo_seed
from services.models import Service


class Command(BaseCommand):
    help = (
        "Load clearly labelled fictional organisations and services placed inside the real areas. The same --seed "
        "and --services update the same records in place; another seed or size adds a separate demo set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--services", type=int, default=300, help="How many services (default 300).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any service exists.")

    def handle(self, *args: Any, services: int, seed: int, if_empty: bool, **options: Any) -> None:
        if if_empty and Service.objects.exists():
            self.stdout.write("seed_demo: services already exist, no demo data loaded")
            return
        try:
            report = demo_seed(services=services, seed=seed)
            committee_demo_seed()  # committees' report notes and an attached organisation, labelled as demo
        except DemoSeedError as exc:
            raise CommandError(str(exc)) from exc
        emergencies = emergency_demo_seed()  # one past, one active
        self.stdout.write(
            f"seed_demo: {report.services} demo services of {report.organizations} organisations at "
            f"{report.locations} locations in {report.municipalities} municipalities (seed {seed}"
            f"{'' if report.new else ', updated in place'}) in {report.total_seconds:.1f} s; "
            f"{emergencies} demo emergencies"
        )
        if options["verbosity"] >= 2:
            steps = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in report.seconds.items())
            self.stdout.write(f"  {report.rows} rows; {steps}")
        if options["verbosity"] >= 3:
            tables = ", ".join(f"{table} {seconds:.2f} s" for table, seconds in report.table_seconds.items())
            self.stdout.write(f"  write: {tables}")
