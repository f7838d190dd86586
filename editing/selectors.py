"""Reads for the editing pages: a person's services and changes, the review queue, a record's history."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import scope_to_editable
from services.hours import days_label
from services.models import CapacityStatus, Organization, Service, TaxonomyTerm

from . import writer
from .models import ChangeRequest, ChangeStatus, ResourceType, Version
from .state import LOCATIONS, SERVICE_TRANSLATED, state_diff
from .worddiff import word_diff

FIELD_LABELS = {
    "organization": gettext_lazy("Organisation"),
    "url": gettext_lazy("Website"),
    "email": gettext_lazy("Email"),
    "free_of_charge": gettext_lazy("Free of charge"),
    "capacity_status": gettext_lazy("Capacity"),
    "valid_from": gettext_lazy("Valid from"),
    "valid_to": gettext_lazy("Valid until"),
    "minimum_age": gettext_lazy("Minimum age"),
    "maximum_age": gettext_lazy("Maximum age"),
    "categories": gettext_lazy("Type of help"),
    "audiences": gettext_lazy("Who it is for"),
    "eligibility": gettext_lazy("Legal status"),
    "languages": gettext_lazy("Languages spoken"),
    "hours": gettext_lazy("Opening hours"),
}


def service_list_editable(*, user: Any, query: str = "") -> QuerySet[Service]:
    """The services the person may edit (all for coordinators), optionally matching words of their names."""
    services = scope_to_editable(Service.objects.select_related("organization"), user).order_by(
        "organization__name", "name", "pk"
    )  # pk last: a total order, so that pages neither repeat nor skip a service of the same name
    if query:
        services = services.filter(Q(name__icontains=query) | Q(organization__name__icontains=query))
    return services


def organization_list_editable(*, user: Any, query: str = "") -> QuerySet[Organization]:
    """The organisations the person may edit, with their number of services and of waiting changes."""
    organizations = scope_to_editable(Organization.objects.all(), user, organization_field="id")
    if query:
        organizations = organizations.filter(Q(name_el__icontains=query) | Q(name_en__icontains=query))
    return organizations.annotate(
        service_count=Count("services", distinct=True),
        pending_count=Count("change_requests", filter=Q(change_requests__status=ChangeStatus.PENDING), distinct=True),
    ).order_by("name", "pk")


def change_request_list_for(*, user: Any) -> QuerySet[ChangeRequest]:
    """Changes an editor's organisations submitted (all for coordinators), newest first."""
    return scope_to_editable(ChangeRequest.objects.select_related("submitted_by", "reviewed_by", "service"), user)


@dataclass
class ReviewGroup:
    """The waiting changes of one service (or one proposed new service)."""

    title: str
    organization: str
    service_id: UUID | None
    requests: list[ChangeRequest] = field(default_factory=list)


def review_queue_pending() -> QuerySet[ChangeRequest]:
    """Waiting change requests, oldest waiting first (the review queue, to be paged)."""
    return (
        ChangeRequest.objects.filter(status=ChangeStatus.PENDING)
        .select_related("organization", "service", "submitted_by")
        .order_by("submitted_at", "id")
    )


def review_queue(pending: Iterable[ChangeRequest] | None = None) -> list[ReviewGroup]:
    """Waiting change requests (all, or the given page of them) grouped by service, oldest waiting first."""
    groups: dict[Any, ReviewGroup] = {}
    for request in review_queue_pending() if pending is None else pending:
        key = request.service_id or f"new-{request.pk}"
        title = request.service.name if request.service else request.service_name
        group = groups.setdefault(
            key, ReviewGroup(title=title, organization=request.organization.name, service_id=request.service_id)
        )
        group.requests.append(request)
    return list(groups.values())


def _term_names(codes: list[str] | None) -> str:
    if not codes:
        return "–"
    names = dict(TaxonomyTerm.objects.filter(code__in=codes).values_list("code", "name"))
    return ", ".join(names.get(code, code) for code in codes)


