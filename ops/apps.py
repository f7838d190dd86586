from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the service: backups, rate limits, privacy of logs."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deploy checks
