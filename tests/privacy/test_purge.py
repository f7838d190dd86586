"""The retention purge with a frozen clock: each rule removes exactly what it should, and a second run nothing."""

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from accounts.actions import person_update
from accounts.models import Invitation, Profile, Role, SavedSearch
from bulkupload.models import Upload, UploadKind
from community.models import CallKind, OpenCall
from editing.models import ResourceType, Version, VersionSource
from editing.state import service_state
from editing.writer import FieldChange, StateChange, history_record, who
from feedback.models import ProblemKind, ProblemReport, ReportStatus
from privacy.actions import personal_data_purge
from services.models import Metadata, Service
from tests.accounts.conftest import person
from tests.factories import ServiceAtLocationFactory, term

from .conftest import NOW, at

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def report(service: Any, *, email: str, resolved_days_ago: int | None) -> ProblemReport:
    resolved = resolved_days_ago is not None
    return ProblemReport.objects.create(
        service=service,
        kind=ProblemKind.PHONE,
        contact_email=email,
        status=ReportStatus.RESOLVED if resolved else ReportStatus.OPEN,
        resolved_at=NOW - resolved_days_ago * DAY if resolved else None,
    )


def test_resolved_reports_lose_the_email_after_30_days_and_nothing_else() -> None:
    service = ServiceAtLocationFactory().service
    old = report(service, email="old@example.org", resolved_days_ago=31)
    recent = report(service, email="recent@example.org", resolved_days_ago=29)
    open_old = report(service, email="open@example.org", resolved_days_ago=None)
    ProblemReport.objects.filter(pk=open_old.pk).update(created_at=NOW - 400 * DAY)
    counts = personal_data_purge(now=NOW)
    assert counts.report_emails_cleared == 1
    emails = dict(ProblemReport.objects.values_list("pk", "contact_email"))
    assert emails == {old.pk: "", recent.pk: "recent@example.org", open_old.pk: "open@example.org"}
    assert ProblemReport.objects.get(pk=old.pk).kind == ProblemKind.PHONE  # the report itself stays
    assert personal_data_purge(now=NOW).total == 0


def failed_signin(model: Any, username: str, days_ago: int, **extra: Any) -> Any:
    with at(NOW - days_ago * DAY):
        return model.objects.create(
            username=username, ip_address="192.0.2.7", user_agent="UA", http_accept="*/*", path_info="/", **extra
        )


def test_failed_signins_are_deleted_after_30_days() -> None:
    extra = {"get_data": "", "post_data": "", "failures_since_start": 1}
    old_attempt = failed_signin(AccessAttempt, "old", 31, **extra)
    new_attempt = failed_signin(AccessAttempt, "new", 29, **extra)
    old_log = failed_signin(AccessFailureLog, "old", 31)
    new_log = failed_signin(AccessFailureLog, "new", 1)
    counts = personal_data_purge(now=NOW)
    assert counts.failed_signins_deleted == 2
    assert set(AccessAttempt.objects.values_list("pk", flat=True)) == {new_attempt.pk}
    assert set(AccessFailureLog.objects.values_list("pk", flat=True)) == {new_log.pk}
    assert old_attempt.pk != new_attempt.pk and old_log.pk != new_log.pk
    assert personal_data_purge(now=NOW).total == 0


@override_settings(ACCOUNTS_INVITATION_DAYS=7)
def test_used_withdrawn_and_expired_invitations_are_deleted_after_30_days(coordinator: Any) -> None:
    def invitation(email: str, **dates: Any) -> Invitation:
        return Invitation.objects.create(
            email=email, role=Role.CASEWORKER, invited_by=coordinator, sent_at=dates.pop("sent_at", NOW), **dates
        )

    gone = {
        invitation("used@example.org", sent_at=NOW - 40 * DAY, accepted_at=NOW - 31 * DAY).pk,
        invitation("withdrawn@example.org", sent_at=NOW - 40 * DAY, revoked_at=NOW - 31 * DAY).pk,
        invitation("expired@example.org", sent_at=NOW - 38 * DAY).pk,  # expired 31 days ago
    }
    kept = {
        invitation("used-recently@example.org", sent_at=NOW - 40 * DAY, accepted_at=NOW - 29 * DAY).pk,
        invitation("withdrawn-recently@example.org", sent_at=NOW - 40 * DAY, revoked_at=NOW - 29 * DAY).pk,
        invitation("expired-recently@example.org", sent_at=NOW - 36 * DAY).pk,  # expired 29 days ago
        invitation("pending@example.org", sent_at=NOW - DAY).pk,
    }
    counts = personal_data_purge(now=NOW)
    assert counts.invitations_deleted == len(gone)
    assert set(Invitation.objects.values_list("pk", flat=True)) == kept
    assert personal_data_purge(now=NOW).total == 0


