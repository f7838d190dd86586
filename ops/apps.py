from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the service: backups, rate limits, privacy of logs."""

    name = "ops"
    verbose_name = "Operations"
