"""Emergencies are part of what the search page shows: their writes change the directory's version, so what is
cached under it (e.g. whether any emergency is running: `selectors.any_active`) is read again."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from search.actions.directory import directory_changed

from .models import Emergency, EmergencyOffer


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if kwargs.get("action", "post_").startswith("post_"):
        directory_changed()


def connect() -> None:
    for model in (Emergency, EmergencyOffer):
        post_save.connect(_changed, sender=model, dispatch_uid=f"directory-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"directory-delete-{model.__name__}")
    m2m_changed.connect(_changed, sender=Emergency.areas.through, dispatch_uid="directory-m2m-emergency-areas")