@override_settings(SESSION_COOKIE_AGE=8 * 3600)
def test_expired_sessions_are_cleared() -> None:
    with at(NOW - 9 * 3600 * timedelta(seconds=1)):
        old = SessionStore()
        old.create()
    with at(NOW - 7 * 3600 * timedelta(seconds=1)):
        live = SessionStore()
        live.create()
    counts = personal_data_purge(now=NOW)
    assert counts.sessions_deleted == 1
    assert set(Session.objects.values_list("session_key", flat=True)) == {live.session_key}
    assert personal_data_purge(now=NOW).total == 0


def edit_as(user: Any, service: Service, comment: str) -> None:
    """A change recorded by the one writer, as every editing path records it."""
    before = service_state(service)
    after = {**before, "name_el": before["name_el"] + " (νέο)"}
    history_record(
        states=[StateChange(ResourceType.SERVICE, service.pk, after=after, before=before)],
        fields=[FieldChange(ResourceType.SERVICE, service.pk, "update", "name_el", before["name_el"], "new")],
        user=user,
        source=VersionSource.EDITOR,
        comment=comment,
    )


def test_accounts_deactivated_for_12_months_are_anonymised_and_history_stays_readable(
    client: Any, coordinator: Any, editor: Any, org: Any
) -> None:
    service = ServiceAtLocationFactory(service__organization=org, location__organization=org).service
    edit_as(editor, service, f"Edited by {who(editor)}")
    edit_as(coordinator, service, f"Approved change request #1 from {who(editor)}")
    Service.objects.filter(pk=service.pk).update(assurer_email=editor.email)
    SavedSearch.objects.create(user=editor, name="Κυψέλη", query="place=Κυψέλη")
    recent = person("recent", Role.EDITOR, (org,))
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x-Long-enough-9")
    with at(NOW - 366 * DAY):
        person_update(user=editor, role=Role.EDITOR, organizations=[org], is_active=False)
        superuser.is_active = False
        superuser.save()
    with at(NOW - 300 * DAY):
        person_update(user=recent, role=Role.EDITOR, organizations=[org], is_active=False)

    counts = personal_data_purge(now=NOW)
    assert counts.accounts_anonymised == 1

    editor.refresh_from_db()
    assert (editor.username, editor.email, editor.first_name, editor.last_name) == (f"former-{editor.pk}", "", "", "")
    assert not editor.is_active and not editor.has_usable_password()
    assert Profile.objects.get(user=editor).anonymised_at == NOW
    recent.refresh_from_db()
    assert recent.username == "recent" and Profile.objects.get(user=recent).anonymised_at is None
    superuser.refresh_from_db()
    assert superuser.username == "root"  # superusers are managed in the admin, never purged
    assert not SavedSearch.objects.filter(user=editor).exists()
    assert Service.objects.get(pk=service.pk).assurer_email == ""

    # history and metadata stay, naming the former editor and the organisation, not the person
    versions = Version.objects.filter(resource_id=service.pk).order_by("number")
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[1].user_id == editor.pk
    label = "πρώην συντάκτης (Άλφα Αλληλεγγύη)"
    assert versions[1].comment == f"Edited by {label}"
    assert versions[2].comment == f"Approved change request #1 from {label}"
    rows = Metadata.objects.filter(resource_id=service.pk)
    assert {r.updated_by for r in rows if r.user_id == editor.pk} == {label}
    assert {r.updated_by for r in rows if r.user_id == coordinator.pk} == {"coord"}
    everything = " ".join(
        [*Version.objects.values_list("comment", flat=True), *Metadata.objects.values_list("updated_by", flat=True)]
    )
    for trace in ("Eleni", "Papadopoulou", "eleni@example.org", "eleni"):
        assert trace not in everything

    client.force_login(coordinator)
    history = client.get(reverse("editing:service_history", args=[service.pk]))
    assert history.status_code == 200
    page = history.content.decode()
    assert label in page and "Eleni" not in page and "eleni" not in page
    assert client.get(reverse("hsds:service", args=[service.pk])).status_code == 200
    assert client.get(reverse("services:detail", args=[service.pk])).status_code == 200

    assert personal_data_purge(now=NOW).total == 0


