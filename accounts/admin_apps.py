"""The admin app with accounts' site; kept out of accounts/apps.py so Django still finds AccountsConfig alone."""

from django.contrib.admin.apps import AdminConfig


class CoordinatorAdminConfig(AdminConfig):
    """django.contrib.admin whose default site admits coordinators only (listed in INSTALLED_APPS instead of it)."""

    default_site = "accounts.admin_site.CoordinatorAdminSite"
