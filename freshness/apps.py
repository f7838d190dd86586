from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FreshnessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "freshness"
    verbose_name = _("Freshness")
