"""createcoordinator USERNAME --email E: the first coordinator (asks for the password, or reads
GEO_ACCMR_COORDINATOR_PASSWORD with --no-input)."""

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.actions import coordinator_create

PASSWORD_VARIABLE = "GEO_ACCMR_COORDINATOR_PASSWORD"


class Command(BaseCommand):
    help = "Create a coordinator: a person who may see and change everything, moderate and invite people."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--no-input", action="store_true", help=f"read the password from {PASSWORD_VARIABLE} instead of asking"
        )

    def handle(self, *args: Any, username: str, email: str, no_input: bool, **options: Any) -> None:
        if no_input:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"--no-input needs the password in {PASSWORD_VARIABLE}")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
        try:
            user = coordinator_create(username=username, email=email, password=password)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"coordinator {user.username} created; sign in at /accounts/login/")
