"""The records an import plans to write, the references it checks, and how a record's change is told."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.db import models
from modeltranslation.translator import NotRegistered, translator


@dataclass
class Item:
    """One record to write: the model instance with the file's values applied, and its state before."""

    obj: Any  # an instance of any HSDS model: the code that reads it knows which from the plan's key
    new: bool
    before: dict[str, Any]
    values: dict[str, Any]
    row: int
    path: str
    owners: dict[str, uuid.UUID] = field(default_factory=dict)  # owner foreign keys the file gives


@dataclass
class Reference:
    """An id that must name a record in the file or in the database, checked once every row is read."""

    row: int
    hsds_id: str
    path: str
    model: type[models.Model]
    target: uuid.UUID
    apply: Callable[[bool], None]  # called with whether the target exists
    required: bool = True


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


@cache
def tracked_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The attnames compared to tell an update from no change (translated originals are mirrors of `_el`/`_en`)."""
    try:
        originals = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        originals = set()
    return tuple(f.attname for f in model._meta.concrete_fields if f.editable and f.name not in originals)


def snapshot(obj: models.Model) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in tracked_fields(type(obj))}


def same(a: Any, b: Any) -> bool:
    if isinstance(a, GEOSGeometry) and isinstance(b, GEOSGeometry):
        return a.srid == b.srid and a.equals_exact(b, 1e-9)
    return a == b


def as_text(value: Any) -> str:
    if isinstance(value, GEOSGeometry):
        return value.wkt
    return "" if value is None else str(value)
