from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editing"
    verbose_name = _("Editing and moderation")

    def ready(self) -> None:
        from . import signals

        signals.connect()
