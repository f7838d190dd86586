"""An activity's editable fields as plain JSON: what an editor's waiting change stores and what approving applies."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib.gis.geos import Point

from .models import Activity

ACTIVITY_FIELDS = [
    "organization",
    "committee",
    "kind",
    "title_el",
    "title_en",
    "description_el",
    "description_en",
    "starts_at",
    "ends_at",
    "online",
    "online_url",
    "place",
    "point",
    "languages",
    "audiences",
    "registration_url",
]


def activity_state(values: dict[str, Any]) -> dict[str, Any]:
    """The fields of a form's cleaned data (or of an activity, see activity_values) as JSON."""
    state: dict[str, Any] = {}
    for field in ACTIVITY_FIELDS:
        value = values.get(field)
        if field in ("organization", "committee"):
            value = str(getattr(value, "pk", value))
        elif isinstance(value, datetime):
            value = value.isoformat()
        elif field == "point":
            value = [round(value.x, 7), round(value.y, 7)] if value is not None else None
        elif field in ("languages", "audiences"):
            value = list(value or [])
        state[field] = value
    return state


def activity_values(activity: Activity) -> dict[str, Any]:
    """An activity's fields as a form's cleaned data would hold them."""
    values = {
        field: getattr(activity, field) for field in ACTIVITY_FIELDS if field not in ("organization", "committee")
    }
    values["organization"] = activity.organization_id
    values["committee"] = activity.committee_id
    return values


def activity_apply(activity: Activity, state: dict[str, Any]) -> None:
    """Set an activity's fields from a state (not saved)."""
    for field in ACTIVITY_FIELDS:
        value = state[field]
        if field == "organization":
            activity.organization_id = UUID(value)
        elif field == "committee":
            activity.committee_id = UUID(value)
        elif field in ("starts_at", "ends_at"):
            setattr(activity, field, datetime.fromisoformat(value))
        elif field == "point":
            activity.point = Point(value[0], value[1], srid=4326) if value else None
        else:
            setattr(activity, field, value)


def activity_diff(activity: Activity) -> list[tuple[str, Any, Any]]:
    """(label, published, proposed) for each field an editor's waiting change alters."""
    if not activity.proposed:
        return []
    current = activity_state(activity_values(activity))
    changes = []
    for field in ACTIVITY_FIELDS:
        if current[field] != activity.proposed.get(field):
            label = str(getattr(Activity._meta.get_field(field), "verbose_name", field))
            changes.append((label, current[field], activity.proposed.get(field)))
    return changes
