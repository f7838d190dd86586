from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search index behind /api/nearby/ and /api/map/: its tables, its SQL, its refresh."""

    name = "search"
    verbose_name = _("Search")
