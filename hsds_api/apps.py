from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HsdsApiConfig(AppConfig):
    name = "hsds_api"
    verbose_name = _("HSDS open data")
