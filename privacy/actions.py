"""Writes of the privacy app: the retention purge and the anonymisation of an account.

Each owning app keeps its own rows; these actions only apply the rules of `privacy.policy` to them, and history goes
through `editing.writer` (the one recorder of versions and metadata).
"""

import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from accounts.models import Invitation, Profile, SavedSearch
from bulkupload.models import Upload
from community.models import OpenCall
from editing import writer
from feedback.models import ProblemReport, ReportStatus
from services.models import Service

from .policy import retention
from .selectors import saved_search_is_precise

logger = logging.getLogger(__name__)


@dataclass
class PurgeCounts:
    """How many rows each rule changed: what the purge logs (counts only, never a name, address or email)."""

    report_emails_cleared: int = 0
    failed_signins_deleted: int = 0
    invitations_deleted: int = 0
    sessions_deleted: int = 0
    accounts_clock_started: int = 0
    accounts_anonymised: int = 0
    saved_searches_deleted: int = 0
    uploads_deleted: int = 0
    call_contacts_cleared: int = 0

    @property
    def total(self) -> int:
        return sum(asdict(self).values())


@transaction.atomic
def account_anonymise(*, user: Any, now: datetime | None = None) -> None:
    """Deactivate an account and replace what names the person (username, names, email) for good.

    Published records, history versions and HSDS metadata stay; they then name "former editor" and the
    organisations the person spoke for. The person's saved searches, invitations and failed sign-ins go.
    """
    now = now or timezone.now()
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    profile, _created = Profile.objects.get_or_create(user=user)
    if profile.anonymised_at is not None:
        return
    names = [user.get_full_name(), user.get_username(), user.email]
    email = user.email
    with translation.override(settings.LANGUAGE_CODE):  # stored text: in the site's own language
        label = writer.former_editor_label(organizations=[o.name for o in profile.organizations.all()])
    writer.history_forget_person(user=user, names=names, label=label)
    if email:
        Service.objects.filter(assurer_email__iexact=email).update(assurer_email="")
        Invitation.objects.filter(email__iexact=email).delete()
    Invitation.objects.filter(user=user).delete()
    SavedSearch.objects.filter(user=user).delete()
    AccessAttempt.objects.filter(username__in=[n for n in names if n]).delete()
    AccessFailureLog.objects.filter(username__in=[n for n in names if n]).delete()
    user.username = f"former-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    profile.deactivated_at = profile.deactivated_at or now
    profile.anonymised_at = now
    profile.save(update_fields=["deactivated_at", "anonymised_at"])


@transaction.atomic
def personal_data_purge(*, now: datetime | None = None) -> PurgeCounts:
    """Apply every retention rule of `privacy.policy` once; idempotent (run again at once, it changes nothing)."""
    now = now or timezone.now()
    rules = retention()
    counts = PurgeCounts()

    counts.report_emails_cleared = (
        ProblemReport.objects.filter(status=ReportStatus.RESOLVED, resolved_at__lt=rules.report_email_cutoff(now))
        .exclude(contact_email="")
        .update(contact_email="")
    )

    signin_cutoff = rules.failed_signin_cutoff(now)
    attempts, _detail = AccessAttempt.objects.filter(attempt_time__lt=signin_cutoff).delete()
    failures, _detail = AccessFailureLog.objects.filter(attempt_time__lt=signin_cutoff).delete()
    counts.failed_signins_deleted = attempts + failures

    invitation_cutoff = rules.invitation_cutoff(now)
    spent = (
        Q(accepted_at__lt=invitation_cutoff)
        | Q(revoked_at__lt=invitation_cutoff)
        | Q(accepted_at=None, revoked_at=None, sent_at__lt=rules.invitation_expired_before(now))
    )
    _total, deleted = Invitation.objects.filter(spent).delete()
    counts.invitations_deleted = deleted.get(Invitation._meta.label, 0)  # not their rows linking organisations

    # Django's clearsessions, with our clock: sessions past SESSION_COOKIE_AGE
    counts.sessions_deleted, _detail = Session.objects.filter(expire_date__lt=now).delete()

    # Accounts deactivated outside the people page (the admin) start their clock at the first purge that sees them.
    inactive = Profile.objects.filter(user__is_active=False, user__is_superuser=False, anonymised_at=None)
    counts.accounts_clock_started = inactive.filter(deactivated_at=None).update(deactivated_at=now)
    without_profile = get_user_model().objects.filter(is_active=False, is_superuser=False, profile=None)
    for user in without_profile:
        Profile.objects.create(user=user, deactivated_at=now)
        counts.accounts_clock_started += 1
    for profile in inactive.filter(deactivated_at__lt=rules.inactive_account_cutoff(now)).select_related("user"):
        account_anonymise(user=profile.user, now=now)
        counts.accounts_anonymised += 1

    precise_cutoff = rules.precise_search_cutoff(now)
    old_searches = SavedSearch.objects.filter(created_at__lt=precise_cutoff).only("pk", "query")
    precise = [s.pk for s in old_searches.iterator() if saved_search_is_precise(query=s.query)]
    counts.saved_searches_deleted, _detail = SavedSearch.objects.filter(pk__in=precise).delete()

    # Bulk uploads: never applied and past their expiry, or applied before the cutoff (what they changed stays in the
    # history; the file may name contact people, and the record names who uploaded it).
    stale_uploads = Upload.objects.expired(now=now).filter(applied_at=None) | Upload.objects.filter(
        applied_at__lt=rules.upload_cutoff(now)
    )
    counts.uploads_deleted, _detail = stale_uploads.delete()

    closed_calls = OpenCall.objects.closed_before(rules.call_contact_cutoff(now))
    counts.call_contacts_cleared = closed_calls.exclude(contact="").update(contact="")

    logger.info("personal data purge: %s", " ".join(f"{k}={v}" for k, v in asdict(counts).items()))
    return counts
