"""Writes of the community app. Every write path checks the person here (accounts.permissions decides the rules):
coordinators write everything, an organisation editor only their organisations' records, nobody else anything."""

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_organization, is_coordinator
from geo_accmr.text import fold

from .models import Activity, ModerationStatus, OpenCall, ToolkitEntry, ToolkitFile
from .state import activity_apply, activity_state


def _check_may_write(user: Any, organization_id: Any) -> None:
    if not can_edit_organization(user, organization_id):
        raise PermissionDenied


# ------------------------------------------------------------------------------------------------ activities
@transaction.atomic
def activity_save(*, user: Any, activity: Activity | None, values: dict[str, Any]) -> Activity:
    """Create or change an activity: a coordinator's publishes at once; an editor's new (or not yet published)
    activity waits for review, and an editor's change to a published one waits beside it while it stays public."""
    _check_may_write(user, values["organization"].pk)
    if activity is not None:
        # the form has set its fields on the instance it was given: work on the stored row
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        _check_may_write(user, activity.organization_id)
    state = activity_state(values)
    if activity is None:
        activity = Activity(submitted_by=user)
    if is_coordinator(user):
        activity_apply(activity, state)
        activity.status = ModerationStatus.PUBLISHED
        activity.proposed = None
        activity.reviewed_by, activity.reviewed_at = user, timezone.now()
    elif activity.pk and activity.status == ModerationStatus.PUBLISHED:
        activity.proposed = state
        activity.submitted_by = user
    else:
        activity_apply(activity, state)
        activity.status = ModerationStatus.PENDING
        activity.submitted_by = user
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_approve(*, user: Any, activity: Activity) -> Activity:
    """Publish a waiting activity, or apply an editor's waiting change to a published one (coordinators)."""
    if not is_coordinator(user):
        raise PermissionDenied
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.proposed:
        activity_apply(activity, activity.proposed)
    elif activity.status == ModerationStatus.PUBLISHED:
        raise ValidationError(_("Nothing waits for review here."))
    activity.proposed = None
    activity.status = ModerationStatus.PUBLISHED
    activity.review_comment = ""
    activity.reviewed_by, activity.reviewed_at = user, timezone.now()
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_reject(*, user: Any, activity: Activity, comment: str) -> Activity:
    """Refuse a waiting activity or change, with a comment for the editor; the published version stays as it is."""
    if not is_coordinator(user):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(_("Say why, so the editor can correct it."))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.proposed:
        activity.proposed = None
    elif activity.status == ModerationStatus.PENDING:
        activity.status = ModerationStatus.REJECTED
    else:
        raise ValidationError(_("Nothing waits for review here."))
    activity.review_comment = comment.strip()
    activity.reviewed_by, activity.reviewed_at = user, timezone.now()
    activity.save()
    return activity


def activity_delete(*, user: Any, activity: Activity) -> None:
    """Remove an activity (cancelled or posted by mistake): its organisation's editors and coordinators."""
    _check_may_write(user, activity.organization_id)
    activity.delete()


# ------------------------------------------------------------------------------------------------ open calls
def call_save(*, user: Any, call: OpenCall | None, values: dict[str, Any]) -> OpenCall:
    """Post or change an open call (no review: members write to members)."""
    _check_may_write(user, values["organization"].pk)
    if call is None:
        call = OpenCall(created_by=user)
    else:
        _check_may_write(user, call.organization_id)
    for field, value in values.items():
        setattr(call, field, value)
    call.full_clean()
    call.save()
    return call


def call_close(*, user: Any, call: OpenCall) -> OpenCall:
    """Close a call before its expiry (the need was met, the offer taken)."""
    _check_may_write(user, call.organization_id)
    if call.closed_at is None:
        call.closed_at = timezone.now()
        call.save(update_fields=["closed_at"])
    return call


# ------------------------------------------------------------------------------------------------ toolkit
def toolkit_search_text(entry: ToolkitEntry) -> str:
    """The folded words a toolkit search matches: title, description and the organisation's names."""
    org = entry.organization
    parts = [entry.title, entry.description, org.name_el or "", org.name_en or ""]
    return " " + " ".join(dict.fromkeys(fold(" ".join(parts)).split()))


@transaction.atomic
def toolkit_save(
    *, user: Any, entry: ToolkitEntry | None, values: dict[str, Any], pdf: tuple[str, bytes] | None
) -> ToolkitEntry:
    """Create or change a toolkit entry; `pdf` (a checked file name and its bytes) replaces its file."""
    _check_may_write(user, values["organization"].pk)
    if entry is None:
        entry = ToolkitEntry(created_by=user)
    else:
        _check_may_write(user, entry.organization_id)
    for field, value in values.items():
        setattr(entry, field, value)
    entry.search_text = toolkit_search_text(entry)
    entry.full_clean()
    entry.save()
    if pdf is not None:
        name, content = pdf
        ToolkitFile.objects.update_or_create(
            entry=entry,
            defaults={"name": name, "size": len(content), "sha256": hashlib.sha256(content).hexdigest(),
                      "content": content},
        )  # fmt: skip
    return entry


def toolkit_delete(*, user: Any, entry: ToolkitEntry) -> None:
    _check_may_write(user, entry.organization_id)
    entry.delete()
