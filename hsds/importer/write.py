"""Writing a checked plan in one transaction, then recording it (history versions, HSDS metadata) and area links.

The records are saved one by one here; what changed is recorded through `editing.writer.history_record`, the one
recorder every write path calls: a version of each service and organisation whose state changed (`source`
"import" or "bulk_upload") and the importer's metadata rows (one `create` row per new record, one `update` row per
changed field of organisations, services and locations).
"""

import logging
import uuid
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _

from boundaries.actions import location_areas_refresh
from editing.models import ResourceType, VersionSource
from editing.state import ORGANIZATION_FIELDS, organization_state, service_states
from editing.writer import FieldChange, StateChange, history_record
from services.models import Address, Language, Location, Organization, Schedule, Service, ServiceAtLocation

from .records import Item, as_text, same, snapshot
from .report import ImportIssue
from .rules import AUDITED, RESOURCE_TYPES, SAVE_ORDER

if TYPE_CHECKING:
    from .plan import Plan

logger = logging.getLogger(__name__)


def plan_write(
    plan: "Plan",
    *,
    dry_run: bool,
    user_label: str,
    user: Any = None,
    source: str = VersionSource.IMPORT,
    comment: str = "",
) -> None:
    """Write the plan in one transaction (rolled back on a dry run), with its history, metadata rows and area links.

    `comment` is the history versions' comment (default: "Imported from the HSDS file NAME").
    """
    created: Counter[str] = Counter()
    updated: Counter[str] = Counter()
    unchanged: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    audit: list[FieldChange] = []
    ordered = sorted(plan.items.values(), key=lambda item: SAVE_ORDER.index(type(item.obj)))
    comment = comment or _("Imported from the HSDS file %(file)s") % {"file": plan.report.path.name}
    try:
        with transaction.atomic():
            # a dry run is rolled back: its versions would be work for nothing
            services = set() if dry_run else _services_touched(plan)
            before = service_states(ids=services - _new(plan, Service))
            for obj, owner_fields in plan.detach:
                obj.save(update_fields=owner_fields)
                updated[RESOURCE_TYPES[type(obj)]] += 1
            for model in reversed(SAVE_ORDER):
                if plan.delete[model]:
                    model._default_manager.filter(pk__in=plan.delete[model]).delete()
                    removed[RESOURCE_TYPES[model]] += len(plan.delete[model])
            for item in ordered:
                kind = RESOURCE_TYPES[type(item.obj)]
                changes = {} if item.new else _changes(item.before, snapshot(item.obj))
                if item.new:
                    item.obj.save(force_insert=True)
                elif changes:
                    item.obj.save()
                if isinstance(item.obj, Service) and item.obj.pk in plan.m2m:
                    changes.update(_set_terms(plan, item.obj))
                (created if item.new else updated if changes else unchanged)[kind] += 1
                if isinstance(item.obj, AUDITED):
                    audit.extend(_metadata(item=item, changes=changes))
            history_record(
                states=[] if dry_run else _states(plan, services=services, before=before),
                fields=audit,
                user=user,
                updated_by=user_label,
                source=source,
                comment=comment,
            )
            located = [item.obj.pk for item in plan.items.values() if isinstance(item.obj, Location)]
            if located:
                location_areas_refresh(ids=located)
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as exc:
        logger.exception("HSDS import of %s refused by the database", plan.report.path)
        plan.report.errors.append(
            ImportIssue(0, "", "", _("the database refused the import: %(error)s") % {"error": exc})
        )
        return
    plan.report.created, plan.report.updated = created, updated
    plan.report.unchanged, plan.report.removed = unchanged, removed


def _set_terms(plan: "Plan", service: Service) -> dict[str, tuple[str, str]]:
    changes = {}
    for attname, terms in plan.m2m[service.pk].items():
        before = plan.stored_terms[service.pk][attname]
        after = {term.code for term in terms}
        if before != after:
            getattr(service, attname).set(terms)
            changes[attname] = (",".join(sorted(before)), ",".join(sorted(after)))
    return changes


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {
        name: (as_text(before.get(name)), as_text(value))
        for name, value in after.items()
        if not same(before.get(name), value)
    }


def _metadata(*, item: Item, changes: dict[str, tuple[str, str]]) -> list[FieldChange]:
    """HSDS metadata: one `create` row for a new record, one `update` row per changed field."""
    resource_type = RESOURCE_TYPES[type(item.obj)]
    if item.new:
        return [FieldChange(resource_type, item.obj.pk, "create")]
    return [
        FieldChange(resource_type, item.obj.pk, "update", name, previous, replacement)
        for name, (previous, replacement) in changes.items()
    ]


def _new(plan: "Plan", model: type[models.Model]) -> set[uuid.UUID]:
    return {item.obj.pk for item in plan.items.values() if item.new and isinstance(item.obj, model)}


def _services_touched(plan: "Plan") -> set[uuid.UUID]:
    """Services whose state (editing.state: fields, terms, languages, hours, places) the plan may change.

    Its services and those its languages, schedules and places name; the services at its locations and at the
    locations of its addresses; and, as stored now, the owners of what it updates, detaches or deletes. A superset:
    only the services whose state differs afterwards get a version.
    """
    services: set[uuid.UUID | None] = set(plan.m2m)
    locations: set[uuid.UUID] = set()
    ids = {pk for pks in plan.delete.values() for pk in pks} | {obj.pk for obj, _fields in plan.detach}
    for item in plan.items.values():
        obj = item.obj
        ids.add(obj.pk)
        if isinstance(obj, Service):
            services.add(obj.pk)
        elif isinstance(obj, Location):
            locations.add(obj.pk)
        elif isinstance(obj, Language | Schedule | ServiceAtLocation):
            services.add(obj.service_id)
        if isinstance(obj, Address | ServiceAtLocation):
            locations.add(obj.location_id)
    for model in (Language, Schedule, ServiceAtLocation):
        services.update(model.objects.filter(pk__in=ids).values_list("service_id", flat=True))
    locations.update(Address.objects.filter(pk__in=ids).values_list("location_id", flat=True))
    services.update(ServiceAtLocation.objects.filter(location_id__in=locations).values_list("service_id", flat=True))
    return {pk for pk in services if pk is not None}  # a language or schedule of a location names no service


def _states(plan: "Plan", *, services: set[uuid.UUID], before: dict[uuid.UUID, dict[str, Any]]) -> list[StateChange]:
    """The written services' and organisations' states after the write, with their states before (None: new)."""
    states = [
        StateChange(ResourceType.SERVICE, pk, after=after, before=before.get(pk))
        for pk, after in service_states(ids=services).items()
    ]
    for item in plan.items.values():
        if isinstance(item.obj, Organization):
            previous = None if item.new else {f: item.before.get(f) or "" for f in ORGANIZATION_FIELDS}
            states.append(
                StateChange(ResourceType.ORGANIZATION, item.obj.pk, after=organization_state(item.obj), before=previous)
            )
    return states
