"""Every change to the directory bumps its version (caches and map cells compare against it)."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from search.actions.directory import directory_changed

from .models import Language, Location, Organization, Schedule, Service, ServiceAtLocation, TaxonomyTerm


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if kwargs.get("action", "post_").startswith("post_"):
        directory_changed()


def connect() -> None:
    # taxonomy terms: their names are in results, filters and the search form's choices (cached per version)
    for model in (Service, Location, ServiceAtLocation, Language, Schedule, Organization, TaxonomyTerm):
        post_save.connect(_changed, sender=model, dispatch_uid=f"directory-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"directory-delete-{model.__name__}")
    for through in (Service.categories.through, Service.audiences.through, Service.eligibility.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"directory-m2m-{through.__name__}")
