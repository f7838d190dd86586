"""Writes: the one-click "still accurate" confirmation and the reminder emails."""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import OuterRef, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from accounts.permissions import can_edit_organization, user_role
from editing.models import ResourceType, VersionSource
from editing.writer import FieldChange, history_record
from search.actions.map_cells import map_cells_refresh
from search.models import DirectoryState
from services.models import Organization, Service

from .models import ReminderSent
from .selectors import service_freshness_info, service_list_unconfirmed, services_crossed_into_hidden

logger = logging.getLogger(__name__)


def _may_confirm(user: Any, organization_id: UUID) -> bool:
    return user_role(user) in (Role.COORDINATOR, Role.EDITOR) and can_edit_organization(user, organization_id)


def services_confirm(*, services: list[Service], user: Any) -> int:
    """Mark services as still accurate today by `user`: assured date and assurer, one HSDS metadata row each.

    A confirmation is not a change of the listing, so it is not moderated and makes no history version (the
    metadata rows go through editing.writer.history_record, as every other write's). Setting the
    assured date brings a hidden service back into search at once (the search-index triggers follow).
    """
    if any(not _may_confirm(user, s.organization_id) for s in services):
        raise PermissionDenied
    if not services:
        return 0
    today = timezone.localdate()
    ids = [s.pk for s in services]
    with transaction.atomic():
        previous = dict(Service.objects.select_for_update().filter(pk__in=ids).values_list("pk", "assured_date"))
        # HSDS publishes `assurer_email`: the organisation's public address, never the person's (who confirmed is
        # kept in the metadata row, which is not published with the person's name)
        public_email = Organization.objects.filter(pk=OuterRef("organization_id")).values("email")[:1]
        Service.objects.filter(pk__in=ids).update(assured_date=today, assurer_email=Coalesce(public_email, Value("")))
        history_record(
            fields=[
                FieldChange(
                    ResourceType.SERVICE,
                    pk,
                    "verify",
                    "assured_date",
                    previous_date.isoformat() if (previous_date := previous.get(pk)) else "",
                    today.isoformat(),
                )
                for pk in previous
            ],
            user=user,
            source=VersionSource.FRESHNESS,
        )
    return len(previous)


def service_confirm(*, service: Service, user: Any) -> Service:
    """One service is still accurate (editors of its organisation and coordinators)."""
    services_confirm(services=[service], user=user)
    service.refresh_from_db()
    return service


def organization_services_confirm(*, organization: Organization, user: Any) -> int:
    """Every current service of an organisation that needs re-confirmation or is hidden is still accurate."""
    if not _may_confirm(user, organization.pk):
        raise PermissionDenied
    return services_confirm(services=list(service_list_unconfirmed(organization_id=organization.pk)), user=user)


# ----------------------------------------------------------------------------------------------- reminders
@dataclass
class ReminderOutcome:
    """What the reminder run did for one organisation."""

    organization: Organization
    services: list[dict[str, Any]]
    recipients: list[str] = field(default_factory=list)
    sent: bool = False
    skipped: str = ""  # "recently reminded", "no address" or "sending failed"


@dataclass
class ReminderRun:
    """The outcomes per organisation, and whether the map cells were recounted."""

    outcomes: list[ReminderOutcome]
    map_cells_refreshed: bool = False


def _recipients(organization: Organization) -> list[str]:
    """The organisation's active editors' addresses, else the organisation's own address."""
    emails = (
        get_user_model()
        .objects.filter(is_active=True, profile__role=Role.EDITOR, profile__organizations=organization)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(emails) or ([organization.email] if organization.email else [])


def _reminder_text(*, organization: Organization, rows: list[dict[str, Any]], base_url: str) -> tuple[str, str]:
    """Subject and body: Greek first, English below (we do not know each recipient's language)."""
    parts, subjects = [], []
    for language in ("el", "en"):
        with translation.override(language):
            context = {
                "organization": organization,
                "rows": [
                    {**row, "url": base_url + reverse("services:detail", args=[row["service"].pk])} for row in rows
                ],
                "manage_url": base_url + reverse("editing:manage"),
                "months": settings.FRESHNESS_MONTHS,
            }
            parts.append(render_to_string("freshness/email/reminder.txt", context).strip())
            subjects.append(render_to_string("freshness/email/reminder_subject.txt", context).strip())
    return " / ".join(subjects), "\n\n----------------------------------------\n\n".join(parts) + "\n"


def freshness_reminders_send(
    *, today: date | None = None, dry_run: bool = False, base_url: str | None = None
) -> ReminderRun:
    """One email per organisation with services needing re-confirmation or hidden, at most once per quiet period.

    An organisation is written to again within `FRESHNESS_REMINDER_DAYS` only when a service is newly listed or has
    changed state (needs re-confirmation → hidden). Also recounts the map cells when a service became hidden since
    they were counted.
    """
    today = today or timezone.localdate()
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    by_organization: dict[UUID, list[dict[str, Any]]] = {}
    organizations: dict[UUID, Organization] = {}
    for service in service_list_unconfirmed(today=today):
        info = service_freshness_info(service=service, today=today)
        organizations[service.organization_id] = service.organization
        by_organization.setdefault(service.organization_id, []).append(
            {"service": service, "state": info.state, "info": info}
        )
    quiet_since = today - timedelta(days=settings.FRESHNESS_REMINDER_DAYS)
    recent: dict[UUID, set[tuple[str, str]]] = {}
    for reminder in ReminderSent.objects.filter(organization_id__in=organizations, sent_on__gt=quiet_since):
        recent.setdefault(reminder.organization_id, set()).update(tuple(pair) for pair in reminder.services)
    outcomes = []
    for organization_id, rows in sorted(by_organization.items(), key=lambda item: organizations[item[0]].name):
        organization = organizations[organization_id]
        outcome = ReminderOutcome(organization=organization, services=rows, recipients=_recipients(organization))
        outcomes.append(outcome)
        pairs = {(str(row["service"].pk), row["state"]) for row in rows}
        if pairs <= recent.get(organization_id, set()):
            outcome.skipped = "recently reminded"
            continue
        if not outcome.recipients:
            outcome.skipped = "no address"
            continue
        if dry_run:
            continue
        subject, body = _reminder_text(organization=organization, rows=rows, base_url=base_url)
        try:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=outcome.recipients)
        except (OSError, smtplib.SMTPException):  # one refused message must not stop the others; retried next run
            logger.warning("freshness reminder to organisation %s not sent", organization.pk, exc_info=True)
            outcome.skipped = "sending failed"
            continue
        ReminderSent.objects.create(
            organization=organization,
            sent_on=today,
            services=sorted([list(pair) for pair in pairs]),
            recipients=len(outcome.recipients),
        )
        outcome.sent = True
    run = ReminderRun(outcomes=outcomes)
    if not dry_run:
        state = DirectoryState.objects.filter(pk=1).first()
        if state and state.map_cells_on and services_crossed_into_hidden(since=state.map_cells_on, today=today):
            map_cells_refresh(on=today)
            run.map_cells_refreshed = True
    return run