def test_the_command_logs_counts_only(caplog: Any, capsys: Any) -> None:
    service = ServiceAtLocationFactory().service
    report(service, email="someone@example.org", resolved_days_ago=40)
    with at(NOW):
        call_command("purge_personal_data")
    logged = caplog.text + capsys.readouterr().out
    assert "report_emails_cleared=1" in logged
    assert "someone" not in logged and "example.org" not in logged


def upload(owner: Any, name: str, *, expires_days: float, applied_days_ago: int | None) -> Upload:
    return Upload.objects.create(
        owner=owner,
        filename=name,
        kind=UploadKind.SPREADSHEET_CSV,
        content=b"name,email\nMaria,maria@example.org\n",
        size=35,
        sha256="0" * 64,
        expires_at=NOW + expires_days * DAY,
        applied_at=None if applied_days_ago is None else NOW - applied_days_ago * DAY,
    )


def test_bulk_uploads_go_when_expired_unapplied_or_30_days_after_being_applied(editor: Any) -> None:
    pending = upload(editor, "pending.csv", expires_days=0.5, applied_days_ago=None)
    upload(editor, "abandoned.csv", expires_days=-1, applied_days_ago=None)
    upload(editor, "applied-long-ago.csv", expires_days=-40, applied_days_ago=31)
    recent = upload(editor, "applied-recently.csv", expires_days=-28, applied_days_ago=29)
    counts = personal_data_purge(now=NOW)
    assert counts.uploads_deleted == 2
    assert set(Upload.objects.values_list("pk", flat=True)) == {pending.pk, recent.pk}
    assert personal_data_purge(now=NOW).total == 0
    with override_settings(PRIVACY_UPLOAD_DAYS=10):
        assert personal_data_purge(now=NOW).uploads_deleted == 1


def test_the_privacy_page_states_the_upload_retention(client: Any) -> None:
    with override_settings(PRIVACY_UPLOAD_DAYS=45, BULKUPLOAD_EXPIRY_HOURS=12):
        page = client.get("/en" + reverse("privacy:notice"))
    row = page.content.decode().split('id="keep-uploads"')[1].split("</tr>")[0]
    assert "12 hours if never applied; 45 days after being applied" in row


def call(org: Any, title: str, *, expires_days: int, closed_days_ago: int | None = None) -> OpenCall:
    return OpenCall.objects.create(
        organization=org,
        committee=term("health"),
        kind=CallKind.NEED,
        title=title,
        contact="Maria, 690 000 0000",
        created_at=NOW - 200 * DAY,
        expires_at=NOW + expires_days * DAY,
        closed_at=None if closed_days_ago is None else NOW - closed_days_ago * DAY,
    )


def test_open_calls_lose_their_contact_30_days_after_they_closed(org: Any) -> None:
    open_call = call(org, "open", expires_days=10)
    expired_long_ago = call(org, "expired long ago", expires_days=-31)
    expired_recently = call(org, "expired recently", expires_days=-29)
    closed_long_ago = call(org, "closed by hand long ago", expires_days=20, closed_days_ago=31)
    counts = personal_data_purge(now=NOW)
    assert counts.call_contacts_cleared == 2
    contacts = dict(OpenCall.objects.values_list("pk", "contact"))
    assert contacts == {
        open_call.pk: "Maria, 690 000 0000",
        expired_long_ago.pk: "",
        expired_recently.pk: "Maria, 690 000 0000",
        closed_long_ago.pk: "",
    }
    assert OpenCall.objects.count() == 4  # the calls themselves stay
    assert personal_data_purge(now=NOW).total == 0
