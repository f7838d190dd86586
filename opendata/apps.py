from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """Open data: OGC API – Features (/ogc/), streamed exports (/export/), CORS and conditional GET."""

    name = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from . import signals

        signals.connect()
