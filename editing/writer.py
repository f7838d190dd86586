"""The one recorder of changes to the directory: history versions and HSDS `Metadata` audit rows, in one place.

Every path that publishes a change calls `history_record` in the transaction of its write:
- editor forms, coordinator approvals and reverts, organisation edits (`editing.actions`);
- the Django admin (`editing.signals` through `editing.actions.record_outside_change`);
- HSDS imports and bulk uploads (`hsds.importer.write.plan_write`; the importer writes its rows record by record,
  then hands over what it changed: the services' and organisations' states before and after, and its field rows);
- the freshness confirmation (`freshness.actions.services_confirm`: metadata only, a confirmation is not a change
  of the listing, so no version).
The demo and benchmark loaders write with `COPY` for speed and record nothing (`services.actions.demo`, `bench`):
their data is synthetic.
"""

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Func, Max, Value
from django.utils.translation import gettext as _

from services.models import Metadata

from .models import ChangeRequest, Version, VersionSource
from .state import LOCATIONS


@dataclass(frozen=True)
class FieldChange:
    """One HSDS metadata row: a field of a record changed, or the record was created, deleted or verified."""

    resource_type: str
    resource_id: UUID
    action: str  # "create", "update", "delete", "verify"
    field_name: str = ""
    previous: Any = None
    replacement: Any = None


@dataclass(frozen=True)
class StateChange:
    """A record's published state (`editing.state`) after a write, and before it (None: new, or not known)."""

    resource_type: str  # editing.models.ResourceType
    resource_id: UUID
    after: dict[str, Any]
    before: dict[str, Any] | None = None


def who(user: Any) -> str:
    """A person as history and metadata name them: full name, else username; an anonymised account as a former
    editor of its organisations (privacy: the person is gone, the organisation that spoke stays)."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)  # no profile (a superuser): RelatedObjectDoesNotExist is an AttributeError
    if profile is not None and profile.anonymised_at is not None:
        return former_editor_label(organizations=[o.name for o in profile.organizations.all()])
    return user.get_full_name() or user.get_username()


def former_editor_label(*, organizations: Iterable[str]) -> str:
    """How history names an anonymised person: "former editor", with the organisations they spoke for."""
    names = ", ".join(sorted(organizations))
    return _("former editor (%(organisations)s)") % {"organisations": names} if names else _("former editor")


def history_forget_person(*, user: Any, names: Iterable[str], label: str) -> tuple[int, int]:
    """Replace a person's names in recorded history (version comments, metadata `updated_by`) with `label`.

    Whole words only (PostgreSQL `\\m`/`\\M`), so a short username does not eat into other words. The versions and
    metadata rows themselves stay: the published records' history is intact, it just no longer names the person.
    Returns (versions, metadata rows) changed.
    """
    versions = metadata = 0
    replacement = label.replace("\\", "\\\\").replace("&", "\\&")  # literal in regexp_replace
    for name in sorted({n for n in names if n}, key=len, reverse=True):  # "Eleni Papadopoulou" before "eleni"
        pattern = r"\m" + re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", name) + r"\M"
        versions += Version.objects.filter(comment__iregex=pattern).update(
            comment=Func(F("comment"), Value(pattern), Value(replacement), Value("gi"), function="regexp_replace")
        )
        metadata += Metadata.objects.filter(updated_by__iregex=pattern).update(
            updated_by=Func(F("updated_by"), Value(pattern), Value(replacement), Value("gi"), function="regexp_replace")
        )
    metadata += Metadata.objects.filter(user=user).exclude(updated_by=label).update(updated_by=label)
    return versions, metadata


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _plain(state: dict[str, Any] | None) -> Any:
    """A state as it reads back from the JSON column (dates as text), so stored and fresh states compare."""
    return json.loads(json.dumps(state, cls=DjangoJSONEncoder))


def state_fields(
    *, resource_type: str, resource_id: Any, diff: dict[str, tuple[Any, Any]], action: str
) -> list[FieldChange]:
    """The metadata rows of a state diff: one per changed path; a location's fields are recorded against it."""
    rows = []
    for path, (old, new) in diff.items():
        kind, record, field, row_action = resource_type, str(resource_id), path, action
        if path.startswith(f"{LOCATIONS}."):
            _prefix, record, field = path.split(".", 2)
            kind = "location"
            row_action = "create" if old is None else "delete" if new is None else action
        rows.append(FieldChange(kind, UUID(record), row_action, field, old, new))
    return rows


def history_record(
    *,
    states: Iterable[StateChange] = (),
    fields: Iterable[FieldChange] = (),
    user: Any,
    source: str,
    comment: str = "",
    updated_by: str | None = None,
    change_request: ChangeRequest | None = None,
    unchanged: bool = False,
) -> list[Version]:
    """Record a write: a version of each record whose state changed, and the HSDS metadata rows (bulk inserts).

    A record known before (`before` given) with no version yet first gets that state as its version, so the
    history shows what the change changed. A state equal to `before` makes no version unless `unchanged` (a
    person published the record as it was: that is still a publication). `updated_by` defaults to the person.
    """
    states = list(states)
    Metadata.objects.bulk_create(
        Metadata(
            resource_id=row.resource_id,
            resource_type=row.resource_type,
            last_action_type=row.action,
            field_name=row.field_name,
            previous_value=_text(row.previous),
            replacement_value=_text(row.replacement),
            user=user,
            updated_by=who(user) if updated_by is None else updated_by,
        )
        for row in fields
    )
    if not unchanged:
        states = [s for s in states if s.before is None or _plain(s.before) != _plain(s.after)]
    if not states:
        return []
    last: dict[tuple[str, UUID], int] = {}
    by_type: dict[str, list[UUID]] = defaultdict(list)
    for state in states:
        by_type[state.resource_type].append(state.resource_id)
    for resource_type, ids in by_type.items():
        numbers = (
            Version.objects.filter(resource_type=resource_type, resource_id__in=ids)
            .values("resource_id")
            .annotate(n=Max("number"))
            .values_list("resource_id", "n")
        )
        last.update({(resource_type, resource_id): n for resource_id, n in numbers})
    versions, found = [], []
    for state in states:
        key = (state.resource_type, state.resource_id)
        number = last.get(key, 0)
        if number == 0 and state.before is not None:
            number += 1
            found.append(
                Version(
                    resource_type=state.resource_type,
                    resource_id=state.resource_id,
                    number=number,
                    state=state.before,
                    source=VersionSource.FOUND,
                    comment=_("State before the first recorded change"),
                )
            )
        versions.append(
            Version(
                resource_type=state.resource_type,
                resource_id=state.resource_id,
                number=number + 1,
                state=state.after,
                user=user,
                source=source,
                comment=comment[:500],
                change_request=change_request,
            )
        )
        last[key] = number + 1
    Version.objects.bulk_create(found + versions)
    return versions
