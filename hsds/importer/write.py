"""Writing a checked plan in one transaction, with HSDS metadata rows and area links."""

import logging
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from boundaries.actions import location_areas_refresh
from services.models import Location, Metadata, Service

from .records import Item, as_text, same, snapshot
from .report import ImportIssue
from .rules import AUDITED, RESOURCE_TYPES, SAVE_ORDER

if TYPE_CHECKING:
    from .plan import Plan

logger = logging.getLogger(__name__)


def plan_write(plan: "Plan", *, dry_run: bool, user_label: str, user: Any = None) -> None:
    """Write the plan in one transaction (rolled back on a dry run), with metadata rows and area links."""
    created: Counter[str] = Counter()
    updated: Counter[str] = Counter()
    unchanged: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    audit: list[Metadata] = []
    ordered = sorted(plan.items.values(), key=lambda item: SAVE_ORDER.index(type(item.obj)))
    try:
        with transaction.atomic():
            for obj, owner_fields in plan.detach:
                obj.save(update_fields=owner_fields)
                updated[RESOURCE_TYPES[type(obj)]] += 1
            for model in reversed(SAVE_ORDER):
                if plan.delete[model]:
                    model.objects.filter(pk__in=plan.delete[model]).delete()
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
                    audit.extend(_metadata(item=item, changes=changes, user_label=user_label, user=user))
            Metadata.objects.bulk_create(audit)
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


def _metadata(*, item: Item, changes: dict[str, tuple[str, str]], user_label: str, user: Any = None) -> list[Metadata]:
    """HSDS metadata: one `create` row for a new record, one `update` row per changed field."""
    resource_type = RESOURCE_TYPES[type(item.obj)]
    if item.new:
        return [
            Metadata(
                resource_id=item.obj.pk,
                resource_type=resource_type,
                last_action_type="create",
                updated_by=user_label,
                user=user,
            )
        ]
    return [
        Metadata(
            resource_id=item.obj.pk,
            resource_type=resource_type,
            last_action_type="update",
            field_name=name,
            previous_value=previous,
            replacement_value=replacement,
            updated_by=user_label,
            user=user,
        )
        for name, (previous, replacement) in changes.items()
    ]
