"""Areas are part of what the open-data lists show (area codes, the `areas` collection): a change bumps the version."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from boundaries.models import Area
from search.actions.directory import directory_changed


def _area_changed(sender: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        directory_changed()


def connect() -> None:
    post_save.connect(_area_changed, sender=Area, dispatch_uid="opendata-area-save")
    post_delete.connect(_area_changed, sender=Area, dispatch_uid="opendata-area-delete")
