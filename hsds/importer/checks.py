"""Checks once every row is read: references across rows, records the lists drop, unique rules."""

import uuid
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _

from services.models import Contact, Language, OrganizationIdentifier, Phone, Schedule, ServiceAtLocation

from .records import Item, join_path
from .report import ImportIssue
from .rules import OWNER_FIELDS, RESOURCE_TYPES

if TYPE_CHECKING:
    from .plan import Plan


def plan_finish(plan: "Plan") -> None:
    """Check references across rows, then work out which stored records the file's lists drop."""
    by_model: dict[type[models.Model], set[uuid.UUID]] = defaultdict(set)
    for reference in plan.references:
        if (reference.model, reference.target) not in plan.items:
            by_model[reference.model].add(reference.target)
    stored = {
        model: set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        for model, ids in by_model.items()
    }
    for reference in plan.references:
        exists = (reference.model, reference.target) in plan.items or reference.target in stored.get(
            reference.model, set()
        )
        reference.apply(exists)
        if not exists:
            name = RESOURCE_TYPES[reference.model]
            issue = ImportIssue(
                reference.row,
                reference.hsds_id,
                reference.path,
                _("%(kind)s %(id)s is neither in this file nor in the database")
                % {"kind": name, "id": reference.target},
            )
            (plan.report.errors if reference.required else plan.report.warnings).append(issue)
    if plan.report.errors:
        return
    _drop_unlisted(plan)
    _check_unique(plan)
    if plan.not_stored:
        plan.warning(
            row=0,
            field="",
            hsds_id="",
            message=_("not stored (no matching field here): %(keys)s") % {"keys": ", ".join(sorted(plan.not_stored))},
        )


def _drop_unlisted(plan: "Plan") -> None:
    """Records an owner's list no longer holds lose that owner; those left with none are deleted."""
    planned: dict[type[models.Model], set[uuid.UUID]] = defaultdict(set)
    by_owner: dict[tuple[type[models.Model], str, Any], list[Item]] = defaultdict(list)
    for (model, object_id), item in plan.items.items():
        planned[model].add(object_id)
        for owner_field in OWNER_FIELDS.get(model, ()):
            by_owner[(model, owner_field, getattr(item.obj, owner_field))].append(item)
    groups: dict[tuple[type[models.Model], str], set[uuid.UUID]] = defaultdict(set)
    for (model, owner_field, owner_id), keep in plan.lists.items():
        groups[(model, owner_field)].add(owner_id)
        for item in by_owner.get((model, owner_field, owner_id), []):
            if item.obj.pk not in keep and owner_field not in item.owners:
                setattr(item.obj, owner_field, None)  # stored under this owner, no longer listed there
    stale: dict[tuple[type[models.Model], uuid.UUID], models.Model] = {}
    for (model, owner_field), owner_ids in groups.items():
        query = model._default_manager.filter(**{f"{owner_field}__in": owner_ids}).exclude(pk__in=planned[model])
        for obj in query:
            setattr(stale.setdefault((model, obj.pk), obj), owner_field, None)
    # Deleting a contact or a service at location would cascade to its phones or schedules: unlink them first.
    for parent, child, link in (
        (Contact, Phone, "contact_id"),
        (ServiceAtLocation, Schedule, "service_at_location_id"),
    ):
        doomed = {pk for (model, pk), obj in stale.items() if model is parent and not _has_owner(obj)}
        if not doomed:
            continue
        for obj in child.objects.filter(**{f"{link}__in": doomed}).exclude(pk__in=planned[child]):
            setattr(stale.setdefault((child, obj.pk), obj), link, None)
        for (item_model, _pk), item in plan.items.items():
            if item_model is child and getattr(item.obj, link) in doomed:
                setattr(item.obj, link, None)
    for (model, pk), obj in stale.items():
        if _has_owner(obj):
            plan.detach.append((obj, list(OWNER_FIELDS[model])))
        else:
            plan.delete[model].add(pk)


def _check_unique(plan: "Plan") -> None:
    """Unique rules: languages per service and organisation identifiers, in the file and against the stored."""
    rewritten: dict[type[models.Model], set[Any]] = defaultdict(set)
    for model, pk in plan.items:
        rewritten[model].add(pk)
    for obj, _fields in plan.detach:
        rewritten[type(obj)].add(obj.pk)
    for model, pks in plan.delete.items():
        rewritten[model] |= pks
    languages = [item for (model, _pk), item in plan.items.items() if model is Language and item.obj.service_id]
    identifiers = [item for (model, _pk), item in plan.items.items() if model is OrganizationIdentifier]
    taken: set[tuple[Any, ...]] = set()
    taken.update(
        Language.objects.filter(service_id__in={item.obj.service_id for item in languages})
        .exclude(pk__in=rewritten[Language])
        .values_list("service_id", "code")
    )
    taken.update(
        OrganizationIdentifier.objects.filter(identifier__in={item.obj.identifier for item in identifiers})
        .exclude(pk__in=rewritten[OrganizationIdentifier])
        .values_list("identifier_scheme", "identifier")
    )
    seen: dict[tuple[Any, ...], Item] = {}
    key: tuple[Any, ...]
    for item in languages + identifiers:
        obj = item.obj
        if isinstance(obj, Language):
            key, field_name = (obj.service_id, obj.code), "code"
            message = _("the service already has language %(value)r") % {"value": obj.code}
        else:
            assert isinstance(obj, OrganizationIdentifier)
            key, field_name = (obj.identifier_scheme, obj.identifier), "identifier"
            message = _("%(value)r is already another organization's identifier") % {"value": obj.identifier}
        if key in seen:
            message = _("duplicates %(path)s (row %(row)s)") % {"path": seen[key].path, "row": seen[key].row}
        if key in taken or key in seen:
            plan.report.errors.append(ImportIssue(item.row, str(obj.pk), join_path(item.path, field_name), message))
        seen[key] = item


def _has_owner(obj: models.Model) -> bool:
    return any(getattr(obj, name) is not None for name in OWNER_FIELDS[type(obj)])
