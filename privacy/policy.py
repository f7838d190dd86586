"""How long each kind of personal data is kept: the one home of the retention rules (values from settings).

The purge (`privacy.actions.personal_data_purge`) applies them and the privacy page (`/privacy/`) states them, so
what the page promises is what the code does.
"""

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st falls back to the month's last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class Retention:
    """The retention periods in force (settings `PRIVACY_*`, `SESSION_COOKIE_AGE`, `ACCOUNTS_INVITATION_DAYS`)."""

    report_email_days: int
    failed_signin_days: int
    invitation_days: int
    invitation_valid_days: int
    inactive_account_months: int
    precise_search_days: int
    upload_days: int
    upload_expiry_hours: int
    call_contact_days: int
    session_hours: float

    def report_email_cutoff(self, now: datetime) -> datetime:
        """Reports resolved before this lose the reporter's email."""
        return now - timedelta(days=self.report_email_days)

    def failed_signin_cutoff(self, now: datetime) -> datetime:
        """Failed sign-in records older than this are deleted."""
        return now - timedelta(days=self.failed_signin_days)

    def invitation_cutoff(self, now: datetime) -> datetime:
        """Invitations used, withdrawn or expired before this are deleted."""
        return now - timedelta(days=self.invitation_days)

    def invitation_expired_before(self, now: datetime) -> datetime:
        """Pending invitations sent before this have been expired for `invitation_days`."""
        return self.invitation_cutoff(now) - timedelta(days=self.invitation_valid_days)

    def inactive_account_cutoff(self, now: datetime) -> datetime:
        """Accounts deactivated before this are anonymised."""
        return months_before(now, self.inactive_account_months)

    def precise_search_cutoff(self, now: datetime) -> datetime:
        """Saved searches holding an address or a precise point, saved before this, are deleted."""
        return now - timedelta(days=self.precise_search_days)

    def upload_cutoff(self, now: datetime) -> datetime:
        """Bulk uploads applied before this are deleted (file, owner, report); the changes stay in the history."""
        return now - timedelta(days=self.upload_days)

    def call_contact_cutoff(self, now: datetime) -> datetime:
        """Open calls closed (by hand or by expiry) before this lose their contact."""
        return now - timedelta(days=self.call_contact_days)


def retention() -> Retention:
    """The periods configured now (read at call time, so tests' `override_settings` apply)."""
    return Retention(
        report_email_days=settings.PRIVACY_REPORT_EMAIL_DAYS,
        failed_signin_days=settings.PRIVACY_FAILED_SIGNIN_DAYS,
        invitation_days=settings.PRIVACY_INVITATION_DAYS,
        invitation_valid_days=settings.ACCOUNTS_INVITATION_DAYS,
        inactive_account_months=settings.PRIVACY_INACTIVE_ACCOUNT_MONTHS,
        precise_search_days=settings.PRIVACY_PRECISE_SEARCH_DAYS,
        upload_days=settings.PRIVACY_UPLOAD_DAYS,
        upload_expiry_hours=settings.BULKUPLOAD_EXPIRY_HOURS,
        call_contact_days=settings.PRIVACY_CALL_CONTACT_DAYS,
        session_hours=settings.SESSION_COOKIE_AGE / 3600,
    )