def _show(field: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if field in ("categories", "audiences", "eligibility"):
        return _term_names(value)
    if field == "languages":
        return ", ".join(code.upper() for code in value)
    if field == "hours":
        return "; ".join(f"{days_label(r['byday'].split(','))} {r['opens_at']}–{r['closes_at']}" for r in value)
    if field == "organization":
        org = Organization.objects.filter(pk=value).first()
        return org.name if org else str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field == "capacity_status":
        return str(dict(CapacityStatus.choices).get(value, value))
    return str(value)


FIELD_ORDER = [
    "organization",
    *SERVICE_TRANSLATED,
    "categories",
    "audiences",
    "eligibility",
    "minimum_age",
    "maximum_age",
    "languages",
    "capacity_status",
    "free_of_charge",
    "valid_from",
    "valid_to",
    "url",
    "email",
    "hours",
]
LOCATION_LABELS = {
    "name_el": gettext_lazy("name (Greek)"),
    "name_en": gettext_lazy("name (English)"),
    "address_1": gettext_lazy("street"),
    "postal_code": gettext_lazy("postal code"),
    "city": gettext_lazy("city"),
    "redacted": gettext_lazy("shelter (address hidden)"),
    "point": gettext_lazy("point on the map"),
}


def _label(field: str) -> str:
    if field in FIELD_LABELS:
        return str(FIELD_LABELS[field])
    if field.rpartition("_")[2] in ("el", "en"):
        from .forms import translated_label

        return str(translated_label(field))
    return field


@dataclass
class DiffRow:
    """One changed field, shown old → new."""

    label: str
    old: str
    new: str
    path: str
    conflict: bool = False

    @cached_property
    def marked(self) -> tuple[SafeString, SafeString]:
        """Before and after as HTML, the changed words marked (worddiff.word_diff)."""
        return word_diff(self.old, self.new)

    @property
    def old_marked(self) -> SafeString:
        return self.marked[0]

    @property
    def new_marked(self) -> SafeString:
        return self.marked[1]


def diff_rows(
    base: dict[str, Any] | None, proposed: dict[str, Any], *, conflicts: list[str] | None = None
) -> list[DiffRow]:
    """A field-by-field comparison for people; a location's lat/lon show as one "point" row."""
    diff = state_diff(base, proposed)
    conflicts = conflicts or []
    rows: list[DiffRow] = []
    points: dict[str, list[Any]] = {}
    for path, (old, new) in diff.items():
        if path.startswith(f"{LOCATIONS}."):
            _prefix, key, sub = path.split(".", 2)
            if sub in ("lat", "lon"):
                points.setdefault(key, []).append(path)
                continue
            place = _location_title(base, proposed, key)
            if _show(sub, old) == _show(sub, new):
                continue  # absent and empty read the same to a person
            rows.append(
                DiffRow(
                    f"{place}: {LOCATION_LABELS.get(sub, sub)}",
                    _show(sub, old),
                    _show(sub, new),
                    path,
                    path in conflicts,
                )
            )
        elif _show(path, old) != _show(path, new):
            rows.append(DiffRow(_label(path), _show(path, old), _show(path, new), path, path in conflicts))
    for key, paths in points.items():
        old_loc = ((base or {}).get(LOCATIONS) or {}).get(key) or {}
        new_loc = (proposed.get(LOCATIONS) or {}).get(key) or {}
        rows.append(
            DiffRow(
                f"{_location_title(base, proposed, key)}: {LOCATION_LABELS['point']}",
                _point(old_loc),
                _point(new_loc),
                f"{LOCATIONS}.{key}.point",
                any(p in conflicts for p in paths),
            )
        )
    return sorted(rows, key=_row_order)


def _row_order(row: DiffRow) -> tuple[int, str]:
    if row.path.startswith(f"{LOCATIONS}."):
        return len(FIELD_ORDER), row.path
    return (FIELD_ORDER.index(row.path) if row.path in FIELD_ORDER else len(FIELD_ORDER) - 1), row.path


def _point(location: dict[str, Any]) -> str:
    if location.get("lat") is None:
        return "–"
    return f"{location['lat']:.6f}, {location['lon']:.6f}"


def _location_title(base: dict[str, Any] | None, proposed: dict[str, Any], key: str) -> str:
    location = (proposed.get(LOCATIONS) or {}).get(key) or ((base or {}).get(LOCATIONS) or {}).get(key) or {}
    title = location.get("name_el") or location.get("address_1") or key[:8]
    return f"{_('Place')} «{title}»"


@dataclass
class HistoryEntry:
    """One line of a record's history: a published version, or a rejected proposal."""

    when: Any
    who: str
    comment: str
    version: Version | None = None
    rejected: ChangeRequest | None = None
    changes: list[DiffRow] = field(default_factory=list)


def _username(user: Any) -> str:
    """A person in the list of rejected proposals: the username, or "former editor" once the account is anonymised."""
    if user is None:
        return "–"
    profile = getattr(user, "profile", None)
    return writer.who(user) if profile is not None and profile.anonymised_at else user.get_username()


def history_for(*, resource_type: str, resource_id: UUID) -> list[HistoryEntry]:
    """Versions newest first, each with what changed from the one before, and the rejected proposals among them."""
    versions = list(
        Version.objects.filter(resource_type=resource_type, resource_id=resource_id)
        .select_related("user__profile")
        .order_by("number")
    )
    entries: list[HistoryEntry] = []
    previous: dict[str, Any] | None = None
    for version in versions:
        who = writer.who(version.user) if version.user else "–"
        # The first version is either the record as created here (a person made it: every field is news) or the
        # state found when history began (nobody: nothing to compare with).
        changes = diff_rows(previous, version.state) if previous is not None or version.user else []
        entries.append(HistoryEntry(version.created_at, who, version.comment, version=version, changes=changes))
        previous = version.state
    if resource_type == ResourceType.SERVICE:
        rejected = ChangeRequest.objects.filter(service_id=resource_id, status=ChangeStatus.REJECTED)
        for request in rejected.select_related("reviewed_by__profile", "submitted_by__profile"):
            reviewer = _username(request.reviewed_by)
            editor = _username(request.submitted_by)
            entries.append(
                HistoryEntry(
                    request.reviewed_at,
                    reviewer,
                    _("Rejected change request #%(id)s from %(editor)s: %(comment)s")
                    % {"id": request.pk, "editor": editor, "comment": request.review_comment},
                    rejected=request,
                    changes=diff_rows(request.base, request.proposed),
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
