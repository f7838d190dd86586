"""Area changes invalidate the sample grids and the cached coverage."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from boundaries.models import Area

from .actions import areas_changed


def _area_saved(sender: Any, instance: Area, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    areas_changed(area_ids=[instance.pk])


def _area_deleted(sender: Any, instance: Area, **kwargs: Any) -> None:
    areas_changed(area_ids=[])


def connect() -> None:
    post_save.connect(_area_saved, sender=Area, dispatch_uid="coverage-area-saved")
    post_delete.connect(_area_deleted, sender=Area, dispatch_uid="coverage-area-deleted")
