from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergenciesConfig(AppConfig):
    """Emergency response: coordinators declare an emergency over areas; services offered for it expire with it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "emergencies"
    verbose_name = _("Emergencies")

    def ready(self) -> None:
        from . import signals

        signals.connect()
