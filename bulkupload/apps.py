from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulkuploadConfig(AppConfig):
    name = "bulkupload"
    verbose_name = _("Bulk upload")
